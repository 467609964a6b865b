"""Invitations and member management."""

from __future__ import annotations

import strawberry

import resolvers.membership
from app.models.enums import OrganizationRole
from graphql_schema.context import Info
from graphql_schema.membership import (
    AcceptInvitationInput,
    AcceptInvitationPayload,
    InviteMemberInput,
    InviteMemberPayload,
    LeaveOrganizationInput,
    LeaveOrganizationPayload,
    RemoveMemberInput,
    RemoveMemberPayload,
    RevokeInvitationInput,
    RevokeInvitationPayload,
    UpdateMemberRoleInput,
    UpdateMemberRolePayload,
    invitation_organization,
)
from graphql_schema.permissions import (
    RequireMembershipAdmin,
    RequireOrganizationRole,
    RequireSignedInUser,
)


@strawberry.type
class MembershipMutation:
    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Invite by email; re-inviting replaces the pending invitation. Returns the token once.",
    )
    async def invite_member(self, info: Info, input: InviteMemberInput) -> InviteMemberPayload:
        return await resolvers.membership.invite_member(info, input)

    @strawberry.mutation(
        extensions=[RequireSignedInUser()],
        description="Join with an invitation token; only the invited email's account can, and only once.",
    )
    async def accept_invitation(self, info: Info, input: AcceptInvitationInput) -> AcceptInvitationPayload:
        return await resolvers.membership.accept_invitation(info, input)

    @strawberry.mutation(
        extensions=[
            RequireOrganizationRole(
                OrganizationRole.ADMIN,
                from_input="invitation_id",
                via=("Invitation", invitation_organization),
            )
        ]
    )
    async def revoke_invitation(self, info: Info, input: RevokeInvitationInput) -> RevokeInvitationPayload:
        return await resolvers.membership.revoke_invitation(info, input)

    @strawberry.mutation(
        extensions=[RequireMembershipAdmin()],
        description="Nobody grants or changes a role above their own; "
        "an organization keeps at least one owner.",
    )
    async def update_member_role(self, info: Info, input: UpdateMemberRoleInput) -> UpdateMemberRolePayload:
        return await resolvers.membership.update_member_role(info, input)

    @strawberry.mutation(extensions=[RequireMembershipAdmin()])
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberPayload:
        return await resolvers.membership.remove_member(info, input)

    @strawberry.mutation(
        extensions=[
            RequireOrganizationRole(OrganizationRole.VIEWER, from_input="organization_id"),
            # Checked first (the last extension runs outermost): a key has no membership to leave.
            RequireSignedInUser(),
        ]
    )
    async def leave_organization(self, info: Info, input: LeaveOrganizationInput) -> LeaveOrganizationPayload:
        return await resolvers.membership.leave_organization(info, input)
