"""Nested lists cost a fixed number of SQL statements, whatever the number of rows."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, OrganizationMember, Project, Workspace, WorkspaceMember
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.factories import unique
from tests.graphql_client import GraphQLClient

NESTED = """
{
  viewer {
    organizations(first: 20) {
      totalCount
      edges { node {
        slug viewerRole
        members(first: 10) { edges { node { role user { displayName } } } }
        workspaces(first: 20) { edges { node {
          slug viewerRole
          projects(first: 50) { totalCount edges { node { name workspace { slug } } } }
          members(first: 10) { totalCount edges { node { role user { email } } } }
        } } }
      } }
    }
  }
}
"""


async def _give_organizations(session: AsyncSession, user_id: UUID, count: int) -> None:
    """``count`` organizations, each with ``count`` workspaces of 3 projects, all the user's
    (arranged directly)."""
    for _ in range(count):
        organization = Organization(name="Org", slug=unique("org"))
        session.add(organization)
        await session.flush()
        session.add(
            OrganizationMember(organization_id=organization.id, user_id=user_id, role=OrganizationRole.MEMBER)
        )
        for _ in range(count):
            workspace = Workspace(organization_id=organization.id, name="Ws", slug=unique("ws"))
            session.add(workspace)
            await session.flush()
            session.add_all(
                Project(
                    organization_id=organization.id,
                    workspace_id=workspace.id,
                    name=unique("p"),
                    slug=unique("p"),
                )
                for _ in range(3)
            )
            session.add(
                WorkspaceMember(
                    organization_id=organization.id,
                    workspace_id=workspace.id,
                    user_id=user_id,
                    role=WorkspaceRole.EDITOR,
                )
            )
    await session.commit()


async def test_nested_query_costs_the_same_statements_for_2_and_20_rows(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    counts = {}
    for size in (2, 20):
        account = await sign_up(client, f"nested{size}")
        await _give_organizations(owner_session, decode_global_id(account.user_id)[1], size)

        response = await client.execute(NESTED, token=account.access_token)

        assert response.data is not None, response.body
        organizations = response.data["viewer"]["organizations"]
        assert response.errors == []
        assert organizations["totalCount"] == size
        workspaces = [
            ws["node"] for edge in organizations["edges"] for ws in edge["node"]["workspaces"]["edges"]
        ]
        assert len(workspaces) == size * size
        assert all(workspace["projects"]["totalCount"] == 3 for workspace in workspaces)
        counts[size] = response.statements

    assert counts[2] == counts[20], counts
