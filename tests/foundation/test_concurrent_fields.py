"""Fields of one operation resolve concurrently on one unit of work. When one of them fails
while a sibling is still querying, the operation must end only after the sibling has stopped,
and the connection must go back to the pool clean: no transaction left open, no identity of
the caller carried into the next request."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import InterfaceError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.session import ANONYMOUS, UnitOfWork
from app.models import ActivityLog
from app.runtime import Runtime
from tests.accounts import sign_up
from tests.factories import unique
from tests.graphql_client import GraphQLClient
from tests.tenancy.test_organizations import create_organization
from tests.ws_client import TRANSPORT_WS, GraphQLSocket, signed_in

RENAME_ORGANIZATION = """
mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name } userErrors { code } }
}
"""
FAILING_BESIDE_A_QUERYING_SIBLING = """
{ viewer { organizations(first: 5) { edges { node { name workspaces(first: 5) { totalCount } } } } }
  compareSchemaVersions(fromId: "!!!", toId: "!!!") { fromVersion { id } } }
"""
VIEWER_ORGANIZATIONS = "{ viewer { organizations(first: 5) { totalCount edges { node { id } } } } }"


async def idle_in_transaction(owner_session: AsyncSession) -> int:
    count = await owner_session.scalar(
        text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
        )
    )
    return int(count or 0)


async def test_a_failing_field_beside_a_querying_sibling_leaves_the_pool_clean(
    client: GraphQLClient, runtime: Runtime, owner_session: AsyncSession
):
    caller, other = await sign_up(client, "caller"), await sign_up(client, "other")
    await create_organization(client, caller)
    others = await create_organization(client, other)

    failing = await asyncio.gather(
        *(client.execute(FAILING_BESIDE_A_QUERYING_SIBLING, token=caller.access_token) for _ in range(50))
    )
    followers = await asyncio.gather(
        *(client.execute(VIEWER_ORGANIZATIONS, token=other.access_token) for _ in range(50))
    )

    assert {response.status_code for response in failing} == {200}
    assert {tuple(response.error_codes) for response in failing} == {("BAD_USER_INPUT",)}
    assert {response.status_code for response in followers} == {200}
    assert all(response.errors == [] for response in followers), followers[0].body
    assert {
        tuple(edge["node"]["id"] for edge in response.data["viewer"]["organizations"]["edges"])
        for response in followers
    } == {(others["id"],)}
    assert runtime.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert await idle_in_transaction(owner_session) == 0


async def test_fields_that_both_open_the_first_connection_take_turns(client: GraphQLClient):
    """Anonymous, nothing has opened the request's connection yet: both batches would."""
    owner = await sign_up(client, "turns")
    organization_id = (await create_organization(client, owner))["id"]

    response = await client.execute(
        "query ($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }",
        {"a": owner.user_id, "b": organization_id},
    )

    assert response.body == {"data": {"a": None, "b": None}}


async def test_a_rollback_waits_for_the_query_running_on_the_requests_session(runtime: Runtime):
    uow = UnitOfWork(runtime.sessionmaker, ANONYMOUS)
    try:
        sleeping = asyncio.create_task(uow.session.execute(text("SELECT pg_sleep(0.3)")))
        await asyncio.sleep(0.1)
        await uow.rollback()  # takes its turn after the query instead of failing beside it
        await sleeping
        assert await uow.session.scalar(text("SELECT 1")) == 1
    finally:
        await uow.close()
    assert runtime.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_operations_on_one_socket_each_finish_their_own_unit_of_work(
    client: GraphQLClient,
    runtime: Runtime,
    live_server: str,
    owner_session: AsyncSession,
):
    """graphql-transport-ws runs queries and mutations too (legacy graphql-ws only subscribes)."""
    caller = await sign_up(client, "socket")
    organization_id = (await create_organization(client, caller))["id"]
    names = [unique("Renamed") for _ in range(10)]

    async with signed_in(live_server, caller.access_token, TRANSPORT_WS) as socket:
        renaming = [
            await socket.subscribe(
                RENAME_ORGANIZATION, {"input": {"organizationId": organization_id, "name": name}}
            )
            for name in names
        ]
        failing = [await socket.subscribe(FAILING_BESIDE_A_QUERYING_SIBLING) for _ in range(10)]
        answers = await first_answers(socket, len(renaming) + len(failing))

    assert [answers[key]["payload"] for key in renaming] == [
        {"data": {"updateOrganization": {"organization": {"name": name}, "userErrors": []}}} for name in names
    ]
    assert {
        error["extensions"]["code"] for key in failing for error in answers[key]["payload"]["errors"]
    } == {"BAD_USER_INPUT"}
    # Each rename committed on its own: ten audit entries, whatever order they ran in.
    renames = await owner_session.scalar(
        select(func.count())
        .select_from(ActivityLog)
        .where(ActivityLog.action == "organization.update", ActivityLog.details["name"].astext.in_(names))
    )
    assert renames == len(names)
    assert runtime.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert await idle_in_transaction(owner_session) == 0


async def first_answers(socket: GraphQLSocket, count: int) -> dict[str, dict[str, Any]]:
    """The first data (or error) message of each of ``count`` operations, by operation id."""
    answers: dict[str, dict[str, Any]] = {}
    while len(answers) < count:
        message = await socket.next()
        if message["type"] in ("next", "data", "error"):
            answers.setdefault(message["id"], message)
    return answers


async def test_a_connection_that_cannot_be_reset_is_discarded_not_reused(
    runtime: Runtime, owner_session: AsyncSession
):
    # A plain session, not the requests' serial one: it lets a rollback meet a running query,
    # which is how a connection's transaction outlives a failed reset. The pool must catch it.
    session = AsyncSession(runtime.engine)
    backend = await session.scalar(text("SELECT pg_backend_pid()"))
    sleeping = asyncio.create_task(session.execute(text("SELECT pg_sleep(1)")))
    await asyncio.sleep(0.2)

    with pytest.raises(InterfaceError, match="another operation is in progress"):
        await session.rollback()
    await session.close()
    sleeping.cancel()
    with contextlib.suppress(BaseException):
        await sleeping

    after = UnitOfWork(runtime.sessionmaker, ANONYMOUS)
    try:
        assert await after.session.scalar(text("SELECT pg_backend_pid()")) != backend
    finally:
        await after.close()
    assert runtime.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    # Closed for good: the backend ends once its sleep does (a pooled one would stay, idle).
    assert await backend_gone(owner_session, backend, within_seconds=10)


async def backend_gone(owner_session: AsyncSession, pid: int, within_seconds: float) -> bool:
    deadline = asyncio.get_running_loop().time() + within_seconds
    while asyncio.get_running_loop().time() < deadline:
        count = await owner_session.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        )
        await owner_session.rollback()  # a fresh snapshot of pg_stat_activity each time
        if count == 0:
            return True
        await asyncio.sleep(0.1)
    return False
