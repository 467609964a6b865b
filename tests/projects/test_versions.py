"""Schema versions through GraphQL: immutable, numbered without gaps, de-duplicated by content."""

from __future__ import annotations

import asyncio
import json
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import SchemaVersion
from graphql_schema.node import decode_global_id, encode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade
from tests.projects.test_projects import CREATE, team

CREATE_VERSION = """
mutation($input: CreateSchemaVersionInput!) {
  createSchemaVersion(input: $input) {
    created
    schemaVersion { id number tableCount dialect sourceFormat tables { key columns { name dataType nullable isPrimaryKey } foreignKeys { referencedTable } } }
    userErrors { field message code }
  }
}
"""
PROJECT = "query($id: ID!) { node(id: $id) { ... on Project { latestVersion { number } versions { totalCount edges { node { number } } } } } }"

SHOP = """
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(10,2));
"""
SHOP_REFORMATTED = """
-- the same schema, written differently
CREATE TABLE orders (
    id       bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    total    numeric(10, 2)
);
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
"""


async def project_of(client: GraphQLClient) -> tuple[str, str, str]:
    """A project id, its editor's token and a viewer's token."""
    _, _, workspace, editor, viewer = await team(client)
    project = (
        await client.execute(
            CREATE, {"input": {"workspaceId": workspace["id"], "name": "Shop"}}, token=editor.access_token
        )
    ).data["createProject"]["project"]
    return project["id"], editor.access_token, viewer.access_token


def upload(project_id: str, source: str, **extra: object) -> dict[str, object]:
    return {"input": {"projectId": project_id, "format": "SQL", "source": source, **extra}}


async def test_a_postgres_source_becomes_version_one_with_its_tables(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)

    response = await client.execute(CREATE_VERSION, upload(project_id, SHOP), token=editor)

    payload = response.data["createSchemaVersion"]
    version = payload["schemaVersion"]
    assert payload["created"] is True
    assert (version["number"], version["tableCount"], version["dialect"], version["sourceFormat"]) == (
        1,
        2,
        "POSTGRES",
        "SQL",
    )
    orders = next(table for table in version["tables"] if table["key"] == "public.orders")
    assert orders["foreignKeys"] == [{"referencedTable": "public.customers"}]
    assert {"name": "total", "dataType": "numeric(10,2)", "nullable": True, "isPrimaryKey": False} in orders[
        "columns"
    ]


async def test_the_same_schema_written_differently_is_the_same_version(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    first = (await client.execute(CREATE_VERSION, upload(project_id, SHOP), token=editor)).data[
        "createSchemaVersion"
    ]

    again = (await client.execute(CREATE_VERSION, upload(project_id, SHOP_REFORMATTED), token=editor)).data[
        "createSchemaVersion"
    ]
    changed = (
        await client.execute(
            CREATE_VERSION, upload(project_id, SHOP + "CREATE TABLE notes (id int);"), token=editor
        )
    ).data["createSchemaVersion"]
    project = (await client.execute(PROJECT, {"id": project_id}, token=editor)).data["node"]

    assert (again["created"], again["schemaVersion"]["id"]) == (False, first["schemaVersion"]["id"])
    assert (changed["created"], changed["schemaVersion"]["number"]) == (True, 2)
    assert project["latestVersion"] == {"number": 2}
    assert [edge["node"]["number"] for edge in project["versions"]["edges"]] == [2, 1]


async def test_a_syntax_error_names_line_and_column_and_stores_nothing(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)
    broken = "CREATE TABLE fine (id int);\nCREATE TABLE broken (id int,, name text);\n"

    response = await client.execute(CREATE_VERSION, upload(project_id, broken), token=editor)
    lenient = await client.execute(CREATE_VERSION, upload(project_id, broken, lenient=True), token=editor)
    stored = await owner_session.scalar(
        select(func.count())
        .select_from(SchemaVersion)
        .where(SchemaVersion.project_id == decode_global_id(project_id)[1])
    )

    [error] = response.data["createSchemaVersion"]["userErrors"]
    assert error["code"] == "BAD_USER_INPUT"
    assert "line 2" in error["message"]
    assert lenient.data["createSchemaVersion"]["schemaVersion"]["tableCount"] == 1
    assert stored == 1  # the lenient one only


async def test_bad_sources_get_clear_errors(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    empty = await client.execute(CREATE_VERSION, upload(project_id, ""), token=editor)
    assert empty.data["createSchemaVersion"]["userErrors"][0]["message"] == "The source is empty."
    # NUL is refused in every text argument before anything runs (tests/foundation/test_nul_characters.py).
    binary = await client.execute(CREATE_VERSION, upload(project_id, "abc\x00def"), token=editor)
    assert binary.error_codes == ["BAD_USER_INPUT"]
    assert binary.errors[0]["extensions"]["field"] == ["$input", "source"]
    introspection = await client.execute(
        CREATE_VERSION,
        {"input": {"projectId": project_id, "format": "INTROSPECTION", "source": "{}"}},
        token=editor,
    )
    assert introspection.data["createSchemaVersion"]["userErrors"][0]["field"] == ["format"]


async def test_viewers_cannot_upload_and_outsiders_cannot_see(client: GraphQLClient) -> None:
    project_id, _, viewer = await project_of(client)
    outsider = await sign_up(client, "peeker")

    by_viewer = await client.execute(CREATE_VERSION, upload(project_id, SHOP), token=viewer)
    by_outsider = await client.execute(CREATE_VERSION, upload(project_id, SHOP), token=outsider.access_token)

    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert by_outsider.error_codes == ["NOT_FOUND"]


async def test_concurrent_uploads_are_numbered_without_gaps_or_duplicates(client: GraphQLClient) -> None:
    owner, organization, workspace, editor, _ = await team(client)
    await upgrade(client, owner, organization["id"], "team")
    project = (
        await client.execute(
            CREATE, {"input": {"workspaceId": workspace["id"], "name": "Busy"}}, token=editor.access_token
        )
    ).data["createProject"]["project"]

    answers = await asyncio.gather(
        *(
            client.execute(
                CREATE_VERSION,
                upload(project["id"], f"CREATE TABLE t{index} (id int);"),
                token=editor.access_token,
            )
            for index in range(10)
        )
    )

    numbers = sorted(answer.data["createSchemaVersion"]["schemaVersion"]["number"] for answer in answers)
    assert numbers == list(range(1, 11))


async def test_a_file_upload_works_like_a_source(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    operations = {
        "query": CREATE_VERSION,
        "variables": {"input": {"projectId": project_id, "format": "SQL", "upload": None}},
    }

    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.upload"]})},
        files={"0": ("schema.sql", SHOP.encode(), "application/sql")},
        headers={"Authorization": f"Bearer {editor}"},
    )

    assert response.json()["data"]["createSchemaVersion"]["schemaVersion"]["tableCount"] == 2


async def test_an_unknown_project_is_not_found_naming_a_project(client: GraphQLClient) -> None:
    _, editor, _ = await project_of(client)
    nowhere = encode_global_id("Project", uuid.uuid4())

    response = await client.execute(CREATE_VERSION, upload(nowhere, SHOP), token=editor)

    [error] = response.errors
    assert (error["message"], error["extensions"]["code"]) == ("No such project.", "NOT_FOUND")


async def test_an_id_of_another_type_is_bad_input_naming_the_type_expected(client: GraphQLClient) -> None:
    _, _, workspace, editor, _ = await team(client)

    response = await client.execute(CREATE_VERSION, upload(workspace["id"], SHOP), token=editor.access_token)

    [error] = response.errors
    assert error["message"] == "projectId is not the ID of a Project."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": ["projectId"]}
