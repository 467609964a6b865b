"""Row-level security really applies: the runtime role is powerless on its own, and raw
SQL under one user's context sees nothing of another tenant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.config import Settings
from app.db.bootstrap import DatabaseTargets
from app.db.session import ANONYMOUS, TenantContext, UnitOfWork
from app.db.urls import RUNTIME_ROLE
from app.runtime import Runtime, open_runtime
from tests.database import TEST_SECRET_KEY
from tests.factories import Tenant, make_tenant

TENANT_TABLES = ("organizations", "workspaces", "projects", "organization_members", "workspace_members")


@pytest.fixture(scope="module")
async def alice(owner_session: AsyncSession) -> Tenant:
    return await make_tenant(owner_session, "alice")


@pytest.fixture(scope="module")
async def bob(owner_session: AsyncSession) -> Tenant:
    return await make_tenant(owner_session, "bob")


@asynccontextmanager
async def _as_user(runtime: Runtime, user_id: UUID | None) -> AsyncIterator[AsyncConnection]:
    async with runtime.engine.connect() as connection, connection.begin():
        await connection.execute(
            text("SELECT set_config('vizora.user_id', :user_id, true)"),
            {"user_id": str(user_id) if user_id else ""},
        )
        yield connection


async def _visible_ids(runtime: Runtime, user_id: UUID | None, table: str) -> set[UUID]:
    async with _as_user(runtime, user_id) as connection:
        return set((await connection.scalars(text(f"SELECT id FROM {table}"))).all())


async def test_runtime_role_is_neither_superuser_nor_owner_nor_bypassing_rls(runtime: Runtime) -> None:
    async with runtime.engine.connect() as connection:
        role = (
            await connection.execute(
                text(
                    "SELECT current_user, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb "
                    "FROM pg_roles WHERE rolname = current_user"
                )
            )
        ).one()
        owned_tables = await connection.scalar(
            text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        )
    assert role == (RUNTIME_ROLE, False, False, False, False)
    assert owned_tables == 0


async def test_every_table_has_row_level_security_enabled_and_forced(owner_session: AsyncSession) -> None:
    unprotected = (
        await owner_session.scalars(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'alembic_version' "
                "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"
            )
        )
    ).all()
    assert unprotected == []


@pytest.mark.parametrize("table", TENANT_TABLES)
async def test_raw_sql_as_one_user_sees_only_their_tenant(
    runtime: Runtime, alice: Tenant, bob: Tenant, table: str
) -> None:
    alice_sees = await _visible_ids(runtime, alice.user.id, table)
    bob_sees = await _visible_ids(runtime, bob.user.id, table)

    assert alice_sees
    assert bob_sees
    assert alice_sees.isdisjoint(bob_sees)


async def test_raw_sql_sees_exactly_the_own_rows(runtime: Runtime, alice: Tenant, bob: Tenant) -> None:
    assert await _visible_ids(runtime, alice.user.id, "organizations") == {alice.organization.id}
    assert await _visible_ids(runtime, alice.user.id, "projects") == {alice.project.id}
    assert await _visible_ids(runtime, alice.user.id, "users") == {alice.user.id}


@pytest.mark.parametrize("table", [*TENANT_TABLES, "users"])
async def test_raw_sql_without_context_sees_nothing(runtime: Runtime, alice: Tenant, table: str) -> None:
    assert await _visible_ids(runtime, None, table) == set()


async def test_runtime_role_cannot_write_into_another_tenant(
    runtime: Runtime, alice: Tenant, bob: Tenant
) -> None:
    async with _as_user(runtime, alice.user.id) as connection:
        updated = await connection.execute(
            text("UPDATE projects SET name = 'pwned' WHERE id = :id"), {"id": bob.project.id}
        )
        assert updated.rowcount == 0
        with pytest.raises(Exception, match="row-level security"):
            await connection.execute(
                text(
                    "INSERT INTO projects (organization_id, workspace_id, name, slug) "
                    "VALUES (:org, :ws, 'intruder', 'intruder')"
                ),
                {"org": bob.organization.id, "ws": bob.workspace.id},
            )


async def test_runtime_role_cannot_rewrite_history(runtime: Runtime, alice: Tenant) -> None:
    async with _as_user(runtime, alice.user.id) as connection:
        with pytest.raises(Exception, match="permission denied"):
            await connection.execute(text("UPDATE schema_versions SET label = 'rewritten'"))


async def test_context_does_not_survive_the_transaction_on_a_pooled_connection(
    settings: Settings, database: DatabaseTargets, alice: Tenant
) -> None:
    one_connection = settings.model_copy(update={"db_pool_size": 1, "db_max_overflow": 0})
    single = open_runtime(one_connection, TEST_SECRET_KEY, database)
    try:
        first = UnitOfWork(single.sessionmaker, TenantContext(user_id=alice.user.id))
        first_backend = await first.session.scalar(text("SELECT pg_backend_pid()"))
        seen_by_alice = (await first.session.scalars(text("SELECT id FROM organizations"))).all()
        await first.close()

        second = UnitOfWork(single.sessionmaker, ANONYMOUS)
        second_backend = await second.session.scalar(text("SELECT pg_backend_pid()"))
        seen_next = (await second.session.scalars(text("SELECT id FROM organizations"))).all()
        leftover = await second.session.scalar(text("SELECT current_setting('vizora.user_id', true)"))
        await second.close()
    finally:
        await single.close()

    assert seen_by_alice == [alice.organization.id]
    assert second_backend == first_backend  # the very same pooled connection
    assert seen_next == []
    assert leftover == ""
