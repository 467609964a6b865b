"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/): the media type a client
asks for, the status that goes with it, and the spec's own audit suite (graphql-http's
``serverAudits``) run against a live server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.web.graphql_response import negotiated_media_type
from tests.graphql_client import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


async def post(
    client: GraphQLClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    accept: str | None = GRAPHQL_RESPONSE,
) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    request = client.http.build_request(
        "POST", "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    if accept is None:
        del request.headers["accept"]  # httpx sends */* unless told otherwise
    return await client.http.send(request)


# --- application/graphql-response+json ------------------------------------------------------


async def test_a_client_asking_for_graphql_response_json_gets_it(client: GraphQLClient):
    response = await post(client, "{ __typename }")

    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ __typename", None),
        ("{ noSuchField }", None),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": None}),
    ],
    ids=["does-not-parse", "does-not-validate", "variables-do-not-coerce"],
)
async def test_a_request_that_cannot_run_is_answered_400_without_data(
    client: GraphQLClient, query: str, variables: dict[str, Any] | None
):
    response = await post(client, query, variables)

    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body
    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"]


async def test_an_error_during_execution_is_answered_200_with_data(client: GraphQLClient):
    response = await post(client, '{ node(id: "not-a-global-id") { id } }')

    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert body["data"] == {"node": None}
    assert [(error["path"], error["extensions"]["code"]) for error in body["errors"]] == [
        (["node"], "BAD_USER_INPUT")
    ]


async def test_a_get_query_that_does_not_validate_is_answered_400(client: GraphQLClient):
    response = await client.http.get(
        "/graphql", params={"query": "{ noSuchField }"}, headers={"accept": GRAPHQL_RESPONSE}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert "data" not in response.json()


async def test_a_request_refused_before_graphql_reads_it_is_answered_in_the_asked_media_type(
    client: GraphQLClient, settings: Settings
):
    malformed = await client.http.post(
        "/graphql", content=b"{not json", headers={"content-type": JSON, "accept": GRAPHQL_RESPONSE}
    )
    too_large = await client.http.post(
        "/graphql",
        content=b" " * (settings.max_body_bytes + 1),
        headers={"content-type": JSON, "accept": GRAPHQL_RESPONSE},
    )

    assert (malformed.status_code, malformed.headers["content-type"]) == (400, GRAPHQL_RESPONSE)
    assert malformed.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert (too_large.status_code, too_large.headers["content-type"]) == (413, GRAPHQL_RESPONSE)


# --- application/json -----------------------------------------------------------------------


@pytest.mark.parametrize("accept", [JSON, "*/*", None], ids=["json", "anything", "no-accept"])
async def test_a_json_client_gets_200_for_a_request_that_cannot_run(
    client: GraphQLClient, accept: str | None
):
    response = await post(client, "{ noSuchField }", accept=accept)

    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    body = response.json()
    assert "data" not in body, "an error before execution leaves no data entry (GraphQL spec)"
    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"]


# --- Negotiation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        ("text/html", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        ("Application/GraphQL-Response+JSON; charset=utf-8", GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json;q=0.9", JSON),
        ("application/graphql-response+json;q=0.5, */*;q=0.1", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0, */*", JSON),
        ("application/graphql-response+json;q=oops", JSON),
    ],
)
def test_the_response_media_type_follows_the_accept_header(accept: str | None, media_type: str):
    assert negotiated_media_type(accept) == media_type


async def test_the_negotiated_media_type_is_the_content_type_sent(client: GraphQLClient):
    asked = await post(
        client, "{ __typename }", accept="application/graphql-response+json, application/json;q=0.9"
    )
    not_asked = await post(client, "{ __typename }", accept="application/json;q=0.9, text/html")

    assert asked.headers["content-type"] == GRAPHQL_RESPONSE
    assert not_asked.headers["content-type"] == JSON


# --- The spec's audit suite -----------------------------------------------------------------

GRAPHQL_HTTP_VERSION = "1.23.1"
GRAPHQL_JS_VERSION = "16.11.0"  # graphql-http's peer dependency
AUDIT_SCRIPT = Path(__file__).with_name("graphql_over_http_audit.mjs")


def audit_directory() -> Path:
    """Installed once per version and reused by path: later runs need no registry."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "vizora-test" / "npm" / f"graphql-http-{GRAPHQL_HTTP_VERSION}"


async def run(*command: str) -> str:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=300)
    finally:
        if process.returncode is None:  # timed out: leave no process behind
            process.kill()
            await process.wait()
    assert process.returncode == 0, f"{' '.join(command)} failed:\n{stderr.decode()}"
    return stdout.decode()


async def installed_graphql_http() -> Path:
    directory = audit_directory()
    manifest = directory / "node_modules" / "graphql-http" / "package.json"
    if not manifest.exists() or json.loads(manifest.read_text())["version"] != GRAPHQL_HTTP_VERSION:
        directory.mkdir(parents=True, exist_ok=True)
        await run(
            "npm",
            "install",
            "--prefix",
            str(directory),
            "--no-audit",
            "--no-fund",
            "--save-exact",
            f"graphql-http@{GRAPHQL_HTTP_VERSION}",
            f"graphql@{GRAPHQL_JS_VERSION}",
        )
    return directory


async def test_graphql_over_http_audits_pass_without_warnings(live_server: str):
    # graphql-http's audit suite is JavaScript: .ci/run installs node and npm where missing.
    for tool in ("node", "npm"):
        assert shutil.which(tool), f"the audit suite needs {tool} on PATH"
    directory = await installed_graphql_http()

    output = await run("node", str(AUDIT_SCRIPT), str(directory), f"{live_server}/graphql")

    results = json.loads(output)
    failing = [
        f"{r['status']} {r['id']} {r['name']}: {r['reason']}"
        for r in results
        if r["status"] in {"warn", "error"}
    ]
    assert len(results) > 50, "the whole audit suite ran"
    assert failing == [], "\n".join(failing)
