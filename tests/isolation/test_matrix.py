"""The isolation matrix: every Node type x every way to reach it x every kind of stranger.

One victim tenant holds one object of each type. Unauthenticated callers, outsiders (signed
in, member of nothing here) and too-low roles (a VIEWER of the organization, in no workspace)
must get nothing back, change nothing, and read no names of the victim in any error.

Later issues add their types to ``NODE_TYPES`` and their mutations to ``MUTATIONS``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from app.db.session import TenantContext
from app.ingest.model import SchemaModel, content_hash, to_json
from app.models import (
    ActivityLog,
    ApiKey,
    Connection,
    DiagramState,
    Invitation,
    Invoice,
    Notification,
    Organization,
    OrganizationMember,
    Project,
    SchemaVersion,
    Subscription,
    Workspace,
)
from app.models.enums import NotificationKind, SchemaSourceFormat, SqlDialect
from app.runtime import Runtime
from graphql_schema.node import decode_global_id, encode_global_id
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade
from tests.tenancy.test_membership import ACCEPT, invite, sign_up_as
from tests.tenancy.test_organizations import CREATE_WORKSPACE
from tests.ws_client import TRANSPORT_WS, signed_in, ws_url

SECRET = f"Zanzibar{uuid.uuid4().hex[:6]}"  # a name that must never leak


@dataclass(frozen=True)
class Victim:
    owner: Account
    viewer: Account  # an organization VIEWER, member of no workspace
    ids: dict[str, str]  # Node type -> global ID
    slug: str


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


@pytest.fixture(scope="module")
async def victim(client: GraphQLClient, owner_session: AsyncSession) -> Victim:
    owner = await sign_up(client, "victim")
    organization = (
        await client.execute(
            "mutation($slug: String!, $name: String!) { createOrganization(input: { name: $name, slug: $slug }) { organization { id slug } } }",
            {"slug": f"victim-{uuid.uuid4().hex[:8]}", "name": SECRET},
            token=owner.access_token,
        )
    ).data["createOrganization"]["organization"]
    workspace = (
        await client.execute(
            CREATE_WORKSPACE,
            {"organizationId": organization["id"], "name": f"{SECRET} ws"},
            token=owner.access_token,
        )
    ).data["createWorkspace"]["workspace"]
    viewer_email = f"viewer-{uuid.uuid4().hex[:6]}@example.com"
    token = (await invite(client, owner, organization["id"], viewer_email, role="VIEWER")).data[
        "inviteMember"
    ]["token"]
    viewer = await sign_up_as(client, viewer_email)
    await client.execute(ACCEPT, {"token": token}, token=viewer.access_token)
    invitation = (await invite(client, owner, organization["id"], f"pending-{SECRET}@example.com")).data[
        "inviteMember"
    ]
    api_key = (
        await client.execute(
            'mutation($id: ID!) { createApiKey(input: { organizationId: $id, name: "ci" }) { apiKey { id } } }',
            {"id": organization["id"]},
            token=owner.access_token,
        )
    ).data["createApiKey"]["apiKey"]
    org_id = decode_global_id(organization["id"])[1]
    membership = await owner_session.scalar(
        select(OrganizationMember.id).where(
            OrganizationMember.organization_id == org_id,
            OrganizationMember.user_id == decode_global_id(owner.user_id)[1],
        )
    )
    activity = await owner_session.scalar(
        select(ActivityLog.id).where(ActivityLog.organization_id == org_id).limit(1)
    )
    assert membership is not None
    assert activity is not None
    await upgrade(client, owner, organization["id"], "pro")  # an invoice to hide
    invoice = await owner_session.scalar(select(Invoice.id).where(Invoice.organization_id == org_id))
    assert invoice is not None
    workspace_id = decode_global_id(workspace["id"])[1]
    project = Project(
        organization_id=org_id, workspace_id=workspace_id, name=f"{SECRET} project", slug="secret"
    )
    notification = Notification(
        user_id=decode_global_id(owner.user_id)[1],
        organization_id=org_id,
        kind=NotificationKind.MENTION,
        title=SECRET,
    )
    owner_session.add_all([project, notification])
    await owner_session.flush()
    empty = SchemaModel(dialect=SqlDialect.POSTGRES)
    version = SchemaVersion(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        number=1,
        source_format=SchemaSourceFormat.SQL,
        raw_source=f"-- {SECRET}",
        canonical_model=to_json(empty),
        content_hash=content_hash(empty),
    )
    connection = Connection(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        name=f"{SECRET} db",
        db_type="postgresql",
        encrypted_uri=b"sealed",
        display_uri=f"postgresql://{SECRET}@db.internal:5432/prod",
    )
    owner_session.add_all([version, connection])
    await owner_session.flush()
    diagram = DiagramState(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        schema_version_id=version.id,
        name=f"{SECRET} diagram",
    )
    owner_session.add(diagram)
    await owner_session.commit()
    ids = {
        "Invoice": encode_global_id("Invoice", invoice),
        "Project": encode_global_id("Project", project.id),
        "SchemaVersion": encode_global_id("SchemaVersion", version.id),
        "DatabaseConnection": encode_global_id("DatabaseConnection", connection.id),
        "DiagramState": encode_global_id("DiagramState", diagram.id),
        "Notification": encode_global_id("Notification", notification.id),
        "Organization": organization["id"],
        "Workspace": workspace["id"],
        "OrganizationMember": encode_global_id("OrganizationMember", membership),
        "Invitation": invitation["invitation"]["id"],
        "ApiKey": api_key["id"],
        "ActivityLog": encode_global_id("ActivityLog", activity),
        "User": owner.user_id,
    }
    return Victim(owner, viewer, ids, organization["slug"])


@pytest.fixture(scope="module")
async def strangers(client: GraphQLClient, victim: Victim) -> dict[str, str | None]:
    outsider = await sign_up(client, "outsider")
    return {
        "unauthenticated": None,
        "outsider": outsider.access_token,
        "too_low_role": victim.viewer.access_token,
    }


STRANGERS = ["unauthenticated", "outsider", "too_low_role"]


def assert_no_leak(body: dict[str, Any]) -> None:
    assert SECRET not in str(body)


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


# --- The same, with row-level security alone -------------------------------------------------
# Raw SQL as the runtime role, no resolver in between: what would a resolver bug expose?

ORGANIZATION_TABLES = [
    "organizations",
    "workspaces",
    "organization_members",
    "workspace_members",
    "invitations",
    "api_keys",
    "activity_logs",
    "projects",
    "notifications",
    "invoices",
    "schema_versions",
    "connections",
    "diagram_states",
]
# Hidden from the organization's VIEWER too: admin-only, of workspaces it is not in, or someone else's.
ADMIN_ONLY_TABLES = {
    "workspaces",
    "workspace_members",
    "invitations",
    "api_keys",
    "activity_logs",
    "projects",
    "notifications",
    "invoices",
    "schema_versions",
    "connections",
    "diagram_states",
}


async def _count_as(runtime: Runtime, tenant: TenantContext, table: str, organization_id: uuid.UUID) -> int:
    column = "id" if table == "organizations" else "organization_id"
    async with runtime.engine.connect() as connection, connection.begin():
        settings = tenant.as_settings()
        await connection.execute(
            text(
                "SELECT set_config('vizora.user_id', :user, true), set_config('vizora.api_key_id', :key, true)"
            ),
            {"user": settings["user_id"], "key": settings["api_key_id"]},
        )
        count = await connection.scalar(
            text(f"SELECT count(*) FROM {table} WHERE {column} = :org"), {"org": organization_id}
        )
    return int(count or 0)


@pytest.mark.parametrize("table", ORGANIZATION_TABLES)
async def test_rls_alone_hides_the_victims_rows_from_strangers(
    client: GraphQLClient, runtime: Runtime, victim: Victim, strangers: dict[str, str | None], table: str
) -> None:
    organization_id = decode_global_id(victim.ids["Organization"])[1]
    outsider = decode_global_id(
        (await client.execute("{ viewer { id } }", token=strangers["outsider"])).data["viewer"]["id"]
    )[1]
    other_key = await _api_key_of_another_organization(client)
    viewer_member = decode_global_id(victim.viewer.user_id)[1]

    assert await _count_as(runtime, TenantContext(), table, organization_id) == 0
    assert await _count_as(runtime, TenantContext(user_id=outsider), table, organization_id) == 0
    assert await _count_as(runtime, TenantContext(api_key_id=other_key), table, organization_id) == 0
    if table in ADMIN_ONLY_TABLES:
        assert await _count_as(runtime, TenantContext(user_id=viewer_member), table, organization_id) == 0
    assert (
        await _count_as(
            runtime, TenantContext(user_id=decode_global_id(victim.owner.user_id)[1]), table, organization_id
        )
        > 0
    )


async def _api_key_of_another_organization(client: GraphQLClient) -> uuid.UUID:
    someone = await sign_up(client, "keyed")
    organization = (
        await client.execute(
            'mutation($slug: String!) { createOrganization(input: { name: "Other", slug: $slug }) { organization { id } } }',
            {"slug": f"other-{uuid.uuid4().hex[:8]}"},
            token=someone.access_token,
        )
    ).data["createOrganization"]["organization"]
    key = (
        await client.execute(
            'mutation($id: ID!) { createApiKey(input: { organizationId: $id, name: "k" }) { apiKey { id } } }',
            {"id": organization["id"]},
            token=someone.access_token,
        )
    ).data["createApiKey"]["apiKey"]
    return decode_global_id(key["id"])[1]


# --- Subscriptions ------------------------------------------------------------------------------

SUBSCRIPTIONS = {
    "diagramUpdated": (
        "subscription($id: ID!) { diagramUpdated(diagramId: $id) { diagram { name } } }",
        "DiagramState",
    ),
    "projectEvents": ("subscription($id: ID!) { projectEvents(projectId: $id) { __typename } }", "Project"),
}


@pytest.mark.parametrize("stranger", ["outsider", "too_low_role"])
@pytest.mark.parametrize("subscription", sorted(SUBSCRIPTIONS))
async def test_subscriptions_to_the_victims_objects_are_refused(
    live_server: str, victim: Victim, strangers: dict[str, str | None], stranger: str, subscription: str
) -> None:
    document, type_name = SUBSCRIPTIONS[subscription]
    token = strangers[stranger]
    assert token is not None
    async with signed_in(live_server, token) as socket:
        await socket.subscribe(document, {"id": victim.ids[type_name]})
        answer = await socket.next()

    assert answer["type"] in ("error", "next")
    assert "NOT_FOUND" in str(answer["payload"]) or "No such" in str(answer["payload"])
    assert_no_leak(answer)


async def test_an_unauthenticated_socket_cannot_subscribe(live_server: str, victim: Victim) -> None:
    async with connect(ws_url(live_server), subprotocols=[Subprotocol(TRANSPORT_WS)]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
