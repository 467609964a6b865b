"""Diffs and exports through the API: each version's changes against its parent, any two
versions compared, and a version exported as DDL that reads back to the same model."""

from __future__ import annotations

from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.projects.test_ingest_api import create
from tests.projects.test_versions import project_of

V1 = """
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100) NOT NULL, nickname text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), note text);
CREATE INDEX orders_user_id ON orders (user_id);
"""
V2 = """
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), note text NOT NULL);
CREATE TABLE invoices (id bigint PRIMARY KEY);
"""
CHANGES = """
query($id: ID!) { node(id: $id) { ... on SchemaVersion {
  changes { fromVersion { number } toVersion { number } safe warning breaking changes { kind severity path message } }
} } }
"""
COMPARE = """
query($from: ID!, $to: ID!) { compareSchemaVersions(fromId: $from, toId: $to) {
  fromVersion { number } toVersion { number } breaking changes { kind severity path }
} }
"""
IDS = "query($id: ID!) { node(id: $id) { ... on Project { versions { edges { node { id number contentHash } } } } } }"
EXPORT = "query($id: ID!, $format: SchemaExportFormat!) { node(id: $id) { ... on SchemaVersion { export(format: $format) } } }"


async def versions_of(client: GraphQLClient, token: str, project_id: str) -> dict[int, dict[str, str]]:
    edges = (await client.execute(IDS, {"id": project_id}, token=token)).data["node"]["versions"]["edges"]
    return {edge["node"]["number"]: edge["node"] for edge in edges}


async def test_a_new_version_carries_its_changes_with_severities(client: GraphQLClient) -> None:
    project_id, editor, viewer = await project_of(client)
    await create(client, editor, project_id, V1)
    await create(client, editor, project_id, V2)
    versions = await versions_of(client, editor, project_id)

    first = (await client.execute(CHANGES, {"id": versions[1]["id"]}, token=viewer)).data["node"]["changes"]
    second = (await client.execute(CHANGES, {"id": versions[2]["id"]}, token=viewer)).data["node"]["changes"]

    assert first is None
    assert (second["fromVersion"]["number"], second["toVersion"]["number"]) == (1, 2)
    by_path = {(change["kind"], change["path"]): change["severity"] for change in second["changes"]}
    assert by_path[("TABLE_ADDED", "public.invoices")] == "SAFE"
    assert by_path[("COLUMN_TYPE_CHANGED", "public.users.email")] == "WARNING"  # varchar(100) -> text widens
    assert by_path[("COLUMN_NULLABILITY_CHANGED", "public.orders.note")] == "BREAKING"
    assert by_path[("INDEX_REMOVED", "public.orders.orders_user_id")] == "WARNING"
    # nickname -> bio: same shape, new name
    assert by_path[("COLUMN_RENAMED", "public.users.bio")] == "BREAKING"
    counts = {"SAFE": 0, "WARNING": 0, "BREAKING": 0}
    for severity in by_path.values():
        counts[severity] += 1
    assert (second["safe"], second["warning"], second["breaking"]) == (
        counts["SAFE"],
        counts["WARNING"],
        counts["BREAKING"],
    )
    assert all(change["message"] for change in second["changes"])


async def test_any_two_versions_compare_in_either_order(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    await create(client, editor, project_id, V1)
    await create(client, editor, project_id, V2)
    versions = await versions_of(client, editor, project_id)

    backwards = (
        await client.execute(COMPARE, {"from": versions[2]["id"], "to": versions[1]["id"]}, token=editor)
    ).data["compareSchemaVersions"]
    same = (
        await client.execute(COMPARE, {"from": versions[1]["id"], "to": versions[1]["id"]}, token=editor)
    ).data["compareSchemaVersions"]

    kinds = {(change["kind"], change["path"]) for change in backwards["changes"]}
    assert ("TABLE_REMOVED", "public.invoices") in kinds
    assert backwards["breaking"] >= 1
    assert same["changes"] == []


async def test_versions_of_two_projects_or_of_strangers_do_not_compare(client: GraphQLClient) -> None:
    first_project, editor, _ = await project_of(client)
    second_project, other_editor, _ = await project_of(client)
    await create(client, editor, first_project, V1)
    await create(client, other_editor, second_project, V2)
    mine = (await versions_of(client, editor, first_project))[1]["id"]
    theirs = (await versions_of(client, other_editor, second_project))[1]["id"]
    stranger = await sign_up(client, "differ")

    across = await client.execute(COMPARE, {"from": mine, "to": theirs}, token=editor)
    outsider = await client.execute(COMPARE, {"from": mine, "to": mine}, token=stranger.access_token)

    assert across.data is None
    assert across.error_codes == ["NOT_FOUND"]
    assert outsider.data is None
    assert outsider.error_codes == ["NOT_FOUND"]


async def test_an_exported_version_reads_back_to_the_same_model(client: GraphQLClient) -> None:
    project_id, editor, _ = await project_of(client)
    await create(client, editor, project_id, V1)
    original = (await versions_of(client, editor, project_id))[1]

    ddl = (await client.execute(EXPORT, {"id": original["id"], "format": "SQL"}, token=editor)).data["node"][
        "export"
    ]
    as_json = (await client.execute(EXPORT, {"id": original["id"], "format": "JSON"}, token=editor)).data[
        "node"
    ]["export"]
    mermaid = (await client.execute(EXPORT, {"id": original["id"], "format": "MERMAID"}, token=editor)).data[
        "node"
    ]["export"]
    again = await create(client, editor, project_id, ddl)
    from_json = await create(client, editor, project_id, as_json, format="JSON")

    assert again["created"] is False  # the same canonical model: the existing version
    assert from_json["created"] is False
    assert again["schemaVersion"]["number"] == 1
    assert mermaid.startswith("erDiagram")
