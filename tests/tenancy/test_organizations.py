"""Organizations and workspaces through GraphQL: creation, visibility, roles, audit."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ActivityLog, OrganizationMember, Workspace
from app.models.enums import OrganizationRole
from graphql_schema.node import decode_global_id
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade

CREATE_ORGANIZATION = """
mutation($name: String!, $slug: String!) {
  createOrganization(input: { name: $name, slug: $slug }) {
    organization { id slug viewerRole } userErrors { field message code }
  }
}
"""
CREATE_WORKSPACE = """
mutation($organizationId: ID!, $name: String!) {
  createWorkspace(input: { organizationId: $organizationId, name: $name }) {
    workspace { id slug viewerRole organization { slug } } userErrors { field message code }
  }
}
"""
ORGANIZATION = """
query($slug: String!) {
  organization(slug: $slug) {
    id name viewerRole
    members { totalCount edges { node { role user { email } } } }
    workspaces { totalCount edges { node { slug viewerRole } } }
  }
}
"""


def slug() -> str:
    return f"org-{uuid.uuid4().hex[:10]}"


async def create_organization(
    client: GraphQLClient, owner: Account, org_slug: str | None = None
) -> dict[str, str]:
    response = await client.execute(
        CREATE_ORGANIZATION, {"name": "Acme", "slug": org_slug or slug()}, token=owner.access_token
    )
    payload = response.data["createOrganization"]
    assert payload["userErrors"] == [], payload
    organization: dict[str, str] = payload["organization"]
    return organization


async def add_member(
    owner_session: AsyncSession, organization_id: str, account: Account, role: OrganizationRole
):
    """Memberships arrive by invitation (a later issue); arranged directly here."""
    owner_session.add(
        OrganizationMember(
            organization_id=decode_global_id(organization_id)[1],
            user_id=decode_global_id(account.user_id)[1],
            role=role,
        )
    )
    await owner_session.commit()


async def test_creator_owns_the_new_organization_and_it_is_audited(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "founder")
    organization = await create_organization(client, owner)

    seen = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=owner.access_token)
    audit = (
        await owner_session.scalars(
            select(ActivityLog).where(ActivityLog.organization_id == decode_global_id(organization["id"])[1])
        )
    ).all()

    assert organization["viewerRole"] == "OWNER"
    members = seen.data["organization"]["members"]
    assert members["totalCount"] == 1
    assert members["edges"][0]["node"] == {"role": "OWNER", "user": {"email": owner.email}}
    assert [(row.action, row.actor_user_id) for row in audit] == [
        ("organization.create", decode_global_id(owner.user_id)[1])
    ]


async def test_create_organization_needs_a_signed_in_user(client: GraphQLClient) -> None:
    response = await client.execute(CREATE_ORGANIZATION, {"name": "Anon", "slug": slug()})
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.data is None


async def test_bad_slug_is_refused_with_what_is_allowed(client: GraphQLClient) -> None:
    owner = await sign_up(client, "slugger")
    response = await client.execute(
        CREATE_ORGANIZATION, {"name": "Bad", "slug": "No Spaces!"}, token=owner.access_token
    )
    [error] = response.data["createOrganization"]["userErrors"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == ["slug"]
    assert "lowercase letters, digits" in error["message"]


async def test_two_concurrent_creations_with_one_slug_make_one_organization(client: GraphQLClient) -> None:
    first, second = await sign_up(client, "racer"), await sign_up(client, "racer")
    contested = slug()

    answers = await asyncio.gather(
        *(
            client.execute(
                CREATE_ORGANIZATION, {"name": "Race", "slug": contested}, token=account.access_token
            )
            for account in (first, second)
        )
    )

    payloads = [answer.data["createOrganization"] for answer in answers]
    assert sorted(payload["organization"] is not None for payload in payloads) == [False, True]
    [loser] = [payload for payload in payloads if payload["organization"] is None]
    assert [error["code"] for error in loser["userErrors"]] == ["CONFLICT"]


async def test_owner_creates_a_workspace_and_administers_it(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "wsowner")
    organization = await create_organization(client, owner)

    response = await client.execute(
        CREATE_WORKSPACE,
        {"organizationId": organization["id"], "name": "Data Platform"},
        token=owner.access_token,
    )

    payload = response.data["createWorkspace"]
    assert payload["userErrors"] == []
    assert payload["workspace"]["slug"] == "data-platform"
    assert payload["workspace"]["viewerRole"] == "OWNER"
    assert payload["workspace"]["organization"] == {"slug": organization["slug"]}


async def test_outsider_cannot_create_a_workspace_or_learn_the_organization_exists(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner, outsider = await sign_up(client, "private"), await sign_up(client, "outsider")
    organization = await create_organization(client, owner)

    created = await client.execute(
        CREATE_WORKSPACE,
        {"organizationId": organization["id"], "name": "Intrusion"},
        token=outsider.access_token,
    )
    by_slug = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=outsider.access_token)
    by_node = await client.execute(
        "query($id: ID!) { node(id: $id) { id } }", {"id": organization["id"]}, token=outsider.access_token
    )
    workspaces = (
        await owner_session.scalars(
            select(Workspace).where(Workspace.organization_id == decode_global_id(organization["id"])[1])
        )
    ).all()

    assert created.error_codes == ["NOT_FOUND"]
    assert "Acme" not in str(created.body)
    assert by_slug.body == {"data": {"organization": None}}
    assert by_node.body == {"data": {"node": None}}
    assert workspaces == []


async def test_member_below_admin_is_forbidden_to_create_workspaces(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner, member = await sign_up(client, "boss"), await sign_up(client, "member")
    organization = await create_organization(client, owner)
    await add_member(owner_session, organization["id"], member, OrganizationRole.MEMBER)

    response = await client.execute(
        CREATE_WORKSPACE, {"organizationId": organization["id"], "name": "Nope"}, token=member.access_token
    )
    visible = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=member.access_token)

    assert response.error_codes == ["FORBIDDEN"]
    assert visible.data["organization"]["viewerRole"] == "MEMBER"
    assert visible.data["organization"]["workspaces"]["totalCount"] == 0  # not a member of any workspace


async def test_workspace_with_a_taken_slug_conflicts_and_writes_nothing(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "twice")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"])
    variables = {"organizationId": organization["id"], "name": "Same Name"}
    await client.execute(CREATE_WORKSPACE, variables, token=owner.access_token)

    again = await client.execute(CREATE_WORKSPACE, variables, token=owner.access_token)
    audit_rows = (
        await owner_session.scalars(
            select(ActivityLog.action).where(
                ActivityLog.organization_id == decode_global_id(organization["id"])[1]
            )
        )
    ).all()

    assert [error["code"] for error in again.data["createWorkspace"]["userErrors"]] == ["CONFLICT"]
    assert sorted(audit_rows) == ["organization.create", "subscription.change_plan", "workspace.create"]
