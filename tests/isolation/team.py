"""The tenant of the mutation matrix: a fresh organization per test, and callers of any role in it.

Each test gets its own organization (on the Team plan) with one workspace, made through the API
by a founder, and one person who holds no role until the test grants one. Everything is named
after the isolation tests' SECRET, which no refusal may show.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import OrganizationMember, WorkspaceMember
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.node import decode_global_id, encode_global_id
from tests.accounts import Account, sign_up
from tests.factories import make_user
from tests.graphql_client import GraphQLClient
from tests.isolation.victim import SECRET
from tests.plans import upgrade

SCHEMA_SOURCE = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);"
CREATE_ORGANIZATION = "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } userErrors { code message } } }"
CREATE_WORKSPACE = "mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } userErrors { code message } } }"
CREATE_API_KEY = "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code message } } }"
CREATE_PROJECT = "mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } userErrors { code message } } }"
CREATE_VERSION = "mutation($input: CreateSchemaVersionInput!) { createSchemaVersion(input: $input) { created userErrors { code message } } }"
CREATE_CONNECTION = "mutation($input: CreateConnectionInput!) { createConnection(input: $input) { connection { id } userErrors { code message } } }"
INVITE = "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token invitation { id } userErrors { code message } } }"
DIAGRAMS = "query($id: ID!) { node(id: $id) { ... on Project { diagrams { id } } } }"


class Caller(enum.Enum):
    """Callers who hold no role in the organization."""

    ANYONE = "anyone"  # as a minimum: not even signed in
    ANONYMOUS = "anonymous"
    PERSON = "person"  # signed in, and a stranger to this organization


Grant = Caller | OrganizationRole | WorkspaceRole
RoleT = TypeVar("RoleT", OrganizationRole, WorkspaceRole)


def one_lower(grant: Grant) -> Grant | None:
    """The caller just below ``grant``: the next role down, then a member of the organization
    outside the workspace, then a stranger, then nobody signed in."""
    if isinstance(grant, Caller):
        return Caller.ANONYMOUS if grant is Caller.PERSON else None
    if isinstance(grant, WorkspaceRole):
        return _next_lower(grant, list(WorkspaceRole)) or OrganizationRole.MEMBER
    return _next_lower(grant, list(OrganizationRole)) or Caller.PERSON


def _next_lower(role: RoleT, ranked: list[RoleT]) -> RoleT | None:
    index = ranked.index(role) + 1  # declared from the most to the least powerful
    return ranked[index] if index < len(ranked) else None


def _payload(response: Any) -> dict[str, Any]:
    [payload] = (response.data or {}).values()
    assert payload is not None, response.body
    assert payload.get("userErrors", []) == [], response.body
    result: dict[str, Any] = payload
    return result


@dataclass(frozen=True)
class Team:
    client: GraphQLClient
    session: AsyncSession
    founder: Account  # the organization's owner, who arranges what the tests act on
    person: Account  # the caller under test, with no role until granted one
    organization: str  # global IDs
    workspace: str
    database_uri: str  # a real PostgreSQL that connections may dial

    @property
    def organization_id(self) -> UUID:
        return decode_global_id(self.organization)[1]

    @property
    def workspace_id(self) -> UUID:
        return decode_global_id(self.workspace)[1]

    async def run(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        """A mutation or query as the founder, which must succeed; its one root field's value."""
        return _payload(await self.client.execute(document, variables, token=self.founder.access_token))

    async def token_of(self, grant: Grant) -> str | None:
        """The person under test's token, holding ``grant`` (a workspace role comes with
        membership of the organization as a MEMBER)."""
        if grant in (Caller.ANYONE, Caller.ANONYMOUS):
            return None
        if isinstance(grant, Caller):
            return self.person.access_token
        await self.grant(decode_global_id(self.person.user_id)[1], grant)
        return self.person.access_token

    async def grant(self, user_id: UUID, grant: OrganizationRole | WorkspaceRole) -> None:
        """Memberships arranged directly, as the invitation flow has its own tests."""
        in_workspace = isinstance(grant, WorkspaceRole)
        self.session.add(
            OrganizationMember(
                organization_id=self.organization_id,
                user_id=user_id,
                role=OrganizationRole.MEMBER if in_workspace else grant,
            )
        )
        if in_workspace:
            self.session.add(
                WorkspaceMember(
                    organization_id=self.organization_id,
                    workspace_id=self.workspace_id,
                    user_id=user_id,
                    role=grant,
                )
            )
        await self.session.commit()

    async def key(self, role: WorkspaceRole, *, whole_organization: bool = False) -> str:
        """The secret of a new key with ``role``, for the workspace or the whole organization."""
        scope = {} if whole_organization else {"workspaceId": self.workspace}
        fields = {"organizationId": self.organization, "name": "ci", "role": role.name, **scope}
        secret: str = (await self.run(CREATE_API_KEY, {"input": fields}))["secret"]
        return secret

    async def member(self, workspace_role: WorkspaceRole | None = None) -> str:
        """Someone else in the organization (a MEMBER), and in the workspace with ``workspace_role``."""
        user = await make_user(self.session, "colleague")
        await self.grant(user.id, workspace_role or OrganizationRole.MEMBER)
        return encode_global_id("User", user.id)

    async def project(self) -> str:
        fields = {"workspaceId": self.workspace, "name": f"{SECRET} {uuid.uuid4().hex[:6]}"}
        project_id: str = (await self.run(CREATE_PROJECT, {"input": fields}))["project"]["id"]
        return project_id

    async def project_with_a_version(self) -> str:
        project_id = await self.project()
        fields = {"projectId": project_id, "format": "SQL", "source": SCHEMA_SOURCE}
        await self.run(CREATE_VERSION, {"input": fields})
        return project_id

    async def diagram(self) -> str:
        """The "Main" diagram that a project's first version brings."""
        project_id = await self.project_with_a_version()
        diagrams = await self.client.execute(DIAGRAMS, {"id": project_id}, token=self.founder.access_token)
        diagram_id: str = diagrams.data["node"]["diagrams"][0]["id"]
        return diagram_id

    async def connection(self) -> str:
        fields = {"projectId": await self.project(), "name": f"{SECRET} db", "uri": self.database_uri}
        connection_id: str = (await self.run(CREATE_CONNECTION, {"input": fields}))["connection"]["id"]
        return connection_id

    async def invitation(self, email: str | None = None) -> dict[str, Any]:
        """A pending invitation (to ``email``, else a new address): its ``id`` and ``token``."""
        fields = {
            "organizationId": self.organization,
            "email": email or f"{uuid.uuid4().hex[:8]}@example.com",
            "organizationRole": "MEMBER",
        }
        payload = await self.run(INVITE, {"input": fields})
        return {"id": payload["invitation"]["id"], "token": payload["token"]}

    async def api_key(self) -> str:
        fields = {"organizationId": self.organization, "name": "deploy"}
        key_id: str = (await self.run(CREATE_API_KEY, {"input": fields}))["apiKey"]["id"]
        return key_id


async def build_team(
    client: GraphQLClient, session: AsyncSession, founder: Account, database_uri: str
) -> Team:
    organization = _payload(
        await client.execute(
            CREATE_ORGANIZATION,
            {"input": {"name": SECRET, "slug": f"team-{uuid.uuid4().hex[:10]}"}},
            token=founder.access_token,
        )
    )["organization"]["id"]
    await upgrade(client, founder, organization, "team")
    workspace = _payload(
        await client.execute(
            CREATE_WORKSPACE,
            {"input": {"organizationId": organization, "name": f"{SECRET} ws"}},
            token=founder.access_token,
        )
    )["workspace"]["id"]
    person = await sign_up(client, "acting")
    return Team(client, session, founder, person, organization, workspace, database_uri)
