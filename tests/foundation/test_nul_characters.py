"""U+0000 (NUL) in text a client sends: PostgreSQL cannot store it, so it is refused before
anything runs, as BAD_USER_INPUT naming the argument or variable, whatever carries it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from tests.graphql_client import GraphQLClient
from tests.projects.test_diagrams import DIAGRAMS
from tests.projects.test_ingest_api import create
from tests.projects.test_projects import CREATE, team
from tests.projects.test_versions import CREATE_VERSION

PROJECT_COUNT = "query($id: ID!, $search: String) { node(id: $id) { ... on Workspace { projects(search: $search) { totalCount } } } }"


@dataclass(frozen=True)
class Place:
    organization_slug: str
    workspace_id: str
    project_id: str
    diagram_id: str
    editor: str  # access token


@pytest.fixture(scope="module")
async def place(client: GraphQLClient) -> Place:
    _, organization, workspace, editor, _ = await team(client)
    token = editor.access_token
    project = (
        await client.execute(CREATE, {"input": {"workspaceId": workspace["id"], "name": "Shop"}}, token=token)
    ).data["createProject"]["project"]
    await create(client, token, project["id"], "CREATE TABLE t (id int);")
    [diagram] = (await client.execute(DIAGRAMS, {"id": project["id"]}, token=token)).data["node"]["diagrams"]
    return Place(organization["slug"], workspace["id"], project["id"], diagram["id"], token)


def cases(place: Place) -> dict[str, tuple[str, dict[str, Any] | None, list[str]]]:
    """Per case: the document, its variables, and the path the refusal names."""
    return {
        "literal argument": (
            f'{{ organization(slug: "{place.organization_slug}\\u0000") {{ id }} }}',
            None,
            ["slug"],
        ),
        "variable": (
            "query($slug: String!) { organization(slug: $slug) { id } }",
            {"slug": f"{place.organization_slug}\x00"},
            ["$slug"],
        ),
        "variable default": (
            'query($slug: String = "acme\\u0000") { organization(slug: $slug) { id } }',
            None,
            ["$slug"],
        ),
        "search": (PROJECT_COUNT, {"id": place.workspace_id, "search": "Sh\x00"}, ["$search"]),
        "input object literal": (
            f'mutation {{ createProject(input: {{workspaceId: "{place.workspace_id}", name: "Shop\\u0000"}}) {{ project {{ id }} }} }}',
            None,
            ["input", "name"],
        ),
        "input object variable": (
            CREATE,
            {"input": {"workspaceId": place.workspace_id, "name": "Shop\x00"}},
            ["$input", "name"],
        ),
        "label": (
            CREATE_VERSION,
            {
                "input": {
                    "projectId": place.project_id,
                    "format": "SQL",
                    "source": "CREATE TABLE u (id int);",
                    "label": "v\x00",
                }
            },
            ["$input", "label"],
        ),
        "ID in a list literal": (
            f'{{ nodes(ids: ["{place.project_id}", "\\u0000"]) {{ id }} }}',
            None,
            ["ids"],
        ),
        "ID in a list variable": (
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            {"ids": [place.project_id, "\x00"]},
            ["$ids", "1"],
        ),
        "JSON value": (
            "mutation($input: UpdateDiagramInput!) { updateDiagram(input: $input) { userErrors { code } } }",
            {
                "input": {
                    "diagramId": place.diagram_id,
                    "baseRevision": 1,
                    "notes": {"sticky": [{"text": "hi\x00"}]},
                }
            },
            ["$input", "notes", "sticky", "0", "text"],
        ),
        "JSON key": (
            "mutation($input: UpdateDiagramInput!) { updateDiagram(input: $input) { userErrors { code } } }",
            {"input": {"diagramId": place.diagram_id, "baseRevision": 1, "notes": {"a\x00": 1}}},
            ["$input", "notes", "a\x00"],
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "literal argument",
        "variable",
        "variable default",
        "search",
        "input object literal",
        "input object variable",
        "label",
        "ID in a list literal",
        "ID in a list variable",
        "JSON value",
        "JSON key",
    ],
)
async def test_nul_in_text_is_refused_as_bad_user_input_naming_where(
    client: GraphQLClient, place: Place, case: str
):
    document, variables, where = cases(place)[case]

    response = await client.execute(document, variables, token=place.editor)

    assert response.status_code == 200
    assert "data" not in response.body, "refused before anything ran"
    [error] = response.errors
    assert (
        error["message"]
        == f'"{".".join(where)}" contains the NUL character (U+0000), which text cannot hold.'
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": where}


async def test_a_project_named_with_nul_is_not_created(client: GraphQLClient, place: Place):
    count = {"id": place.workspace_id, "search": None}
    before = (await client.execute(PROJECT_COUNT, count, token=place.editor)).data

    await client.execute(
        CREATE, {"input": {"workspaceId": place.workspace_id, "name": "Shop\x00"}}, token=place.editor
    )

    assert (await client.execute(PROJECT_COUNT, count, token=place.editor)).data == before


async def test_text_without_nul_still_runs(client: GraphQLClient, place: Place):
    response = await client.execute(
        "query($slug: String!) { organization(slug: $slug) { slug } }",
        {"slug": place.organization_slug},
        token=place.editor,
    )

    assert response.body == {"data": {"organization": {"slug": place.organization_slug}}}


async def test_an_uploaded_file_with_nul_is_refused_as_bad_user_input(client: GraphQLClient, place: Place):
    operations = {
        "query": CREATE_VERSION,
        "variables": {"input": {"projectId": place.project_id, "format": "SQL", "upload": None}},
    }

    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.upload"]})},
        files={"0": ("schema.sql", b"CREATE TABLE v (id int);\x00", "application/sql")},
        headers={"Authorization": f"Bearer {place.editor}"},
    )

    assert response.status_code == 200
    payload = response.json()["data"]["createSchemaVersion"]
    assert payload["schemaVersion"] is None
    assert [(error["code"], error["message"]) for error in payload["userErrors"]] == [
        ("BAD_USER_INPUT", "The source is binary, not text.")
    ]


@pytest.mark.parametrize(
    ("document", "variables", "where"),
    [
        ("query($slug: String!) { organization(slug: $slug) { id } }", {"slug": "a\ud800"}, ["$slug"]),
    ],
)
async def test_an_unpaired_surrogate_is_refused_like_nul(
    client: GraphQLClient, place: Place, document: str, variables: dict[str, Any], where: list[str]
):
    response = await client.http.post(
        "/graphql",
        content=json.dumps({"query": document, "variables": variables}),
        headers={"Authorization": f"Bearer {place.editor}", "Content-Type": "application/json"},
    )

    [error] = response.json()["errors"]
    assert (
        error["message"]
        == f'"{".".join(where)}" contains an unpaired surrogate (U+D800), which text cannot hold.'
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": where}
