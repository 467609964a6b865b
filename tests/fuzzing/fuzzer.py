"""Sending operations as their principal and judging the answers: what must never come back
(a 5xx, INTERNAL_SERVER_ERROR, an unmasked message, the tenant's names to an anonymous caller),
and no pool connection left checked out after a request."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from tests.fuzzing.operations import Operation, Principal, resolve_ids
from tests.fuzzing.tenant import Tenant
from tests.isolation.victim import SECRET

# Whether the tenant still stands: the owner's session, and the rows most IDs hang from.
TENANT_CHECK = "query($ids: [ID!]!) { viewer { id } nodes(ids: $ids) { id } }"
CORE_TYPES = ("Organization", "Workspace", "Project")
SEND_TIMEOUT_SECONDS = 30.0
POOL_SETTLE_SECONDS = 2.0

# What a masked error never shows: our SQL, driver and ORM names, tracebacks, Python reprs,
# PostgreSQL's own messages. Messages only (never data, which echoes what the caller wrote).
UNMASKED = re.compile(
    r"Traceback|File \"|asyncpg|sqlalchemy|psycopg|\[SQL:|sqlalche\.me"
    r"|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE \S+ SET\b|\bDELETE FROM\b"
    r"|\b[A-Z]\w*(?:Error|Exception)\b|\bobject at 0x|<class '"
    r"|violates \w+ (?:key )?constraint|invalid byte sequence|current transaction is aborted"
    r"|another operation is in progress|null value in column|invalid input syntax for"
)


@dataclass(frozen=True)
class Exchange:
    """One operation as sent and what came back (``body`` is None when it was not JSON)."""

    operation: Operation
    document: str  # as sent, with the tenant's IDs
    status: int | None  # None: no answer (timed out, or the app raised)
    body: dict[str, Any] | None
    failure: str | None = None  # why there was no answer

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("errors") or [])

    @property
    def error_codes(self) -> list[str]:
        return [str((error.get("extensions") or {}).get("code")) for error in self.errors]

    def messages(self) -> Iterator[str]:
        """Every message the caller reads: GraphQL errors (with their extensions) and userErrors."""
        for error in self.errors:
            yield f"{error.get('message')} {json.dumps(error.get('extensions'))}"
        yield from user_error_messages((self.body or {}).get("data"))


def user_error_messages(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "userErrors" and isinstance(value, list):
                yield from (str(error.get("message")) for error in value if isinstance(error, dict))
            else:
                yield from user_error_messages(value)
    elif isinstance(data, list):
        for item in data:
            yield from user_error_messages(item)


def problems(exchange: Exchange) -> list[str]:
    """What must never happen, whatever the operation: empty when the answer is acceptable."""
    found = []
    if exchange.status is None:
        found.append(f"no answer: {exchange.failure}")
    elif exchange.status >= 500:
        found.append(f"HTTP {exchange.status}")
    elif exchange.body is None:
        found.append(f"HTTP {exchange.status} with a body that is not JSON")
    internal = [
        error.get("path")
        for error, code in zip(exchange.errors, exchange.error_codes, strict=True)
        if code == "INTERNAL_SERVER_ERROR"
    ]
    if internal:
        found.append(f"INTERNAL_SERVER_ERROR at {internal}")
    found.extend(
        f"unmasked message: {message[:300]!r}" for message in exchange.messages() if UNMASKED.search(message)
    )
    if (
        exchange.operation.principal is Principal.ANONYMOUS
        and exchange.body
        and SECRET in json.dumps(exchange.body)
    ):
        found.append("an anonymous caller read the tenant's names")
    return found


class Fuzzer:
    """Sends operations as their principal, keeps the tenant standing, and checks the answers.

    ``seed`` builds a fresh tenant; it is called again when an operation deleted the
    organization, workspace or project, or ended the owner's session, so that later
    operations still reach the services. ``checked_out``, when given, reads the server's pool
    after every operation (in process, where that is cheap).

    A plain class, not a dataclass: hypothesis prints a failing test's arguments field by
    field, and the tenant's tokens are no help there.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        seed: Callable[[], Awaitable[Tenant]],
        checked_out: Callable[[], Awaitable[int]] | None = None,
    ) -> None:
        self.http, self.seed, self.checked_out = http, seed, checked_out
        self.tenant: Tenant | None = None
        self.reseeded = 0

    async def check(self, operation: Operation) -> tuple[Exchange, list[str]]:
        """Sends the operation: its answer, and what was wrong with it or with the pool after it."""
        exchange = await self.send(operation)
        found = problems(exchange)
        if self.checked_out is not None and (leaked := await settled(self.checked_out)) > 0:
            found.append(
                f"{leaked} pool connection(s) still checked out {POOL_SETTLE_SECONDS:.0f} s after the answer"
            )
        if operation.principal is Principal.OWNER and operation.document.startswith("mutation"):
            await self.keep_tenant_standing()
        return exchange, found

    async def send(self, operation: Operation) -> Exchange:
        tenant = await self.current_tenant()
        document = resolve_ids(operation.document, tenant.ids)
        token = tenant.token(operation.principal)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                response = await self.http.post("/graphql", json={"query": document}, headers=headers)
        except Exception as error:  # the app raised through the test transport, or timed out
            return Exchange(operation, document, None, None, failure=repr(error))
        try:
            body = response.json()
        except ValueError:
            body = None
        return Exchange(operation, document, response.status_code, body if isinstance(body, dict) else None)

    async def current_tenant(self) -> Tenant:
        if self.tenant is None:
            self.tenant = await self.seed()
        return self.tenant

    async def keep_tenant_standing(self) -> None:
        tenant = await self.current_tenant()
        core = [tenant.ids[type_][0] for type_ in CORE_TYPES]
        response = await self.http.post(
            "/graphql",
            json={"query": TENANT_CHECK, "variables": {"ids": core}},
            headers={"Authorization": f"Bearer {tenant.victim.owner.access_token}"},
        )
        data = response.json().get("data") or {}
        if not data.get("viewer") or None in (data.get("nodes") or [None]):
            self.tenant = await self.seed()
            self.reseeded += 1


async def settled(checked_out: Callable[[], Awaitable[int]]) -> int:
    """Connections checked out once the server had a moment to finish what requests began."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + POOL_SETTLE_SECONDS
    while True:
        count = await checked_out()
        if count == 0 or loop.time() >= deadline:
            return count
        await asyncio.sleep(0.05)


def describe(exchange: Exchange, found: list[str]) -> str:
    body = json.dumps(exchange.body)[:1500] if exchange.body is not None else exchange.failure
    return (
        f"{'; '.join(found)}\nas {exchange.operation.principal.value}, sent:\n{exchange.document}\n"
        f"answer (HTTP {exchange.status}): {body}"
    )
