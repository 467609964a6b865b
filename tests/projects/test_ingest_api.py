"""Ingestion through the API with every format, and the bad input a real upload brings:
oversized files, huge schemas, odd names, duplicates, dangling and cyclic references, the
wrong dialect. Nothing is half-written and the server keeps serving."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.metrics import Metric
from app.models import Project, SchemaVersion, UsageCounter
from graphql_schema.node import decode_global_id
from tests.graphql_client import GraphQLClient
from tests.projects.test_versions import CREATE_VERSION, project_of, upload

VERSION = """
mutation($input: CreateSchemaVersionInput!) {
  createSchemaVersion(input: $input) {
    created
    schemaVersion { number tableCount dialect sourceFormat warnings
      tables { key name columns { name dataType nullable isPrimaryKey } foreignKeys { columns referencedTable } } }
    userErrors { field message code }
  }
}
"""


async def stored_versions(session: AsyncSession, project_id: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(SchemaVersion)
        .where(SchemaVersion.project_id == decode_global_id(project_id)[1])
    )
    return int(count or 0)


async def create(
    client: GraphQLClient, token: str, project_id: str, source: str, **extra: object
) -> dict[str, Any]:
    response = await client.execute(VERSION, upload(project_id, source, **extra), token=token)
    assert response.errors == [], response.body
    payload: dict[str, Any] = response.data["createSchemaVersion"]
    return payload


async def test_a_50_mb_upload_is_refused_before_parsing_and_the_server_keeps_serving(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)
    operations = {
        "query": CREATE_VERSION,
        "variables": {"input": {"projectId": project_id, "format": "SQL", "upload": None}},
    }
    huge = b"CREATE TABLE t (id int);\n" * (50 * 1024 * 1024 // 25)

    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.upload"]})},
        files={"0": ("dump.sql", huge, "application/sql")},
        headers={"Authorization": f"Bearer {editor}"},
    )
    after = await create(client, editor, project_id, "CREATE TABLE fine (id int);")

    assert response.status_code == 413
    assert "larger than" in response.json()["errors"][0]["message"]
    assert after["schemaVersion"]["number"] == 1
    assert await stored_versions(owner_session, project_id) == 1


async def test_a_schema_of_5000_tables_is_read_whole(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    source = "\n".join(
        f"CREATE TABLE t{index:04d} (id bigint PRIMARY KEY, parent_id bigint REFERENCES t{max(index - 1, 0):04d}, name text);"
        for index in range(5000)
    )

    payload = await create(client, editor, project_id, source)

    assert payload["userErrors"] == []
    assert payload["schemaVersion"]["tableCount"] == 5000


async def test_quoted_and_unicode_names_survive(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    source = 'CREATE TABLE "Çafé ""Menu"" 🍰" ("naïve col" text, "Ключ" int PRIMARY KEY, "select" text);'

    payload = await create(client, editor, project_id, source)

    [table] = payload["schemaVersion"]["tables"]
    assert table["name"] == 'Çafé "Menu" 🍰'
    assert [column["name"] for column in table["columns"]] == ["naïve col", "Ключ", "select"]


async def test_duplicates_dangling_and_cyclic_references_are_kept_and_flagged(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    source = """
        CREATE TABLE a (id int PRIMARY KEY, b_id int);
        CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
        ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;
        CREATE TABLE a (other int);
        CREATE TABLE c (id int PRIMARY KEY, ghost_id int REFERENCES ghosts (id));
    """

    payload = await create(client, editor, project_id, source)

    version = payload["schemaVersion"]
    tables = {table["key"]: table for table in version["tables"]}
    assert set(tables) == {"public.a", "public.b", "public.c"}
    assert [column["name"] for column in tables["public.a"]["columns"]] == ["id", "b_id"]  # the first a
    assert tables["public.a"]["foreignKeys"] == [{"columns": ["b_id"], "referencedTable": "public.b"}]
    assert tables["public.b"]["foreignKeys"] == [{"columns": ["a_id"], "referencedTable": "public.a"}]
    assert tables["public.c"]["foreignKeys"] == [
        {"columns": ["ghost_id"], "referencedTable": "public.ghosts"}
    ]
    warnings = " ".join(version["warnings"])
    assert "public.a is defined again" in warnings
    assert "public.ghosts, which this source does not define" in warnings


MYSQL = """
CREATE TABLE `customer` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(120) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""


async def test_the_wrong_dialect_fails_with_where_and_a_hint(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)

    payload = await create(client, editor, project_id, MYSQL, dialect="POSTGRES")

    [error] = payload["userErrors"]
    assert error["code"] == "BAD_USER_INPUT"
    assert "line 2" in error["message"]
    assert "MYSQL" in error["message"]
    assert await stored_versions(owner_session, project_id) == 0


async def test_a_dialect_left_out_is_detected_and_said(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)

    payload = await create(client, editor, project_id, MYSQL)

    version = payload["schemaVersion"]
    assert payload["userErrors"] == []
    assert version["dialect"] == "MYSQL"
    assert version["warnings"][0].startswith("No dialect was given; read as MYSQL")
    [table] = version["tables"]
    assert table["key"] == "customer"
    assert [column["isPrimaryKey"] for column in table["columns"]] == [True, False]


async def test_every_format_reads_into_the_same_kind_of_model(client: GraphQLClient) -> None:
    sources = {
        "SQL": ("CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);", "SQLITE"),
        "DBML": ("Table users {\n  id int [pk]\n  name text [not null]\n}\n", None),
        "MERMAID": ("erDiagram\n  users {\n    int id PK\n    text name\n  }\n", None),
    }
    for source_format, (source, dialect) in sources.items():
        project_id, editor, _ = await project_of(client)
        extra = {"format": source_format, **({"dialect": dialect} if dialect else {})}
        payload = await create(client, editor, project_id, source, **extra)
        assert payload["userErrors"] == [], (source_format, payload)
        [table] = payload["schemaVersion"]["tables"]
        assert table["name"] == "users", source_format
        assert [column["name"] for column in table["columns"]] == ["id", "name"], source_format
        assert table["columns"][0]["isPrimaryKey"] is True, source_format


async def test_syntax_errors_in_diagram_formats_name_the_line(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    cases = {
        "DBML": "Table users {\n  id int [pk\n}\n",
        "MERMAID": "erDiagram\n  users {\n    int id PK\n  users ||--o{ orders : places\n",
    }
    for source_format, source in cases.items():
        payload = await create(client, editor, project_id, source, format=source_format)
        [error] = payload["userErrors"]
        assert error["code"] == "BAD_USER_INPUT", source_format
        assert "line" in error["message"], (source_format, error)


async def versions_counted(session: AsyncSession, project_id: str) -> int:
    """The project's organization's schema versions counted against its plan."""
    used = await session.scalar(
        select(func.coalesce(func.sum(UsageCounter.used), 0))
        .join(Project, Project.organization_id == UsageCounter.organization_id)
        .where(
            Project.id == decode_global_id(project_id)[1],
            UsageCounter.metric == Metric.SCHEMA_VERSIONS_PER_MONTH.value,
        )
    )
    return int(used or 0)


NUL_REFUSED = "contains the NUL character (U+0000), which PostgreSQL text cannot hold."


async def test_nul_characters_that_readers_make_out_of_escapes_are_refused_naming_where(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)

    def model(table: str, column: str) -> str:
        # json.dumps writes a NUL as the escape \u0000: the source itself holds none.
        columns = [{"name": column, "data_type": "integer"}]
        return json.dumps(
            {
                "dialect": "postgres",
                "tables": [{"key": f"public.{table}", "schema": "public", "name": table, "columns": columns}],
            }
        )

    cases = [
        ("JSON", model("t\x00", "c"), None, "Table public.t\\0: its key"),
        ("JSON", model("t", "c\x00d"), None, "Column public.t.c\\0d: its name"),
        ("SQL", "CREATE TABLE t (c varchar(5) COMMENT 'a\\0b');", "MYSQL", "Column t.c: its comment"),
        ("DBML", "Table t {\n  c int [note: 'a\\0b']\n}\n", None, "Column public.t.c: its comment"),
    ]
    for source_format, source, dialect, place in cases:
        assert "\x00" not in source
        extra = {"format": source_format, **({"dialect": dialect} if dialect else {})}

        payload = await create(client, editor, project_id, source, **extra)

        assert payload["schemaVersion"] is None, place
        assert payload["userErrors"] == [
            {"field": ["source"], "message": f"{place} {NUL_REFUSED}", "code": "BAD_USER_INPUT"}
        ], place
    assert await stored_versions(owner_session, project_id) == 0
    assert await versions_counted(owner_session, project_id) == 0


async def test_an_unpaired_surrogate_a_json_model_spells_is_refused_naming_where(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)
    columns = [{"name": "c", "data_type": "integer"}]
    table = {"key": "public.t\ud800", "schema": "public", "name": "t", "columns": columns}
    source = json.dumps({"dialect": "postgres", "tables": [table]})  # the escape \ud800, as ASCII

    payload = await create(client, editor, project_id, source, format="JSON")

    assert payload["userErrors"] == [
        {
            "field": ["source"],
            "message": "Table public.t\\ud800: its key contains an unpaired surrogate (U+D800), "
            "which PostgreSQL text cannot hold.",
            "code": "BAD_USER_INPUT",
        }
    ]
    assert await stored_versions(owner_session, project_id) == 0


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("Just some notes about the database, not a schema.", ""),
        ("Table users {\n  id int [pk]\n}\n", "; this looks like DBML: send format: DBML"),
        (
            "erDiagram\n  USERS {\n    int id PK\n  }\n",
            "; this looks like a Mermaid erDiagram: send format: MERMAID",
        ),
    ],
)
async def test_a_source_without_tables_is_refused_with_a_hint_and_uses_no_quota(
    client: GraphQLClient, owner_session: AsyncSession, source: str, hint: str
) -> None:
    project_id, editor, _ = await project_of(client)

    payload = await create(client, editor, project_id, source, format="SQL")

    assert payload["schemaVersion"] is None
    assert payload["userErrors"] == [
        {
            "field": ["source"],
            "message": f"No tables, views or types found in the source{hint}.",
            "code": "BAD_USER_INPUT",
        }
    ]
    assert await stored_versions(owner_session, project_id) == 0
    assert await versions_counted(owner_session, project_id) == 0
