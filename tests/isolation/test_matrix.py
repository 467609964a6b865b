"""The isolation matrix: every Node type x every way to reach it x every kind of stranger.

One victim tenant holds one object of each type. Unauthenticated callers, outsiders (signed
in, member of nothing here) and too-low roles (a VIEWER of the organization, in no workspace)
must get nothing back, change nothing, and read no names of the victim in any error.

The same with row-level security alone is in ``test_rls_alone``, subscriptions in
``test_subscriptions``. Later issues add their types to ``NODE_TYPES`` and their mutations
to ``MUTATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select
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
)
from graphql_schema.node import decode_global_id
from tests.graphql_client import GraphQLClient
from tests.isolation.victim import STRANGERS, Victim, assert_no_leak

NODE_TYPES = [
    "Organization",
    "Workspace",
    "OrganizationMember",
    "Invitation",
    "ApiKey",
    "ActivityLog",
    "User",
    "Project",
    "Notification",
    "Invoice",
    "SchemaVersion",
    "DatabaseConnection",
    "DiagramState",
]
# Node types a VIEWER of the organization is allowed to see (the rest are for admins or workspace members).
VISIBLE_TO_VIEWER = {"Organization", "OrganizationMember", "User"}

Variables = Callable[[Victim], dict[str, Any]]


@dataclass(frozen=True)
class MutationCase:
    name: str
    document: str
    variables: Variables


def _input(**fields: Callable[[Victim], Any]) -> Variables:
    return lambda victim: {"input": {key: make(victim) for key, make in fields.items()}}


def _id(type_name: str) -> Callable[[Victim], str]:
    return lambda victim: victim.ids[type_name]


MUTATIONS = [
    MutationCase(
        "createWorkspace",
        "mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id } } }",
        _input(organizationId=_id("Organization"), name=lambda _: "Intruder"),
    ),
    MutationCase(
        "updateOrganization",
        "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }",
        _input(organizationId=_id("Organization"), name=lambda _: "Pwned"),
    ),
    MutationCase(
        "deleteOrganization",
        "mutation($input: DeleteOrganizationInput!) { deleteOrganization(input: $input) { deletedOrganizationId } }",
        _input(organizationId=_id("Organization")),
    ),
    MutationCase(
        "inviteMember",
        "mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }",
        _input(
            organizationId=_id("Organization"),
            email=lambda _: "spy@example.com",
            organizationRole=lambda _: "OWNER",
        ),
    ),
    MutationCase(
        "createApiKey",
        "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        _input(organizationId=_id("Organization"), name=lambda _: "stolen"),
    ),
    MutationCase(
        "updateWorkspace",
        "mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { id } } }",
        _input(workspaceId=_id("Workspace"), name=lambda _: "Pwned"),
    ),
    MutationCase(
        "deleteWorkspace",
        "mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedWorkspaceId } }",
        _input(workspaceId=_id("Workspace")),
    ),
    MutationCase(
        "revokeInvitation",
        "mutation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { invitation { id } } }",
        _input(invitationId=_id("Invitation")),
    ),
    MutationCase(
        "revokeApiKey",
        "mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id } } }",
        _input(apiKeyId=_id("ApiKey")),
    ),
    MutationCase(
        "updateMemberRole",
        "mutation($input: UpdateMemberRoleInput!) { updateMemberRole(input: $input) { organizationMember { id } } }",
        _input(organizationId=_id("Organization"), userId=_id("User"), organizationRole=lambda _: "VIEWER"),
    ),
    MutationCase(
        "createProject",
        "mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }",
        _input(workspaceId=_id("Workspace"), name=lambda _: "Intruder"),
    ),
    MutationCase(
        "updateProject",
        "mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { id } } }",
        _input(projectId=_id("Project"), name=lambda _: "Pwned"),
    ),
    MutationCase(
        "createSchemaVersion",
        "mutation($input: CreateSchemaVersionInput!) { createSchemaVersion(input: $input) { created } }",
        _input(
            projectId=_id("Project"),
            format=lambda _: "SQL",
            source=lambda _: "CREATE TABLE intruder (id int);",
        ),
    ),
    MutationCase(
        "createConnection",
        "mutation($input: CreateConnectionInput!) { createConnection(input: $input) { connection { id } } }",
        _input(
            projectId=_id("Project"), name=lambda _: "probe", uri=lambda _: "postgresql://u:p@127.0.0.1/x"
        ),
    ),
    MutationCase(
        "testConnection",
        "mutation($input: ConnectionIdInput!) { testConnection(input: $input) { ok serverVersion } }",
        _input(connectionId=_id("DatabaseConnection")),
    ),
    MutationCase(
        "introspectConnection",
        "mutation($input: IntrospectConnectionInput!) { introspectConnection(input: $input) { created } }",
        _input(connectionId=_id("DatabaseConnection")),
    ),
    MutationCase(
        "deleteConnection",
        "mutation($input: ConnectionIdInput!) { deleteConnection(input: $input) { deletedConnectionId } }",
        _input(connectionId=_id("DatabaseConnection")),
    ),
    MutationCase(
        "createDiagram",
        "mutation($input: CreateDiagramInput!) { createDiagram(input: $input) { diagram { id } } }",
        _input(projectId=_id("Project"), name=lambda _: "Intruder"),
    ),
    MutationCase(
        "updateDiagram",
        "mutation($input: UpdateDiagramInput!) { updateDiagram(input: $input) { diagram { revision } } }",
        _input(
            diagramId=_id("DiagramState"),
            baseRevision=lambda _: 1,
            viewport=lambda _: {"x": 1, "y": 1, "zoom": 2},
        ),
    ),
    MutationCase(
        "renameDiagram",
        "mutation($input: RenameDiagramInput!) { renameDiagram(input: $input) { diagram { id } } }",
        _input(diagramId=_id("DiagramState"), name=lambda _: "Pwned"),
    ),
    MutationCase(
        "duplicateDiagram",
        "mutation($input: DuplicateDiagramInput!) { duplicateDiagram(input: $input) { diagram { id } } }",
        _input(diagramId=_id("DiagramState"), name=lambda _: "Copy"),
    ),
    MutationCase(
        "rebaseDiagram",
        "mutation($input: RebaseDiagramInput!) { rebaseDiagram(input: $input) { diagram { id } } }",
        _input(diagramId=_id("DiagramState")),
    ),
    MutationCase(
        "deleteDiagram",
        "mutation($input: DeleteDiagramInput!) { deleteDiagram(input: $input) { deletedDiagramId } }",
        _input(diagramId=_id("DiagramState")),
    ),
    MutationCase(
        "deleteProject",
        "mutation($input: DeleteProjectInput!) { deleteProject(input: $input) { deletedProjectId } }",
        _input(projectId=_id("Project")),
    ),
    MutationCase(
        "changePlan",
        "mutation($input: ChangePlanInput!) { changePlan(input: $input) { billing { status } } }",
        _input(organizationId=_id("Organization"), planCode=lambda _: "enterprise"),
    ),
    MutationCase(
        "cancelSubscription",
        "mutation($input: SubscriptionInput!) { cancelSubscription(input: $input) { billing { status } } }",
        _input(organizationId=_id("Organization")),
    ),
    MutationCase(
        "removeMember",
        "mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedUserId } }",
        _input(organizationId=_id("Organization"), userId=_id("User")),
    ),
]


# A VIEWER of the organization may see some types: for those it is no stranger.
NODE_CASES = [
    (stranger, type_name)
    for stranger in STRANGERS
    for type_name in NODE_TYPES
    if not (stranger == "too_low_role" and type_name in VISIBLE_TO_VIEWER)
]


@pytest.mark.parametrize(("stranger", "type_name"), NODE_CASES)
async def test_node_and_nodes_return_null(
    client: GraphQLClient, victim: Victim, strangers: dict[str, str | None], stranger: str, type_name: str
) -> None:
    node_id = victim.ids[type_name]
    token = strangers[stranger]

    single = await client.execute("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, token=token)
    several = await client.execute(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [node_id]}, token=token
    )

    assert single.body == {"data": {"node": None}}
    assert several.body == {"data": {"nodes": [None]}}


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_nested_and_list_paths_show_nothing(
    client: GraphQLClient, victim: Victim, strangers: dict[str, str | None], stranger: str
) -> None:
    token = strangers[stranger]
    by_slug = await client.execute(
        "query($slug: String!) { organization(slug: $slug) { name workspaces { edges { node { name } } } } }",
        {"slug": victim.slug},
        token=token,
    )
    own_lists = await client.execute("{ viewer { organizations { edges { node { name } } } } }", token=token)
    version = victim.ids["SchemaVersion"]
    compared = await client.execute(
        "query($a: ID!, $b: ID!) { compareSchemaVersions(fromId: $a, toId: $b) { changes { path } } }",
        {"a": version, "b": version},
        token=token,
    )

    if stranger == "too_low_role":  # a member: sees the organization, but none of its workspaces
        assert by_slug.data["organization"]["workspaces"]["edges"] == []
    else:
        assert by_slug.body == {"data": {"organization": None}}
        assert_no_leak(own_lists.body)
    assert compared.data is None
    assert compared.error_codes == ["UNAUTHENTICATED" if stranger == "unauthenticated" else "NOT_FOUND"]
    assert_no_leak(compared.body)


@pytest.mark.parametrize("stranger", STRANGERS)
@pytest.mark.parametrize("case", MUTATIONS, ids=lambda case: case.name)
async def test_mutations_on_the_victims_objects_are_refused_and_change_nothing(
    client: GraphQLClient,
    owner_session: AsyncSession,
    victim: Victim,
    strangers: dict[str, str | None],
    stranger: str,
    case: MutationCase,
) -> None:
    before = await _fingerprint(owner_session, victim)

    response = await client.execute(case.document, case.variables(victim), token=strangers[stranger])

    expected = {"unauthenticated": "UNAUTHENTICATED", "outsider": "NOT_FOUND"}.get(stranger)
    if stranger == "too_low_role":
        # A VIEWER sees the organization (FORBIDDEN) but not admin-only objects or other workspaces (NOT_FOUND).
        assert response.error_codes in (["FORBIDDEN"], ["NOT_FOUND"])
    else:
        assert response.error_codes == [expected]
    assert response.data is None
    assert_no_leak(response.body)
    assert await _fingerprint(owner_session, victim) == before


async def _fingerprint(session: AsyncSession, victim: Victim) -> tuple[Any, ...]:
    """Everything a refused mutation might have changed in the victim tenant."""
    session.expire_all()
    org_id = decode_global_id(victim.ids["Organization"])[1]
    return (
        await session.scalar(select(Organization.name).where(Organization.id == org_id)),
        await session.scalar(select(Organization.deleted_at).where(Organization.id == org_id)),
        await session.scalar(
            select(func.count()).select_from(SchemaVersion).where(SchemaVersion.organization_id == org_id)
        ),
        tuple(
            (
                await session.execute(
                    select(Project.id, Project.name, Project.deleted_at)
                    .where(Project.organization_id == org_id)
                    .order_by(Project.id)
                )
            ).all()
        ),
        await session.scalar(
            select(func.count())
            .select_from(Workspace)
            .where(Workspace.organization_id == org_id, Workspace.deleted_at.is_(None))
        ),
        tuple(
            sorted(
                (
                    await session.execute(
                        select(OrganizationMember.user_id, OrganizationMember.role).where(
                            OrganizationMember.organization_id == org_id
                        )
                    )
                ).all()
            )
        ),
        await session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.organization_id == org_id, Invitation.revoked_at.is_(None))
        ),
        await session.scalar(
            select(func.count())
            .select_from(ApiKey)
            .where(ApiKey.organization_id == org_id, ApiKey.revoked_at.is_(None))
        ),
        await session.scalar(
            select(func.count()).select_from(ActivityLog).where(ActivityLog.organization_id == org_id)
        ),
        tuple(
            (
                await session.execute(
                    select(DiagramState.id, DiagramState.name, DiagramState.revision, DiagramState.deleted_at)
                    .where(DiagramState.organization_id == org_id)
                    .order_by(DiagramState.id)
                )
            ).all()
        ),
        tuple(
            (
                await session.execute(
                    select(Connection.id, Connection.deleted_at, Connection.last_status)
                    .where(Connection.organization_id == org_id)
                    .order_by(Connection.id)
                )
            ).all()
        ),
        tuple(
            (
                await session.execute(
                    select(
                        Subscription.plan_id, Subscription.pending_plan_id, Subscription.cancel_at_period_end
                    ).where(Subscription.organization_id == org_id)
                )
            ).all()
        ),
    )
