"""Every mutation of the schema: the lowest caller that may call it, whether API keys may, and
how to arrange something for it to act on (in a fresh ``Team``).

Keys carry a workspace role and nothing more: they act with it in the workspaces they reach,
and count as VIEWERs of their organization. So organization-level changes (billing, members,
invitations, keys, the organization itself) are refused to every key, and what only a person
can do (own an organization, accept an invitation, leave, log out) too.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.models.enums import OrganizationRole, WorkspaceRole
from tests.accounts import PASSWORD, sign_up
from tests.isolation.team import SCHEMA_SOURCE, Caller, Grant, Team, one_lower

Arrange = Callable[[Team], Awaitable[dict[str, Any] | None]]


@dataclass(frozen=True)
class MutationCase:
    name: str
    input_type: str  # as written in the operation: "CreateProjectInput!"
    minimum: Grant
    arrange: Arrange
    keys: bool  # whether an API key with the minimum role may call it
    variant: str = ""  # when one mutation checks different roles by its input
    key_refusal: str = "FORBIDDEN"  # what a key gets where keys may not
    lower_sees: bool = True  # the caller one role lower sees the target (FORBIDDEN), or not (NOT_FOUND)
    people_only: bool = False  # refused to any key before the target is even looked at
    changes_tenant: bool = True  # success changes the organization's fingerprint

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    @property
    def document(self) -> str:
        return f"mutation($input: {self.input_type}) {{ {self.name}(input: $input) {{ userErrors {{ code message }} }} }}"

    @property
    def lower(self) -> Grant | None:
        return one_lower(self.minimum)

    @property
    def lower_refusal(self) -> str:
        if self.lower is Caller.ANONYMOUS:
            return "UNAUTHENTICATED"
        return "FORBIDDEN" if self.lower_sees and self.lower is not Caller.PERSON else "NOT_FOUND"

    @property
    def in_tenant(self) -> bool:
        """Acts on something of the organization: strangers to it must learn nothing."""
        return not isinstance(self.minimum, Caller)


def _fields(**make: Any) -> Arrange:
    """The input: each value as given, or made from the team when it is a callable."""

    async def arrange(team: Team) -> dict[str, Any]:
        fields = {}
        for key, value in make.items():
            made = value(team) if callable(value) else value
            fields[key] = await made if inspect.isawaitable(made) else made
        return fields

    return arrange


async def _nothing(_team: Team) -> None:
    return None


def _organization(team: Team) -> str:
    return team.organization


def _workspace(team: Team) -> str:
    return team.workspace


def _new_email(label: str) -> Callable[[Team], str]:
    return lambda _team: f"{label}-{uuid.uuid4().hex[:8]}@example.com"


async def _log_in(team: Team) -> dict[str, Any]:
    account = await sign_up(team.client, "other")
    return {"email": account.email, "password": PASSWORD}


async def _refresh(team: Team) -> dict[str, Any]:
    return {"refreshToken": (await sign_up(team.client, "other")).refresh_token}


async def _invitation_to_the_person(team: Team) -> dict[str, Any]:
    return {"token": (await team.invitation(team.person.email))["token"]}


async def _invitation(team: Team) -> str:
    return str((await team.invitation())["id"])


async def _cancelled(team: Team) -> str:
    await team.run(CANCEL, {"input": {"organizationId": team.organization}})
    return team.organization


async def _workspace_viewer(team: Team) -> str:
    return await team.member(WorkspaceRole.VIEWER)


CANCEL = "mutation($input: SubscriptionInput!) { cancelSubscription(input: $input) { userErrors { code message } } }"

ADMIN, OWNER = OrganizationRole.ADMIN, OrganizationRole.OWNER
EDITOR, WORKSPACE_ADMIN = WorkspaceRole.EDITOR, WorkspaceRole.ADMIN

CASES = [
    # Accounts and sessions: anyone, a key too; logging out is a person's.
    MutationCase(
        "signUp",
        "SignUpInput!",
        Caller.ANYONE,
        _fields(email=_new_email("new"), password=PASSWORD, displayName="New"),
        keys=True,
        changes_tenant=False,
    ),
    MutationCase("logIn", "LogInInput!", Caller.ANYONE, _log_in, keys=True, changes_tenant=False),
    MutationCase(
        "refreshSession", "RefreshSessionInput!", Caller.ANYONE, _refresh, keys=True, changes_tenant=False
    ),
    MutationCase(
        "logOut",
        "LogOutInput",
        Caller.PERSON,
        _nothing,
        keys=False,
        key_refusal="UNAUTHENTICATED",  # a key has no session to end
        changes_tenant=False,
    ),
    # What only a person does.
    MutationCase(
        "createOrganization",
        "CreateOrganizationInput!",
        Caller.PERSON,
        _fields(name="New", slug=lambda _team: f"new-{uuid.uuid4().hex[:8]}"),
        keys=False,
        people_only=True,
        changes_tenant=False,
    ),
    MutationCase(
        "acceptInvitation",
        "AcceptInvitationInput!",
        Caller.PERSON,
        _invitation_to_the_person,
        keys=False,
        people_only=True,
    ),
    MutationCase(
        "leaveOrganization",
        "LeaveOrganizationInput!",
        OrganizationRole.VIEWER,
        _fields(organizationId=_organization),
        keys=False,
        people_only=True,
    ),
    # The organization's owners and admins.
    MutationCase(
        "createApiKey",
        "CreateApiKeyInput!",
        ADMIN,
        _fields(organizationId=_organization, name="k"),
        keys=False,
    ),
    MutationCase(
        "revokeApiKey",
        "RevokeApiKeyInput!",
        ADMIN,
        _fields(apiKeyId=Team.api_key),
        keys=False,
        key_refusal="NOT_FOUND",  # keys are listed to admins only (a key sees itself)
        lower_sees=False,
    ),
    MutationCase(
        "createWorkspace",
        "CreateWorkspaceInput!",
        ADMIN,
        _fields(organizationId=_organization, name="More"),
        keys=False,
    ),
    MutationCase(
        "updateOrganization",
        "UpdateOrganizationInput!",
        ADMIN,
        _fields(organizationId=_organization, name="Renamed"),
        keys=False,
    ),
    MutationCase(
        "deleteOrganization",
        "DeleteOrganizationInput!",
        OWNER,
        _fields(organizationId=_organization),
        keys=False,
    ),
    MutationCase(
        "inviteMember",
        "InviteMemberInput!",
        ADMIN,
        _fields(organizationId=_organization, email=_new_email("invitee"), organizationRole="MEMBER"),
        keys=False,
    ),
    MutationCase(
        "revokeInvitation",
        "RevokeInvitationInput!",
        ADMIN,
        _fields(invitationId=_invitation),
        keys=False,
        key_refusal="NOT_FOUND",  # invitations (other people's email addresses) are for admins' eyes
        lower_sees=False,
    ),
    MutationCase(
        "updateMemberRole",
        "UpdateMemberRoleInput!",
        ADMIN,
        _fields(organizationId=_organization, userId=Team.member, organizationRole="VIEWER"),
        keys=False,
        variant="organization",
    ),
    MutationCase(
        "removeMember",
        "RemoveMemberInput!",
        ADMIN,
        _fields(organizationId=_organization, userId=Team.member),
        keys=False,
        variant="organization",
    ),
    MutationCase(
        "changePlan",
        "ChangePlanInput!",
        ADMIN,
        _fields(organizationId=_organization, planCode="enterprise"),
        keys=False,
    ),
    MutationCase(
        "createCheckoutSession",
        "CreateCheckoutSessionInput!",
        ADMIN,
        _fields(organizationId=_organization, planCode="enterprise"),
        keys=False,
        changes_tenant=False,  # the provider keeps the session until it completes
    ),
    MutationCase(
        "cancelSubscription", "SubscriptionInput!", ADMIN, _fields(organizationId=_organization), keys=False
    ),
    MutationCase(
        "resumeSubscription", "SubscriptionInput!", ADMIN, _fields(organizationId=_cancelled), keys=False
    ),
    # The workspace's admins: people, and keys with the ADMIN role.
    MutationCase(
        "updateWorkspace",
        "UpdateWorkspaceInput!",
        WORKSPACE_ADMIN,
        _fields(workspaceId=_workspace, name="Renamed"),
        keys=True,
    ),
    MutationCase(
        "deleteWorkspace",
        "DeleteWorkspaceInput!",
        WORKSPACE_ADMIN,
        _fields(workspaceId=_workspace),
        keys=True,
    ),
    MutationCase(
        "updateMemberRole",
        "UpdateMemberRoleInput!",
        WORKSPACE_ADMIN,
        _fields(
            organizationId=_organization,
            workspaceId=_workspace,
            userId=_workspace_viewer,
            workspaceRole="EDITOR",
        ),
        keys=True,
        variant="workspace",
    ),
    MutationCase(
        "removeMember",
        "RemoveMemberInput!",
        WORKSPACE_ADMIN,
        _fields(organizationId=_organization, workspaceId=_workspace, userId=_workspace_viewer),
        keys=True,
        variant="workspace",
    ),
    # The workspace's editors: people, and keys with the EDITOR role.
    MutationCase(
        "createProject", "CreateProjectInput!", EDITOR, _fields(workspaceId=_workspace, name="New"), keys=True
    ),
    MutationCase(
        "updateProject",
        "UpdateProjectInput!",
        EDITOR,
        _fields(projectId=Team.project, name="Renamed"),
        keys=True,
    ),
    MutationCase("deleteProject", "DeleteProjectInput!", EDITOR, _fields(projectId=Team.project), keys=True),
    MutationCase(
        "createSchemaVersion",
        "CreateSchemaVersionInput!",
        EDITOR,
        _fields(projectId=Team.project, format="SQL", source=SCHEMA_SOURCE),
        keys=True,
    ),
    # Connections point at real databases: editors only even see them.
    MutationCase(
        "createConnection",
        "CreateConnectionInput!",
        EDITOR,
        _fields(projectId=Team.project, name="db", uri=lambda team: team.database_uri),
        keys=True,
    ),
    MutationCase(
        "testConnection",
        "ConnectionIdInput!",
        EDITOR,
        _fields(connectionId=Team.connection),
        keys=True,
        lower_sees=False,
    ),
    MutationCase(
        "introspectConnection",
        "IntrospectConnectionInput!",
        EDITOR,
        _fields(connectionId=Team.connection),
        keys=True,
        lower_sees=False,
    ),
    MutationCase(
        "deleteConnection",
        "ConnectionIdInput!",
        EDITOR,
        _fields(connectionId=Team.connection),
        keys=True,
        lower_sees=False,
    ),
    MutationCase(
        "createDiagram",
        "CreateDiagramInput!",
        EDITOR,
        _fields(projectId=Team.project_with_a_version, name="Another"),
        keys=True,
    ),
    MutationCase(
        "renameDiagram",
        "RenameDiagramInput!",
        EDITOR,
        _fields(diagramId=Team.diagram, name="Renamed"),
        keys=True,
    ),
    MutationCase(
        "duplicateDiagram",
        "DuplicateDiagramInput!",
        EDITOR,
        _fields(diagramId=Team.diagram, name="Copy"),
        keys=True,
    ),
    MutationCase("rebaseDiagram", "RebaseDiagramInput!", EDITOR, _fields(diagramId=Team.diagram), keys=True),
    MutationCase("deleteDiagram", "DeleteDiagramInput!", EDITOR, _fields(diagramId=Team.diagram), keys=True),
    MutationCase(
        "updateDiagram",
        "UpdateDiagramInput!",
        EDITOR,
        _fields(diagramId=Team.diagram, baseRevision=1, viewport={"x": 1, "y": 1, "zoom": 2}),
        keys=True,
    ),
]
