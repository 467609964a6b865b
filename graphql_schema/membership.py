"""GraphQL types of membership changes: invitations and the member mutations' inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode
from graphql_schema.tenancy import (
    Organization,
    OrganizationMember,
    OrganizationRoleType,
    Workspace,
    WorkspaceMember,
    WorkspaceRoleType,
)


@strawberry.type(name="Invitation", description="An invitation to join an organization (and a workspace).")
class Invitation(LoadedNode):
    loader_name = "invitation_by_id"
    id: relay.NodeID[UUID]
    email: str
    organization_role: OrganizationRoleType  # type: ignore[valid-type]
    workspace_role: WorkspaceRoleType | None  # type: ignore[valid-type]
    expires_at: datetime
    created_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: models.Invitation) -> Invitation:
        return cls(
            id=row.id,
            email=row.email,
            organization_role=row.organization_role,
            workspace_role=row.workspace_role,
            expires_at=row.expires_at,
            created_at=row.created_at,
            accepted_at=row.accepted_at,
            revoked_at=row.revoked_at,
        )


@strawberry.input
class InviteMemberInput:
    organization_id: strawberry.ID
    email: str
    organization_role: OrganizationRoleType  # type: ignore[valid-type]
    workspace_id: strawberry.ID | None = None
    workspace_role: WorkspaceRoleType | None = None  # type: ignore[valid-type]


@strawberry.type
class InviteMemberPayload:
    invitation: Invitation | None
    token: str | None = strawberry.field(
        description="Shown once: the invitee accepts with it. Only its hash is kept."
    )
    user_errors: list[UserError]


@strawberry.input
class AcceptInvitationInput:
    token: str


@strawberry.type
class AcceptInvitationPayload:
    organization: Organization | None
    workspace: Workspace | None
    user_errors: list[UserError]


@strawberry.input
class RevokeInvitationInput:
    invitation_id: strawberry.ID


@strawberry.type
class RevokeInvitationPayload:
    invitation: Invitation | None
    user_errors: list[UserError]


@strawberry.input(
    description="With workspaceId: changes the workspace role; otherwise the organization role."
)
class UpdateMemberRoleInput:
    organization_id: strawberry.ID
    user_id: strawberry.ID
    workspace_id: strawberry.ID | None = None
    organization_role: OrganizationRoleType | None = None  # type: ignore[valid-type]
    workspace_role: WorkspaceRoleType | None = None  # type: ignore[valid-type]


@strawberry.type
class UpdateMemberRolePayload:
    organization_member: OrganizationMember | None = None
    workspace_member: WorkspaceMember | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(
    description="With workspaceId: removes from that workspace only; otherwise from the organization."
)
class RemoveMemberInput:
    organization_id: strawberry.ID
    user_id: strawberry.ID
    workspace_id: strawberry.ID | None = None


@strawberry.type
class RemoveMemberPayload:
    removed_user_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.input
class LeaveOrganizationInput:
    organization_id: strawberry.ID


@strawberry.type
class LeaveOrganizationPayload:
    success: bool
    user_errors: list[UserError]


async def invitation_organization(info: Info, invitation_id: UUID) -> UUID | None:
    """From an invitation to its organization, for the permission check of revokeInvitation."""
    row = await info.context.loaders.invitation_by_id.load(invitation_id)
    return row.organization_id if row else None
