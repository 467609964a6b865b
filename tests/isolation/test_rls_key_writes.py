"""API keys' writes with row-level security alone: raw SQL as the runtime role, acting as a key.
A key writes with its role, in the workspaces its scope reaches, while it is live; no further."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.db.session import TenantContext
from app.identity.tokens import utcnow
from app.models import ApiKey, Workspace
from app.models.enums import WorkspaceRole
from app.runtime import Runtime
from tests.factories import Tenant, make_tenant, unique

INSUFFICIENT_PRIVILEGE = "42501"  # what PostgreSQL raises when a row breaks a policy


async def _key(
    session: AsyncSession, tenant: Tenant, role: WorkspaceRole | None, **state: object
) -> uuid.UUID:
    key = ApiKey(
        organization_id=tenant.organization.id,
        name="ci",
        prefix=uuid.uuid4().hex[:10],
        key_hash=uuid.uuid4().hex,
        role=role,
        **state,
    )
    session.add(key)
    await session.commit()
    return key.id


async def _as_key(
    runtime: Runtime, key_id: uuid.UUID, tenant: Tenant, workspace_id: uuid.UUID
) -> tuple[str | None, bool]:
    """The key's role in the workspace as the database sees it, and whether it may add a project
    there (rolled back either way)."""
    async with runtime.engine.connect() as connection:
        transaction = await connection.begin()
        try:
            await connection.execute(
                text(
                    "SELECT set_config('vizora.user_id', '', true), set_config('vizora.api_key_id', :key, true)"
                ),
                {"key": TenantContext(api_key_id=key_id).as_settings()["api_key_id"]},
            )
            role = await connection.scalar(text("SELECT vizora.workspace_role(:w)"), {"w": workspace_id})
            return role, await _may_add_a_project(connection, tenant.organization.id, workspace_id)
        finally:
            await transaction.rollback()


async def _may_add_a_project(
    connection: AsyncConnection, organization_id: uuid.UUID, workspace_id: uuid.UUID
) -> bool:
    try:
        async with connection.begin_nested():
            await connection.execute(
                text(
                    "INSERT INTO projects (id, organization_id, workspace_id, name, slug) "
                    "VALUES (gen_random_uuid(), :o, :w, :name, :name)"
                ),
                {"o": organization_id, "w": workspace_id, "name": unique("p")},
            )
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        return False
    return True


@pytest.fixture(scope="module")
async def tenant(owner_session: AsyncSession) -> Tenant:
    return await make_tenant(owner_session, "keyed")


@pytest.fixture(scope="module")
async def second_workspace(owner_session: AsyncSession, tenant: Tenant) -> uuid.UUID:
    workspace = Workspace(organization_id=tenant.organization.id, name="second", slug=unique("ws"))
    owner_session.add(workspace)
    await owner_session.commit()
    return workspace.id


@pytest.mark.parametrize("role", [WorkspaceRole.OWNER, WorkspaceRole.ADMIN, WorkspaceRole.EDITOR])
async def test_a_key_writes_with_its_role_in_its_workspace_and_not_in_another(
    runtime: Runtime,
    owner_session: AsyncSession,
    tenant: Tenant,
    second_workspace: uuid.UUID,
    role: WorkspaceRole,
) -> None:
    key = await _key(owner_session, tenant, role, workspace_id=tenant.workspace.id)

    assert await _as_key(runtime, key, tenant, tenant.workspace.id) == (role.value, True)
    assert await _as_key(runtime, key, tenant, second_workspace) == (None, False)


async def test_a_key_of_the_organization_writes_in_every_workspace(
    runtime: Runtime, owner_session: AsyncSession, tenant: Tenant, second_workspace: uuid.UUID
) -> None:
    key = await _key(owner_session, tenant, WorkspaceRole.EDITOR)

    assert await _as_key(runtime, key, tenant, tenant.workspace.id) == ("editor", True)
    assert await _as_key(runtime, key, tenant, second_workspace) == ("editor", True)


@pytest.mark.parametrize(
    ("role", "state"),
    [
        (WorkspaceRole.VIEWER, {}),
        (None, {}),  # a key without a role reads, as the API treats it
        (WorkspaceRole.EDITOR, {"revoked_at": utcnow()}),
        (WorkspaceRole.EDITOR, {"expires_at": utcnow() - timedelta(seconds=1)}),
    ],
    ids=["viewer", "no_role", "revoked", "expired"],
)
async def test_a_reading_or_dead_key_writes_nothing(
    runtime: Runtime,
    owner_session: AsyncSession,
    tenant: Tenant,
    role: WorkspaceRole | None,
    state: dict[str, object],
) -> None:
    key = await _key(owner_session, tenant, role, **state)

    expected_role = "viewer" if not state else None
    assert await _as_key(runtime, key, tenant, tenant.workspace.id) == (expected_role, False)


async def test_a_key_of_another_organization_has_no_role_here(
    runtime: Runtime, owner_session: AsyncSession, tenant: Tenant
) -> None:
    elsewhere = await make_tenant(owner_session, "elsewhere")
    key = await _key(owner_session, elsewhere, WorkspaceRole.OWNER)

    assert await _as_key(runtime, key, tenant, tenant.workspace.id) == (None, False)
