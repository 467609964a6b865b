"""Everything a mutation might change in one organization, read as the table owner: a refused
mutation must leave it as it was, an allowed one must not."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Executable, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    ActivityLog,
    ApiKey,
    Connection,
    DiagramState,
    Invitation,
    Organization,
    OrganizationMember,
    Project,
    SchemaVersion,
    Subscription,
    Workspace,
    WorkspaceMember,
)


async def fingerprint(session: AsyncSession, organization_id: UUID) -> tuple[Any, ...]:
    session.expire_all()
    statements: list[Executable] = [
        select(Organization.name, Organization.deleted_at).where(Organization.id == organization_id),
        select(Workspace.id, Workspace.name, Workspace.deleted_at)
        .where(Workspace.organization_id == organization_id)
        .order_by(Workspace.id),
        select(OrganizationMember.user_id, OrganizationMember.role)
        .where(OrganizationMember.organization_id == organization_id)
        .order_by(OrganizationMember.user_id),
        select(WorkspaceMember.workspace_id, WorkspaceMember.user_id, WorkspaceMember.role)
        .where(WorkspaceMember.organization_id == organization_id)
        .order_by(WorkspaceMember.workspace_id, WorkspaceMember.user_id),
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.organization_id == organization_id, Invitation.revoked_at.is_(None)),
        select(func.count())
        .select_from(ApiKey)
        .where(ApiKey.organization_id == organization_id, ApiKey.revoked_at.is_(None)),
        select(func.count()).select_from(ActivityLog).where(ActivityLog.organization_id == organization_id),
        select(Project.id, Project.name, Project.deleted_at)
        .where(Project.organization_id == organization_id)
        .order_by(Project.id),
        select(func.count())
        .select_from(SchemaVersion)
        .where(SchemaVersion.organization_id == organization_id),
        select(DiagramState.id, DiagramState.name, DiagramState.revision, DiagramState.deleted_at)
        .where(DiagramState.organization_id == organization_id)
        .order_by(DiagramState.id),
        select(Connection.id, Connection.deleted_at, Connection.last_status)
        .where(Connection.organization_id == organization_id)
        .order_by(Connection.id),
        select(Subscription.plan_id, Subscription.pending_plan_id, Subscription.cancel_at_period_end).where(
            Subscription.organization_id == organization_id
        ),
    ]
    return tuple([tuple((await session.execute(statement)).all()) for statement in statements])
