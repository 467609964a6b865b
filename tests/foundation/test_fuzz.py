"""Hostile operations generated from the schema, through the real app, as the owner of a tenant
with data, as a too-low role and anonymously: no 5xx, no INTERNAL_SERVER_ERROR, no unmasked
message, nothing of the tenant for an anonymous caller, and no pool connection left checked out
after any of them.

Bounded and reproducible for CI (derandomized, no example database); ``python -m bench.fuzz``
runs the same generator longer against a real server. A failure prints the operation as sent,
after hypothesis has shrunk it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy.ext.asyncio import AsyncSession

from app.runtime import Runtime
from tests.fuzzing.fuzzer import Exchange, Fuzzer, describe, problems
from tests.fuzzing.operations import Operation, Principal, operations
from tests.fuzzing.tenant import seed_tenant
from tests.graphql_client import GraphQLClient
from tests.isolation.victim import SECRET

EXAMPLES = 200


@pytest.fixture(scope="module")
def fuzzer(client: GraphQLClient, owner_session: AsyncSession, runtime: Runtime) -> Fuzzer:
    pool = runtime.engine.pool

    async def checked_out() -> int:
        return int(pool.checkedout())  # type: ignore[attr-defined]

    return Fuzzer(client.http, seed=lambda: seed_tenant(client, owner_session), checked_out=checked_out)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(operation=operations())
async def test_generated_operations_fail_only_as_documented(fuzzer: Fuzzer, operation: Operation) -> None:
    exchange, found = await fuzzer.check(operation)
    assert not found, describe(exchange, found)


def test_the_judge_names_each_answer_that_must_never_come_back() -> None:
    """The fuzz test is only as good as its judge: each kind of answer it must catch, caught."""

    def judged(body: dict[str, Any], status: int = 200, principal: Principal = Principal.OWNER) -> list[str]:
        operation = Operation(principal, "{ viewer { id } }")
        return [
            found.split(":")[0] for found in problems(Exchange(operation, operation.document, status, body))
        ]

    def error(message: str, code: str, **fields: Any) -> dict[str, Any]:
        return {"data": None, "errors": [{"message": message, "extensions": {"code": code}, **fields}]}

    driver_text = "UniqueViolationError: duplicate key value violates unique constraint"
    assert judged({"data": {"viewer": None}}) == []
    assert judged(error("Cannot query field 'x' on type 'Query'.", "BAD_USER_INPUT")) == []
    assert judged({}, status=502) == ["HTTP 502"]
    assert judged(error("Internal server error", "INTERNAL_SERVER_ERROR", path=["viewer"])) == [
        "INTERNAL_SERVER_ERROR at [['viewer']]"
    ]
    assert judged(error("[SQL: SELECT id FROM users]", "BAD_USER_INPUT")) == ["unmasked message"]
    assert judged({"data": {"createProject": {"userErrors": [{"message": driver_text}]}}}) == [
        "unmasked message"
    ]
    assert judged({"data": {"organization": {"name": SECRET}}}, principal=Principal.ANONYMOUS) == [
        "an anonymous caller read the tenant's names"
    ]
