"""The isolation matrix with row-level security alone: raw SQL as the runtime role, no
resolver in between. What would a resolver bug expose?"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from app.db.session import TenantContext
from app.runtime import Runtime
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.isolation.victim import Victim

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
