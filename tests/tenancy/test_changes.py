"""Changing and deleting organizations and workspaces, and reading what happened."""

from __future__ import annotations

from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.tenancy.test_membership import member_of
from tests.tenancy.test_organizations import CREATE_WORKSPACE, ORGANIZATION, create_organization

UPDATE_ORGANIZATION = """
mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name slug } userErrors { field code } }
}
"""
DELETE_ORGANIZATION = """
mutation($id: ID!) { deleteOrganization(input: { organizationId: $id }) { deletedOrganizationId userErrors { code } } }
"""
UPDATE_WORKSPACE = """
mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { name } userErrors { code } } }
"""
DELETE_WORKSPACE = """
mutation($id: ID!) { deleteWorkspace(input: { workspaceId: $id }) { deletedWorkspaceId userErrors { code } } }
"""
ACTIVITY = """
query($slug: String!, $after: String) {
  organization(slug: $slug) {
    activity(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { action targetType actor { email } } }
    }
  }
}
"""


async def test_admins_rename_and_members_cannot(client: GraphQLClient) -> None:
    owner = await sign_up(client, "renamer")
    organization, member = await member_of(client, owner)
    other = await create_organization(client, owner)

    def rename(**fields: str) -> dict[str, object]:
        return {"input": {"organizationId": organization["id"], **fields}}

    by_member = await client.execute(UPDATE_ORGANIZATION, rename(name="Hijacked"), token=member.access_token)
    clash = await client.execute(UPDATE_ORGANIZATION, rename(slug=other["slug"]), token=owner.access_token)
    renamed = await client.execute(UPDATE_ORGANIZATION, rename(name="Acme Data"), token=owner.access_token)

    assert by_member.error_codes == ["FORBIDDEN"]
    assert clash.data["updateOrganization"]["userErrors"] == [{"field": ["slug"], "code": "CONFLICT"}]
    assert renamed.data["updateOrganization"]["organization"]["name"] == "Acme Data"


async def test_deleted_organization_vanishes_for_everyone_and_frees_its_slug(client: GraphQLClient) -> None:
    owner = await sign_up(client, "deleter")
    organization, admin = await member_of(client, owner, role="ADMIN")

    by_admin = await client.execute(DELETE_ORGANIZATION, {"id": organization["id"]}, token=admin.access_token)
    deleted = await client.execute(DELETE_ORGANIZATION, {"id": organization["id"]}, token=owner.access_token)
    seen_by_owner = await client.execute(
        ORGANIZATION, {"slug": organization["slug"]}, token=owner.access_token
    )
    reused = await create_organization(client, admin, organization["slug"])

    assert by_admin.error_codes == ["FORBIDDEN"]  # deleting is for owners
    assert deleted.data["deleteOrganization"] == {
        "deletedOrganizationId": organization["id"],
        "userErrors": [],
    }
    assert seen_by_owner.data["organization"] is None
    assert reused["slug"] == organization["slug"]


async def test_workspace_admins_rename_archive_and_delete_workspaces(client: GraphQLClient) -> None:
    owner = await sign_up(client, "wschanger")
    organization = await create_organization(client, owner)
    workspace = (
        await client.execute(
            CREATE_WORKSPACE, {"organizationId": organization["id"], "name": "Old"}, token=owner.access_token
        )
    ).data["createWorkspace"]["workspace"]

    renamed = await client.execute(
        UPDATE_WORKSPACE,
        {"input": {"workspaceId": workspace["id"], "name": "New", "archived": True}},
        token=owner.access_token,
    )
    deleted = await client.execute(DELETE_WORKSPACE, {"id": workspace["id"]}, token=owner.access_token)
    listed = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=owner.access_token)

    assert renamed.data["updateWorkspace"]["workspace"] == {"name": "New"}
    assert deleted.data["deleteWorkspace"]["userErrors"] == []
    assert listed.data["organization"]["workspaces"]["totalCount"] == 0


async def test_activity_lists_every_change_newest_first_for_admins_only(client: GraphQLClient) -> None:
    owner = await sign_up(client, "auditor")
    organization, member = await member_of(
        client, owner
    )  # organization.create, invitation.create, invitation.accept
    await client.execute(
        CREATE_WORKSPACE, {"organizationId": organization["id"], "name": "Ops"}, token=owner.access_token
    )

    first = await client.execute(ACTIVITY, {"slug": organization["slug"]}, token=owner.access_token)
    page = first.data["organization"]["activity"]
    second = await client.execute(
        ACTIVITY,
        {"slug": organization["slug"], "after": page["pageInfo"]["endCursor"]},
        token=owner.access_token,
    )
    by_member = await client.execute(ACTIVITY, {"slug": organization["slug"]}, token=member.access_token)

    actions = [
        edge["node"]["action"] for edge in page["edges"] + second.data["organization"]["activity"]["edges"]
    ]
    assert page["totalCount"] == 4
    assert actions == ["workspace.create", "invitation.accept", "invitation.create", "organization.create"]
    assert page["edges"][0]["node"]["actor"] == {"email": owner.email}
    assert by_member.error_codes == ["FORBIDDEN"]
