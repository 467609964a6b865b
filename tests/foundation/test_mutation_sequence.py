"""The mutation fields of one document run one after another, in one transaction: each sees
what the ones before it did, as a later request would; one that fails undoes them all."""

from __future__ import annotations

from tests.graphql_client import GraphQLClient
from tests.projects.test_projects import team

DELETE_THEN_RENAME = """
mutation($organizationId: ID!, $workspaceId: ID!) {
  rename: updateWorkspace(input: {workspaceId: $workspaceId, name: "Before"}) { userErrors { code } }
  deleteOrganization(input: {organizationId: $organizationId}) { deletedOrganizationId userErrors { code } }
  renameAfter: updateWorkspace(input: {workspaceId: $workspaceId, name: "After"}) {
    workspace { id } userErrors { field message code }
  }
}
"""


async def test_a_mutation_after_its_organization_was_deleted_in_the_same_document_finds_nothing_and_undoes_all(
    client: GraphQLClient,
):
    owner, organization, workspace, _, _ = await team(client)
    organization_id, workspace_id = organization["id"], workspace["id"]

    response = await client.execute(
        DELETE_THEN_RENAME,
        {"organizationId": organization_id, "workspaceId": workspace_id},
        token=owner.access_token,
    )

    assert "data" not in response.body or response.data is None
    [error] = response.errors
    assert (error["path"], error["extensions"]) == (
        ["renameAfter"],
        {"code": "NOT_FOUND", "field": ["input", "workspaceId"]},
    )
    still_there = await client.execute(
        "query($id: ID!) { node(id: $id) { ... on Workspace { name } } }",
        {"id": workspace_id},
        token=owner.access_token,
    )
    assert still_there.data == {"node": {"name": "Data"}}, "the deletion and the first rename were undone"


async def test_the_workspaces_of_a_deleted_organization_are_gone_for_their_members(client: GraphQLClient):
    owner, organization, workspace, editor, _ = await team(client)
    deleted = await client.execute(
        "mutation($id: ID!) { deleteOrganization(input: {organizationId: $id}) { userErrors { code } } }",
        {"id": organization["id"]},
        token=owner.access_token,
    )
    assert deleted.data["deleteOrganization"]["userErrors"] == []

    for member in (owner, editor):  # through the organization, and as the workspace's own member
        response = await client.execute(
            "query($id: ID!) { node(id: $id) { id } }", {"id": workspace["id"]}, token=member.access_token
        )
        assert response.body == {"data": {"node": None}}
