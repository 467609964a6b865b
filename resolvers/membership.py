"""Resolvers of membership changes. Permission extensions have already checked the caller's
role on the target; the roles read here come from the same (cached) loaders."""

from __future__ import annotations

from uuid import UUID

from app.errors import BadUserInputError
from app.models.enums import OrganizationRole, WorkspaceRole
from app.tenancy import invitations, members
from graphql_schema.context import Info
from graphql_schema.membership import (
    AcceptInvitationInput,
    AcceptInvitationPayload,
    Invitation,
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
)
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from graphql_schema.tenancy import Organization, OrganizationMember, Workspace, WorkspaceMember
from resolvers.ids import optional_id, required_id


async def _organization_role(info: Info, organization_id: UUID) -> OrganizationRole:
    role = await info.context.loaders.organization_role_by_organization_id.load(organization_id)
    assert role is not None  # the permission extension let the caller through
    return role


async def invite_member(info: Info, data: InviteMemberInput) -> InviteMemberPayload:
    context = info.context
    actor = context.actor(require_viewer(info))

    async def invite() -> invitations.IssuedInvitation:
        organization_id = required_id(data.organization_id, "Organization", "organizationId")
        return await invitations.invite_member(
            context.uow,
            actor,
            context.runtime.secret_key,
            organization_id=organization_id,
            inviter_role=await _organization_role(info, organization_id),
            terms=invitations.InvitationTerms(
                email=data.email,
                organization_role=data.organization_role,
                workspace_id=optional_id(data.workspace_id, "Workspace", "workspaceId"),
                workspace_role=data.workspace_role,
            ),
        )

    issued, errors = await run_mutation(info, invite)
    if issued is None:
        return InviteMemberPayload(invitation=None, token=None, user_errors=errors)
    return InviteMemberPayload(
        invitation=Invitation.from_row(issued.invitation), token=issued.token, user_errors=[]
    )


async def accept_invitation(info: Info, data: AcceptInvitationInput) -> AcceptInvitationPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    joined, errors = await run_mutation(
        info, lambda: invitations.accept_invitation(context.uow, actor, token=data.token)
    )
    if joined is None:
        return AcceptInvitationPayload(organization=None, workspace=None, user_errors=errors)
    organization_id, workspace_id = joined
    # Loaded after joining: RLS shows them now that the viewer is a member.
    organization = await context.loaders.organization_by_id.load(organization_id)
    workspace = await context.loaders.workspace_by_id.load(workspace_id) if workspace_id else None
    return AcceptInvitationPayload(
        organization=Organization.from_row(organization) if organization else None,
        workspace=Workspace.from_row(workspace) if workspace else None,
        user_errors=[],
    )


async def revoke_invitation(info: Info, data: RevokeInvitationInput) -> RevokeInvitationPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    invitation_id = required_id(data.invitation_id, "Invitation", "invitationId")
    row, errors = await run_mutation(
        info, lambda: invitations.revoke_invitation(context.uow, actor, invitation_id=invitation_id)
    )
    return RevokeInvitationPayload(invitation=Invitation.from_row(row) if row else None, user_errors=errors)


async def update_member_role(info: Info, data: UpdateMemberRoleInput) -> UpdateMemberRolePayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    user_id = required_id(data.user_id, "User", "userId")
    workspace_id = optional_id(data.workspace_id, "Workspace", "workspaceId")

    if workspace_id is not None:
        workspace_role = data.workspace_role

        async def change_workspace() -> WorkspaceMember:
            if workspace_role is None:
                raise BadUserInputError("Give the new workspaceRole.", field=["workspaceRole"])
            actor_role = await context.loaders.workspace_role_by_workspace_id.load(workspace_id)
            assert actor_role is not None
            row = await members.change_workspace_role(
                context.uow,
                actor,
                actor_role=actor_role,
                organization_id=organization_id,
                workspace_id=workspace_id,
                user_id=user_id,
                role=workspace_role,
            )
            return WorkspaceMember.from_row(row)

        workspace_member, errors = await run_mutation(info, change_workspace)
        return UpdateMemberRolePayload(workspace_member=workspace_member, user_errors=errors)

    organization_role = data.organization_role

    async def change_organization() -> OrganizationMember:
        if organization_role is None:
            raise BadUserInputError("Give the new organizationRole.", field=["organizationRole"])
        row = await members.change_organization_role(
            context.uow,
            actor,
            actor_role=await _organization_role(info, organization_id),
            organization_id=organization_id,
            user_id=user_id,
            role=organization_role,
        )
        return OrganizationMember.from_row(row)

    organization_member, errors = await run_mutation(info, change_organization)
    return UpdateMemberRolePayload(organization_member=organization_member, user_errors=errors)


async def remove_member(info: Info, data: RemoveMemberInput) -> RemoveMemberPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    user_id = required_id(data.user_id, "User", "userId")
    workspace_id = optional_id(data.workspace_id, "Workspace", "workspaceId")

    async def remove() -> None:
        if workspace_id is not None:
            actor_role: WorkspaceRole | None = await context.loaders.workspace_role_by_workspace_id.load(
                workspace_id
            )
            assert actor_role is not None
            await members.remove_from_workspace(
                context.uow,
                actor,
                actor_role=actor_role,
                organization_id=organization_id,
                workspace_id=workspace_id,
                user_id=user_id,
            )
        else:
            await members.remove_from_organization(
                context.uow,
                actor,
                actor_role=await _organization_role(info, organization_id),
                organization_id=organization_id,
                user_id=user_id,
            )

    _, errors = await run_mutation(info, remove)
    return RemoveMemberPayload(removed_user_id=None if errors else data.user_id, user_errors=errors)


async def leave_organization(info: Info, data: LeaveOrganizationInput) -> LeaveOrganizationPayload:
    context = info.context
    viewer = require_viewer(info)
    actor = context.actor(viewer)
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    user_id = viewer.user_id
    assert user_id is not None  # RequireSignedInUser
    _, errors = await run_mutation(
        info,
        lambda: members.remove_from_organization(
            context.uow, actor, actor_role=None, organization_id=organization_id, user_id=user_id
        ),
    )
    return LeaveOrganizationPayload(success=not errors, user_errors=errors)
