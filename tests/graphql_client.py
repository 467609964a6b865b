"""A small GraphQL-over-HTTP client for tests: real requests through the ASGI app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from app.db.statements import counting_statements


@dataclass
class GraphQLResponse:
    status_code: int
    body: dict[str, Any]
    headers: httpx.Headers
    statements: int
    sql: list[str]  # what those statements were

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def error_codes(self) -> list[str]:
        return [error.get("extensions", {}).get("code") for error in self.errors]


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        operation_name: str | None = None,
    ) -> GraphQLResponse:
        payload: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name:
            payload["operationName"] = operation_name
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with counting_statements() as statements:
            response = await self.http.post("/graphql", json=payload, headers=headers)
        return GraphQLResponse(
            response.status_code, response.json(), response.headers, statements.value, statements.statements
        )
