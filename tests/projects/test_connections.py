"""Live PostgreSQL connections through GraphQL: stored sealed, tested, introspected into
versions; fenced, plan-gated, and only for editors. The "customer" database is a real one on
the test server, with a login that must present its password."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Connection
from tests.accounts import Account, sign_up
from tests.database import drop_database, execute
from tests.graphql_client import GraphQLClient
from tests.password_auth import require_password_for
from tests.plans import upgrade
from tests.projects.test_projects import CREATE, team
from tests.tcp_proxy import DatabaseProxy

CUSTOMER_SCHEMA = """
CREATE SCHEMA sales;
CREATE TABLE sales.customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE sales.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES sales.customers (id) ON DELETE CASCADE,
    total numeric(10,2)
);
CREATE TABLE public.audit (id int);
"""
PASSWORD = "s3cret-pa55"

CREATE_CONNECTION = """
mutation($input: CreateConnectionInput!) {
  createConnection(input: $input) {
    connection { id name target schemas lastStatus }
    userErrors { field message code }
  }
}
"""
TEST_CONNECTION = """
mutation($id: ID!) {
  testConnection(input: { connectionId: $id }) {
    ok serverVersion connection { lastStatus lastError }
    userErrors { field message code }
  }
}
"""
INTROSPECT = """
mutation($id: ID!, $schemas: [String!]) {
  introspectConnection(input: { connectionId: $id, schemas: $schemas }) {
    created
    schemaVersion { number sourceFormat dialect tables { key columns { name dataType } foreignKeys { referencedTable onDelete } } }
    connection { lastStatus lastIntrospectedAt }
    userErrors { field message code }
  }
}
"""
LIST = "query($id: ID!) { node(id: $id) { ... on Project { connections { id name target } } } }"


@dataclass(frozen=True)
class Customer:
    uri: str  # with the password
    wrong_password_uri: str


@pytest.fixture(scope="module")
async def customer(database_server: str) -> AsyncIterator[Customer]:
    name = f"customer_{uuid.uuid4().hex[:8]}"
    role = f"reader_{uuid.uuid4().hex[:8]}"
    await execute(database_server, f'CREATE DATABASE "{name}"')
    await execute(database_server, f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
    server = make_url(database_server)
    owner = server.set(database=name)
    await execute(owner.render_as_string(hide_password=False), CUSTOMER_SCHEMA)
    await execute(
        owner.render_as_string(hide_password=False),
        f"GRANT USAGE ON SCHEMA sales TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA sales TO {role}",
    )
    await require_password_for(database_server, role)
    # The embedded server listens on a Unix socket only; a connection target is a host, so
    # the customer database is reached through a loopback TCP proxy, as a network database.
    proxy = DatabaseProxy(str(server.query["host"]), server.port or 5432)
    await proxy.start()
    base = f"postgresql://{role}:{{password}}@127.0.0.1:{proxy.port}/{name}"
    yield Customer(uri=base.format(password=PASSWORD), wrong_password_uri=base.format(password="nope"))
    await proxy.cut()
    await drop_database(database_server, name)
    await execute(database_server, f"DROP ROLE IF EXISTS {role}")


async def editor_project(client: GraphQLClient, plan: str | None = "pro") -> tuple[str, Account, Account]:
    owner, organization, workspace, editor, viewer = await team(client)
    if plan:
        await upgrade(client, owner, organization["id"], plan)
    project = (
        await client.execute(
            CREATE, {"input": {"workspaceId": workspace["id"], "name": "Live"}}, token=editor.access_token
        )
    ).data["createProject"]["project"]
    return project["id"], editor, viewer


async def connect(
    client: GraphQLClient, project_id: str, editor: Account, uri: str, **extra: object
) -> dict[str, Any]:
    response = await client.execute(
        CREATE_CONNECTION,
        {"input": {"projectId": project_id, "name": f"db {uuid.uuid4().hex[:6]}", "uri": uri, **extra}},
        token=editor.access_token,
    )
    payload: dict[str, Any] = response.data["createConnection"]
    return payload


async def test_a_connection_is_stored_sealed_and_shown_without_its_password(
    client: GraphQLClient, customer: Customer, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await editor_project(client)

    payload = await connect(client, project_id, editor, customer.uri, schemas=["sales"])
    listed = await client.execute(LIST, {"id": project_id}, token=editor.access_token)

    connection = payload["connection"]
    assert payload["userErrors"] == []
    assert PASSWORD not in str(payload)
    assert PASSWORD not in str(listed.body)
    assert connection["target"].startswith("postgresql://reader_")
    assert "@127.0.0.1:" in connection["target"]
    assert connection["schemas"] == ["sales"]
    stored = (await owner_session.scalars(select(Connection.encrypted_uri))).all()
    assert stored
    assert all(PASSWORD.encode() not in sealed for sealed in stored)


async def test_testing_and_introspecting_a_live_database(client: GraphQLClient, customer: Customer) -> None:
    project_id, editor, _ = await editor_project(client)
    connection_id = (await connect(client, project_id, editor, customer.uri, schemas=["sales"]))[
        "connection"
    ]["id"]

    tested = (await client.execute(TEST_CONNECTION, {"id": connection_id}, token=editor.access_token)).data
    first = (await client.execute(INTROSPECT, {"id": connection_id}, token=editor.access_token)).data
    again = (await client.execute(INTROSPECT, {"id": connection_id}, token=editor.access_token)).data

    assert tested["testConnection"]["ok"] is True, tested
    assert tested["testConnection"]["serverVersion"]
    introspected = first["introspectConnection"]
    assert introspected["userErrors"] == []
    assert introspected["created"] is True
    version = introspected["schemaVersion"]
    assert (version["number"], version["sourceFormat"], version["dialect"]) == (
        1,
        "INTROSPECTION",
        "POSTGRES",
    )
    tables = {table["key"]: table for table in version["tables"]}
    assert set(tables) == {"sales.customers", "sales.orders"}  # public was not asked for
    assert tables["sales.orders"]["foreignKeys"] == [
        {"referencedTable": "sales.customers", "onDelete": "cascade"}
    ]
    assert introspected["connection"]["lastStatus"] == "ok"
    assert again["introspectConnection"]["created"] is False  # the database did not change


async def test_a_wrong_password_is_a_clear_error_and_is_remembered(
    client: GraphQLClient, customer: Customer
) -> None:
    project_id, editor, _ = await editor_project(client)
    connection_id = (await connect(client, project_id, editor, customer.wrong_password_uri))["connection"][
        "id"
    ]

    tested = (await client.execute(TEST_CONNECTION, {"id": connection_id}, token=editor.access_token)).data
    introspected = (await client.execute(INTROSPECT, {"id": connection_id}, token=editor.access_token)).data

    [error] = tested["testConnection"]["userErrors"]
    assert tested["testConnection"]["ok"] is False
    assert error["code"] == "BAD_USER_INPUT"
    assert "authentication" in error["message"].lower()
    assert "nope" not in error["message"]
    assert introspected["introspectConnection"]["schemaVersion"] is None
    assert introspected["introspectConnection"]["connection"]["lastStatus"] == "failed"


async def test_unresolvable_and_unallowed_hosts_are_refused_without_dialling(client: GraphQLClient) -> None:
    project_id, editor, _ = await editor_project(client)
    cases = {
        "postgresql://u:p@no-such-host.invalid:5432/db": "could not be resolved",
        "postgresql://u:p@10.255.255.1:5432/db": "not an allowed connection target",
        "postgresql://u:p@169.254.169.254:80/db": "not an allowed connection target",
    }
    for uri, expected in cases.items():
        connection_id = (await connect(client, project_id, editor, uri))["connection"]["id"]
        tested = (
            await client.execute(TEST_CONNECTION, {"id": connection_id}, token=editor.access_token)
        ).data
        [error] = tested["testConnection"]["userErrors"]
        assert expected in error["message"], error


async def test_bad_uris_are_refused_and_nothing_is_stored(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await editor_project(client)
    before = len((await owner_session.scalars(select(Connection.id))).all())
    for uri in ("not a url", "mysql://u:p@localhost/db", "postgresql://u:p@/db", "postgresql://u:p@host"):
        payload = await connect(client, project_id, editor, uri)
        assert payload["connection"] is None
        assert payload["userErrors"][0]["field"] == ["uri"], uri
    assert len((await owner_session.scalars(select(Connection.id))).all()) == before


async def test_the_free_plan_has_no_live_connections(client: GraphQLClient, customer: Customer) -> None:
    project_id, editor, _ = await editor_project(client, plan=None)

    payload = await connect(client, project_id, editor, customer.uri)

    assert payload["userErrors"][0]["code"] == "PLAN_LIMIT_EXCEEDED"
    assert "Pro" in payload["userErrors"][0]["message"]


async def test_viewers_and_outsiders_cannot_see_or_use_connections(
    client: GraphQLClient, customer: Customer
) -> None:
    project_id, editor, viewer = await editor_project(client)
    connection_id = (await connect(client, project_id, editor, customer.uri))["connection"]["id"]
    outsider = await sign_up(client, "prober")

    by_viewer = await client.execute(
        CREATE_CONNECTION,
        {"input": {"projectId": project_id, "name": "Mine", "uri": customer.uri}},
        token=viewer.access_token,
    )
    viewer_list = await client.execute(LIST, {"id": project_id}, token=viewer.access_token)
    viewer_test = await client.execute(TEST_CONNECTION, {"id": connection_id}, token=viewer.access_token)
    outsider_test = await client.execute(TEST_CONNECTION, {"id": connection_id}, token=outsider.access_token)
    outsider_node = await client.execute(
        "query($id: ID!) { node(id: $id) { id } }", {"id": connection_id}, token=outsider.access_token
    )
    viewer_node = await client.execute(
        "query($id: ID!) { node(id: $id) { id } }", {"id": connection_id}, token=viewer.access_token
    )

    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert viewer_list.error_codes == ["FORBIDDEN"]
    assert viewer_test.error_codes == ["NOT_FOUND"]  # connections are invisible below EDITOR
    assert outsider_test.error_codes == ["NOT_FOUND"]
    assert outsider_node.data["node"] is None
    assert viewer_node.data["node"] is None
