"""GraphQL types of the tenancy domain: organizations, workspaces and their members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from app.errors import NotFoundError
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.connection import Connection
from graphql_schema.context import Info
from graphql_schema.node import LoadedNode
from graphql_schema.permissions import RequireOrganizationRole, RequireWorkspaceRole
from resolvers.pagination import load_connection

if TYPE_CHECKING:
    from graphql_schema.api_keys import ApiKey
    from graphql_schema.audit import ActivityLog
    from graphql_schema.billing import Invoice, OrganizationBilling, UsageMetric
    from graphql_schema.identity import User
    from graphql_schema.membership import Invitation
    from graphql_schema.projects import Project

OrganizationRoleType = strawberry.enum(OrganizationRole, name="OrganizationRole")
WorkspaceRoleType = strawberry.enum(WorkspaceRole, name="WorkspaceRole")
UserType = Annotated["User", strawberry.lazy("graphql_schema.identity")]
InvitationType = Annotated["Invitation", strawberry.lazy("graphql_schema.membership")]
ApiKeyType = Annotated["ApiKey", strawberry.lazy("graphql_schema.api_keys")]
ActivityLogType = Annotated["ActivityLog", strawberry.lazy("graphql_schema.audit")]
ProjectType = Annotated["Project", strawberry.lazy("graphql_schema.projects")]
OrganizationBillingType = Annotated["OrganizationBilling", strawberry.lazy("graphql_schema.billing")]
UsageMetricType = Annotated["UsageMetric", strawberry.lazy("graphql_schema.billing")]
InvoiceType = Annotated["Invoice", strawberry.lazy("graphql_schema.billing")]
RowT = TypeVar("RowT")


def visible(row: RowT | None) -> RowT:
    """A parent or related row the viewer can see whenever it sees the child (a member of an
    organization it belongs to, say); missing only if that invariant broke."""
    if row is None:
        raise NotFoundError("A related object is not visible.")
    return row


@strawberry.type(name="Organization", description="A tenant: it owns workspaces and pays for Vizora.")
class Organization(LoadedNode):
    loader_name = "organization_by_id"
    id: relay.NodeID[UUID]
    name: str
    slug: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Organization) -> Organization:
        return cls(id=row.id, name=row.name, slug=row.slug, created_at=row.created_at)

    @strawberry.field(description="Your role here; null when you are not a member.")
    async def viewer_role(self, info: Info) -> OrganizationRoleType | None:  # type: ignore[valid-type]
        return await info.context.loaders.organization_role_by_organization_id.load(self.id)

    @strawberry.field(extensions=[RequireOrganizationRole(OrganizationRole.VIEWER)])
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[OrganizationMember]:
        loader = info.context.loaders.organization_members_page_by_organization_id
        return await load_connection(
            info, loader, self.id, OrganizationMember.from_row, first=first, after=after
        )

    @strawberry.field(
        description="The workspaces you can open: all of them for owners and admins, else your own.",
        extensions=[RequireOrganizationRole(OrganizationRole.VIEWER)],
    )
    async def workspaces(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Workspace]:
        loader = info.context.loaders.workspaces_page_by_organization_id
        return await load_connection(info, loader, self.id, Workspace.from_row, first=first, after=after)

    @strawberry.field(
        description="Plan and subscription status; for owners and admins.",
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)],
    )
    async def billing(self, info: Info) -> OrganizationBillingType:
        from graphql_schema.billing import OrganizationBilling

        row = await info.context.loaders.subscription_by_organization_id.load(self.id)
        return OrganizationBilling.from_row(visible(row))

    @strawberry.field(
        description="Use of each metric the plan limits, this period; for every member.",
        extensions=[RequireOrganizationRole(OrganizationRole.VIEWER)],
    )
    async def usage(self, info: Info) -> list[UsageMetricType]:
        from graphql_schema.billing import UsageMetric

        return [
            UsageMetric.from_usage(item)
            for item in await info.context.loaders.usage_by_organization_id.load(self.id)
        ]

    @strawberry.field(
        description="Invoices, newest first; for owners and admins.",
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)],
    )
    async def invoices(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[InvoiceType]:
        from graphql_schema.billing import Invoice

        loader = info.context.loaders.invoices_page_by_organization_id
        return await load_connection(info, loader, self.id, Invoice.from_row, first=first, after=after)

    @strawberry.field(
        description="What happened in this organization, newest first.",
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)],
    )
    async def activity(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActivityLogType]:
        from graphql_schema.audit import ActivityLog

        loader = info.context.loaders.activity_logs_page_by_organization_id
        return await load_connection(info, loader, self.id, ActivityLog.from_row, first=first, after=after)

    @strawberry.field(
        description="API keys, newest first (revoked ones too).",
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)],
    )
    async def api_keys(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApiKeyType]:
        from graphql_schema.api_keys import ApiKey

        loader = info.context.loaders.api_keys_page_by_organization_id
        return await load_connection(info, loader, self.id, ApiKey.from_row, first=first, after=after)

    @strawberry.field(
        description="Pending invitations, newest first.",
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)],
    )
    async def invitations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[InvitationType]:
        from graphql_schema.membership import Invitation

        loader = info.context.loaders.pending_invitations_page_by_organization_id
        return await load_connection(info, loader, self.id, Invitation.from_row, first=first, after=after)


@strawberry.type(name="OrganizationMember", description="A person's membership of an organization.")
class OrganizationMember(LoadedNode):
    loader_name = "organization_member_by_id"
    id: relay.NodeID[UUID]
    role: OrganizationRoleType  # type: ignore[valid-type]
    joined_at: datetime
    user_id: strawberry.Private[UUID]
    organization_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.OrganizationMember) -> OrganizationMember:
        return cls(
            id=row.id,
            role=row.role,
            joined_at=row.created_at,
            user_id=row.user_id,
            organization_id=row.organization_id,
        )

    @strawberry.field
    async def user(self, info: Info) -> UserType:
        from graphql_schema.identity import User

        return User.from_row(visible(await info.context.loaders.user_by_id.load(self.user_id)))

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return Organization.from_row(
            visible(await info.context.loaders.organization_by_id.load(self.organization_id))
        )


@strawberry.type(name="Workspace", description="Where a team keeps its projects.")
class Workspace(LoadedNode):
    loader_name = "workspace_by_id"
    id: relay.NodeID[UUID]
    name: str
    slug: str
    description: str | None
    created_at: datetime
    organization_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.Workspace) -> Workspace:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            description=row.description,
            created_at=row.created_at,
            organization_id=row.organization_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return Organization.from_row(
            visible(await info.context.loaders.organization_by_id.load(self.organization_id))
        )

    @strawberry.field(description="Your effective role here; null when you have none.")
    async def viewer_role(self, info: Info) -> WorkspaceRoleType | None:  # type: ignore[valid-type]
        return await info.context.loaders.workspace_role_by_workspace_id.load(self.id)

    @strawberry.field(
        description="Live projects by name; search matches any part of the name.",
        extensions=[RequireWorkspaceRole(WorkspaceRole.VIEWER)],
    )
    async def projects(
        self, info: Info, first: int | None = None, after: str | None = None, search: str | None = None
    ) -> Connection[ProjectType]:
        from graphql_schema.projects import Project

        loader = info.context.loaders.projects_page_by_workspace_id
        criteria = search.strip() or None if search else None
        return await load_connection(
            info, loader, self.id, Project.from_row, first=first, after=after, criteria=criteria
        )

    @strawberry.field(extensions=[RequireWorkspaceRole(WorkspaceRole.VIEWER)])
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[WorkspaceMember]:
        loader = info.context.loaders.workspace_members_page_by_workspace_id
        return await load_connection(
            info, loader, self.id, WorkspaceMember.from_row, first=first, after=after
        )


@strawberry.type(name="WorkspaceMember", description="A person's membership of a workspace.")
class WorkspaceMember(LoadedNode):
    loader_name = "workspace_member_by_id"
    id: relay.NodeID[UUID]
    role: WorkspaceRoleType  # type: ignore[valid-type]
    joined_at: datetime
    user_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.WorkspaceMember) -> WorkspaceMember:
        return cls(id=row.id, role=row.role, joined_at=row.created_at, user_id=row.user_id)

    @strawberry.field
    async def user(self, info: Info) -> UserType:
        from graphql_schema.identity import User

        return User.from_row(visible(await info.context.loaders.user_by_id.load(self.user_id)))
