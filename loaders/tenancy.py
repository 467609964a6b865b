"""Loaders of the tenancy domain: organizations, workspaces, memberships, the viewer's roles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.viewer import ApiKeyScope, Viewer
from app.models import Invitation, Organization, OrganizationMember, Project, Workspace, WorkspaceMember
from app.models.enums import OrganizationRole, WorkspaceRole
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader


class OrganizationByIdLoader(RowByIdLoader[Organization]):
    model = Organization


class WorkspaceByIdLoader(RowByIdLoader[Workspace]):
    model = Workspace


class OrganizationMemberByIdLoader(RowByIdLoader[OrganizationMember]):
    model = OrganizationMember


class WorkspaceMemberByIdLoader(RowByIdLoader[WorkspaceMember]):
    model = WorkspaceMember


class ProjectByIdLoader(RowByIdLoader[Project]):
    model = Project


class InvitationByIdLoader(RowByIdLoader[Invitation]):
    model = Invitation


class OrganizationBySlugLoader(DataLoader[str, Organization | None]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, slugs: Sequence[str]) -> list[Organization | None]:
        rows = await self.session.scalars(
            select(Organization).where(Organization.slug.in_(slugs), Organization.deleted_at.is_(None))
        )
        by_slug = {row.slug: row for row in rows}
        return [by_slug.get(slug) for slug in slugs]


class OrganizationRoleByOrganizationIdLoader(DataLoader[UUID, OrganizationRole | None]):
    """The viewer's role in each organization; None where the viewer is no member. An API
    key reads its own organization as a VIEWER (what it may change is its workspace role)."""

    def __init__(self, session: AsyncSession, viewer: Viewer | None) -> None:
        super().__init__()
        self.session = session
        self.viewer_user_id = viewer.user_id if viewer else None
        self.api_key_scope = viewer.api_key_scope if viewer else None

    async def batch_load_fn(self, organization_ids: Sequence[UUID]) -> list[OrganizationRole | None]:
        if self.api_key_scope is not None:
            scope = self.api_key_scope
            return [
                OrganizationRole.VIEWER if org == scope.organization_id else None for org in organization_ids
            ]
        if self.viewer_user_id is None:
            return [None for _ in organization_ids]
        rows = await self.session.execute(
            select(OrganizationMember.organization_id, OrganizationMember.role)
            .join(Organization, Organization.id == OrganizationMember.organization_id)
            .where(
                OrganizationMember.user_id == self.viewer_user_id,
                OrganizationMember.organization_id.in_(organization_ids),
                Organization.deleted_at.is_(None),
            )
        )
        roles = {organization_id: role for organization_id, role in rows}
        return [roles.get(organization_id) for organization_id in organization_ids]


class WorkspaceRoleByWorkspaceIdLoader(DataLoader[UUID, WorkspaceRole | None]):
    """The viewer's effective role in each workspace: its own membership, or ADMIN where it
    owns or administers the organization (whichever is higher); None where it has neither.
    An API key has its role in the workspaces its scope reaches."""

    def __init__(self, session: AsyncSession, viewer: Viewer | None) -> None:
        super().__init__()
        self.session = session
        self.viewer_user_id = viewer.user_id if viewer else None
        self.api_key_scope = viewer.api_key_scope if viewer else None

    async def batch_load_fn(self, workspace_ids: Sequence[UUID]) -> list[WorkspaceRole | None]:
        if self.api_key_scope is not None:
            return await self._api_key_roles(self.api_key_scope, workspace_ids)
        if self.viewer_user_id is None:
            return [None for _ in workspace_ids]
        rows = await self.session.execute(
            select(Workspace.id, WorkspaceMember.role, OrganizationMember.role)
            .outerjoin(
                WorkspaceMember,
                and_(
                    WorkspaceMember.workspace_id == Workspace.id,
                    WorkspaceMember.user_id == self.viewer_user_id,
                ),
            )
            .outerjoin(
                OrganizationMember,
                and_(
                    OrganizationMember.organization_id == Workspace.organization_id,
                    OrganizationMember.user_id == self.viewer_user_id,
                ),
            )
            .where(Workspace.id.in_(workspace_ids), Workspace.deleted_at.is_(None))
        )
        roles = {workspace_id: effective_workspace_role(own, org) for workspace_id, own, org in rows}
        return [roles.get(workspace_id) for workspace_id in workspace_ids]

    async def _api_key_roles(
        self, scope: ApiKeyScope, workspace_ids: Sequence[UUID]
    ) -> list[WorkspaceRole | None]:
        reachable = set(
            await self.session.scalars(
                select(Workspace.id).where(
                    Workspace.id.in_(workspace_ids),
                    Workspace.organization_id == scope.organization_id,
                    Workspace.deleted_at.is_(None),
                )
            )
        )
        if scope.workspace_id is not None:
            reachable &= {scope.workspace_id}
        return [scope.role if workspace_id in reachable else None for workspace_id in workspace_ids]


def effective_workspace_role(
    own: WorkspaceRole | None, organization_role: OrganizationRole | None
) -> WorkspaceRole | None:
    inherited = (
        WorkspaceRole.ADMIN
        if organization_role is not None and organization_role.at_least(OrganizationRole.ADMIN)
        else None
    )
    candidates = [role for role in (own, inherited) if role is not None]
    return max(candidates, key=lambda role: role.rank) if candidates else None


class WorkspacesPageByOrganizationIdLoader(PageLoader):
    model = Workspace
    partition_by = Workspace.organization_id
    sort = SortKey(Workspace.created_at)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(Workspace).where(Workspace.deleted_at.is_(None))


class OrganizationMembersPageByOrganizationIdLoader(PageLoader):
    model = OrganizationMember
    partition_by = OrganizationMember.organization_id
    sort = SortKey(OrganizationMember.created_at)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(OrganizationMember)


class OrganizationsPageByUserIdLoader(PageLoader):
    """The organizations a user belongs to, in the order they joined."""

    model = Organization
    partition_by = OrganizationMember.user_id
    sort = SortKey(OrganizationMember.created_at)

    def statement(self, criteria: Any) -> Select[Any]:
        return (
            select(Organization)
            .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
            .where(Organization.deleted_at.is_(None))
        )


class WorkspaceMembersPageByWorkspaceIdLoader(PageLoader):
    model = WorkspaceMember
    partition_by = WorkspaceMember.workspace_id
    sort = SortKey(WorkspaceMember.created_at)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(WorkspaceMember)


class PendingInvitationsPageByOrganizationIdLoader(PageLoader):
    model = Invitation
    partition_by = Invitation.organization_id
    sort = SortKey(Invitation.created_at, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(Invitation).where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))


_LIKE_SPECIALS = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


class ProjectsPageByWorkspaceIdLoader(PageLoader):
    """Live projects of a workspace, by name; criteria is a search string matched anywhere
    in the name (served by the trigram index)."""

    model = Project
    partition_by = Project.workspace_id
    sort = SortKey(Project.name)

    def statement(self, criteria: Any) -> Select[Any]:
        statement = select(Project).where(Project.deleted_at.is_(None))
        if criteria:
            # ILIKE (not lower() LIKE) so that the trigram index on name serves it.
            pattern = f"%{str(criteria).translate(_LIKE_SPECIALS)}%"
            statement = statement.where(Project.name.ilike(pattern, escape="\\"))
        return statement
