"""List fields users browse: project search, notifications."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.tokens import utcnow
from app.models import Notification, Project
from app.models.enums import NotificationKind
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.tenancy.test_organizations import CREATE_WORKSPACE, create_organization

PROJECTS = """
query($id: ID!, $search: String) {
  node(id: $id) { ... on Workspace { projects(search: $search) { totalCount edges { node { name } } } } }
}
"""
NOTIFICATIONS = """
query($unread: Boolean) { viewer { notifications(unreadOnly: $unread) { totalCount edges { node { title kind } } } } }
"""


async def test_project_search_matches_any_part_of_the_name_and_treats_wildcards_literally(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "searcher")
    organization = await create_organization(client, owner)
    workspace = (
        await client.execute(
            CREATE_WORKSPACE, {"organizationId": organization["id"], "name": "Lab"}, token=owner.access_token
        )
    ).data["createWorkspace"]["workspace"]
    org_id, ws_id = decode_global_id(organization["id"])[1], decode_global_id(workspace["id"])[1]
    for name in ("Billing DB", "billing_v2", "Warehouse", "100% coverage"):
        owner_session.add(
            Project(
                organization_id=org_id,
                workspace_id=ws_id,
                name=name,
                slug=name.lower().replace(" ", "-").replace("%", ""),
            )
        )
    await owner_session.commit()

    async def names(search: str | None) -> list[str]:
        response = await client.execute(
            PROJECTS, {"id": workspace["id"], "search": search}, token=owner.access_token
        )
        return [edge["node"]["name"] for edge in response.data["node"]["projects"]["edges"]]

    assert await names(None) == ["100% coverage", "Billing DB", "Warehouse", "billing_v2"]
    assert await names("BILL") == ["Billing DB", "billing_v2"]
    assert await names("%") == ["100% coverage"]
    assert await names("_v") == ["billing_v2"]


async def test_notifications_are_your_own_newest_first_and_filter_to_unread(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    reader, other = await sign_up(client, "reader"), await sign_up(client, "other")
    reader_id = decode_global_id(reader.user_id)[1]
    now = utcnow()
    owner_session.add_all(
        [
            Notification(
                user_id=reader_id,
                kind=NotificationKind.MENTION,
                title="old, read",
                created_at=now - timedelta(hours=1),
                read_at=now,
            ),
            Notification(
                user_id=reader_id, kind=NotificationKind.INVITATION, title="new, unread", created_at=now
            ),
        ]
    )
    await owner_session.commit()

    everything = await client.execute(NOTIFICATIONS, {"unread": False}, token=reader.access_token)
    unread = await client.execute(NOTIFICATIONS, {"unread": True}, token=reader.access_token)
    someone_else = await client.execute(NOTIFICATIONS, {}, token=other.access_token)

    assert [edge["node"]["title"] for edge in everything.data["viewer"]["notifications"]["edges"]] == [
        "new, unread",
        "old, read",
    ]
    assert unread.data["viewer"]["notifications"]["edges"] == [
        {"node": {"title": "new, unread", "kind": "INVITATION"}}
    ]
    assert someone_else.data["viewer"]["notifications"]["totalCount"] == 0
