"""The Upload and JSON scalars take only what they say (graphql_schema/scalars.py): a string
given as an upload, or a file put inside JSON by a multipart `map`, is refused as
BAD_USER_INPUT naming the argument, before anything runs."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from tests.graphql_client import GraphQLClient
from tests.projects.test_diagrams import DIAGRAMS, UPDATE, shop_diagram
from tests.projects.test_ingest_api import stored_versions
from tests.projects.test_versions import CREATE_VERSION, project_of

GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}


async def test_a_string_given_as_an_upload_is_refused_naming_the_argument(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    project_id, editor, _ = await project_of(client)
    headers = {"Authorization": f"Bearer {editor}", **GRAPHQL_RESPONSE}
    literal = (
        "mutation { createSchemaVersion(input: "
        f'{{projectId: "{project_id}", format: SQL, upload: "CREATE TABLE t (id int);"}}) {{ created }} }}'
    )

    as_variable = await client.http.post(
        "/graphql",
        json={
            "query": CREATE_VERSION,
            "variables": {"input": {"projectId": project_id, "format": "SQL", "upload": "hello"}},
        },
        headers=headers,
    )
    as_literal = await client.http.post("/graphql", json={"query": literal}, headers=headers)

    for response in (as_variable, as_literal):
        assert response.status_code == 400  # refused before execution
        body = response.json()
        assert "data" not in body
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "Expected value of type 'Upload'" in error["message"]
        assert "not a file" in error["message"]
    assert as_variable.json()["errors"][0]["message"].startswith(
        "Variable '$input' has invalid value at .upload:"
    )
    assert await stored_versions(owner_session, project_id) == 0


async def test_a_file_mapped_into_a_json_argument_is_refused_naming_it(client: GraphQLClient) -> None:
    project_id, editor, viewer, diagram = await shop_diagram(client)
    variables = {"input": {"diagramId": diagram["id"], "baseRevision": 1, "notes": [{"text": None}]}}

    response = await client.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPDATE, "variables": variables}),
            "map": json.dumps({"0": ["variables.input.notes.0.text"]}),
        },
        files={"0": ("note.txt", b"hello", "text/plain")},
        headers={"Authorization": f"Bearer {editor}", **GRAPHQL_RESPONSE},
    )
    [unchanged] = (await client.execute(DIAGRAMS, {"id": project_id}, token=viewer)).data["node"]["diagrams"]

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("Variable '$input' has invalid value at .notes:")
    assert "UploadFile is not JSON" in error["message"]
    assert unchanged["revision"] == 1
