"""Projects through GraphQL: editors write, viewers read, the plan limits how many."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Project, ProjectSettings
from graphql_schema.node import decode_global_id
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.tenancy.test_membership import ACCEPT, invite, sign_up_as
from tests.tenancy.test_organizations import CREATE_WORKSPACE, create_organization

CREATE = """
mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id name slug dialect archived } userErrors { field message code } }
}
"""
UPDATE = "mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { name archived } userErrors { code } } }"
DELETE = (
    "mutation($id: ID!) { deleteProject(input: { projectId: $id }) { deletedProjectId userErrors { code } } }"
)
USAGE = "query($slug: String!) { organization(slug: $slug) { usage { metric used limit } } }"


async def team(client: GraphQLClient) -> tuple[Account, dict[str, str], dict[str, str], Account, Account]:
    """An owner's organization and workspace, with an EDITOR and a VIEWER of the workspace."""
    owner = await sign_up(client, "lead")
    organization = await create_organization(client, owner)
    workspace = (
        await client.execute(
            CREATE_WORKSPACE, {"organizationId": organization["id"], "name": "Data"}, token=owner.access_token
        )
    ).data["createWorkspace"]["workspace"]
    joined = []
    for role in ("EDITOR", "VIEWER"):
        email = f"{role.lower()}-{uuid.uuid4().hex[:6]}@example.com"
        token = (
            await invite(
                client,
                owner,
                organization["id"],
                email,
                role="MEMBER",
                workspaceId=workspace["id"],
                workspaceRole=role,
            )
        ).data["inviteMember"]["token"]
        account = await sign_up_as(client, email)
        await client.execute(ACCEPT, {"token": token}, token=account.access_token)
        joined.append(account)
    return owner, organization, workspace, joined[0], joined[1]


async def test_an_editor_creates_a_project_with_its_settings(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    _, _, workspace, editor, _ = await team(client)

    response = await client.execute(
        CREATE,
        {"input": {"workspaceId": workspace["id"], "name": "Billing DB", "dialect": "POSTGRES"}},
        token=editor.access_token,
    )

    project = response.data["createProject"]["project"]
    assert project == {
        "id": project["id"],
        "name": "Billing DB",
        "slug": "billing-db",
        "dialect": "POSTGRES",
        "archived": False,
    }
    settings = await owner_session.scalar(
        select(func.count())
        .select_from(ProjectSettings)
        .where(ProjectSettings.project_id == decode_global_id(project["id"])[1])
    )
    assert settings == 1


async def test_viewers_cannot_create_and_outsiders_cannot_see(client: GraphQLClient) -> None:
    _, _, workspace, _, viewer = await team(client)
    outsider = await sign_up(client, "stranger")
    variables = {"input": {"workspaceId": workspace["id"], "name": "Nope"}}

    by_viewer = await client.execute(CREATE, variables, token=viewer.access_token)
    by_outsider = await client.execute(CREATE, variables, token=outsider.access_token)

    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert by_outsider.error_codes == ["NOT_FOUND"]


async def test_names_are_unique_per_workspace_and_slugs_validated(client: GraphQLClient) -> None:
    _, _, workspace, editor, _ = await team(client)
    await client.execute(
        CREATE, {"input": {"workspaceId": workspace["id"], "name": "Core"}}, token=editor.access_token
    )

    clash = await client.execute(
        CREATE, {"input": {"workspaceId": workspace["id"], "name": "Core"}}, token=editor.access_token
    )
    bad_slug = await client.execute(
        CREATE,
        {"input": {"workspaceId": workspace["id"], "name": "X", "slug": "Not OK"}},
        token=editor.access_token,
    )

    assert [error["code"] for error in clash.data["createProject"]["userErrors"]] == ["CONFLICT"]
    assert bad_slug.data["createProject"]["userErrors"][0]["field"] == ["slug"]


async def test_projects_are_renamed_archived_and_deleted_freeing_name_and_plan_slot(
    client: GraphQLClient,
) -> None:
    owner, organization, workspace, editor, viewer = await team(client)
    project = (
        await client.execute(
            CREATE, {"input": {"workspaceId": workspace["id"], "name": "Old"}}, token=editor.access_token
        )
    ).data["createProject"]["project"]

    renamed = await client.execute(
        UPDATE,
        {"input": {"projectId": project["id"], "name": "New", "archived": True}},
        token=editor.access_token,
    )
    by_viewer = await client.execute(DELETE, {"id": project["id"]}, token=viewer.access_token)
    deleted = await client.execute(DELETE, {"id": project["id"]}, token=editor.access_token)
    recreated = await client.execute(
        CREATE, {"input": {"workspaceId": workspace["id"], "name": "New"}}, token=editor.access_token
    )
    usage = (await client.execute(USAGE, {"slug": organization["slug"]}, token=owner.access_token)).data[
        "organization"
    ]["usage"]

    assert renamed.data["updateProject"]["project"] == {"name": "New", "archived": True}
    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert deleted.data["deleteProject"]["userErrors"] == []
    assert recreated.data["createProject"]["userErrors"] == []
    assert {"metric": "projects", "used": 1, "limit": 3} in usage


async def test_twenty_concurrent_create_project_with_one_slot_left_let_exactly_one_through(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    _, _, workspace, editor, _ = await team(client)
    for index in range(2):  # the free plan allows 3
        await client.execute(
            CREATE,
            {"input": {"workspaceId": workspace["id"], "name": f"P{index}"}},
            token=editor.access_token,
        )

    answers = await asyncio.gather(
        *(
            client.execute(
                CREATE,
                {"input": {"workspaceId": workspace["id"], "name": f"Race {index}"}},
                token=editor.access_token,
            )
            for index in range(20)
        )
    )

    outcomes = sorted(
        "created"
        if answer.data["createProject"]["project"]
        else answer.data["createProject"]["userErrors"][0]["code"]
        for answer in answers
    )
    live = await owner_session.scalar(
        select(func.count())
        .select_from(Project)
        .where(Project.workspace_id == decode_global_id(workspace["id"])[1], Project.deleted_at.is_(None))
    )
    assert outcomes == ["PLAN_LIMIT_EXCEEDED"] * 19 + ["created"]
    assert live == 3
