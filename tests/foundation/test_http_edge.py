"""The HTTP edge, as a client meets it: how requests are parsed and refused, GET and POST,
request ids, the operational routes, and how resolver failures leave the API."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator

import httpx
import pytest
import strawberry
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from app.config import Settings
from app.errors import ConflictError
from app.observability.logging import configure_logging
from app.runtime import Runtime
from app.web.graphql import GraphQLEndpoint
from app.web.middleware import RequestContextMiddleware
from graphql_schema.schema import schema_extensions
from tests.graphql_client import GraphQLClient

GENERATED_REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


async def metric_total(http: httpx.AsyncClient, sample_name: str, **labels: str) -> float:
    """The sum of the samples named ``sample_name`` whose labels include ``labels``, read from /metrics."""
    text = (await http.get("/metrics")).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == sample_name and labels.items() <= sample.labels.items()
    )


# --- Parsing the request -------------------------------------------------------------------
# Whatever a client gets wrong in the request itself is refused with 400, in the shape of a
# GraphQL error and with a request id, never as a 500.


def assert_refused(response: httpx.Response, message: str) -> None:
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert GENERATED_REQUEST_ID.match(response.headers["x-request-id"])
    assert response.json() == {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}


async def test_malformed_json_is_refused_with_400_and_the_next_request_still_works(client: GraphQLClient):
    response = await client.http.post(
        "/graphql", content=b'{"query": "{ __typename }"', headers={"content-type": "application/json"}
    )

    assert_refused(response, "The request is not valid JSON: Expecting ',' delimiter.")
    following = await client.execute("{ __typename }")
    assert following.status_code == 200
    assert following.body == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"query": "{ __typename \xff }"}', "The request is not valid UTF-8."),
        (b"", "The request is not valid JSON: Expecting value."),
        (b"null", "The request must be a JSON object with a `query`."),
        (b'"hello"', "The request must be a JSON object with a `query`."),
        (b"42", "The request must be a JSON object with a `query`."),
        (b"[" * 100_000, "The request's JSON is nested too deeply."),
        (b'{"query": 42}', "`query` must be a string or null."),
        (b'{"query": "{ __typename }", "variables": "{}"}', "`variables` must be an object or null."),
        (b'{"query": "{ __typename }", "operationName": ["a"]}', "`operationName` must be a string or null."),
        (b'{"query": "{ __typename }", "extensions": 1}', "`extensions` must be an object or null."),
    ],
    ids=[
        "invalid-utf8",
        "empty",
        "null",
        "string",
        "number",
        "deeply-nested",
        "query",
        "variables",
        "operation-name",
        "extensions",
    ],
)
async def test_malformed_body_is_refused_with_400(client: GraphQLClient, body: bytes, message: str):
    response = await client.http.post("/graphql", content=body, headers={"content-type": "application/json"})

    assert_refused(response, message)
    assert (await client.execute("{ __typename }")).body == {"data": {"__typename": "Query"}}


async def test_plain_text_body_is_refused_as_unsupported_content_type(client: GraphQLClient):
    response = await client.http.post(
        "/graphql", content=b"{ __typename }", headers={"content-type": "text/plain"}
    )

    assert_refused(response, "Unsupported content type")


async def test_batched_array_body_is_refused_with_400(client: GraphQLClient):
    response = await client.http.post(
        "/graphql", json=[{"query": "{ viewer { id } }"}, {"query": "{ viewer { id } }"}]
    )

    assert_refused(response, "Batching is not enabled")


async def test_unknown_operation_name_is_refused_with_400_naming_it(client: GraphQLClient):
    response = await client.http.post(
        "/graphql", json={"query": "query Mine { viewer { id } }", "operationName": "Theirs"}
    )

    assert_refused(response, 'Unknown operation named "Theirs".')


UPLOAD_QUERY = "mutation($file: Upload) { __typename }"


@pytest.mark.parametrize(
    ("operations", "files_map", "message"),
    [
        ("null", "{}", "The request must be a JSON object with a `query`."),
        (
            "{not json",
            "{}",
            "The request is not valid JSON: Expecting property name enclosed in double quotes.",
        ),
        (
            json.dumps({"query": UPLOAD_QUERY}),
            "null",
            "The multipart `map` must be an object of lists of paths.",
        ),
        (
            json.dumps({"query": UPLOAD_QUERY}),
            '{"0": [1]}',
            "The multipart `map` must be an object of lists of paths.",
        ),
        (
            json.dumps({"query": UPLOAD_QUERY}),
            '{"1": ["variables.file"]}',
            "The multipart request has no file named '1'.",
        ),
        (
            json.dumps({"query": UPLOAD_QUERY, "variables": {"file": None}}),
            '{"0": ["variables.file.name"]}',
            "The multipart map names 'variables.file.name', not in `operations`.",
        ),
    ],
    ids=[
        "null-operations",
        "malformed-operations",
        "null-map",
        "path-not-a-string",
        "missing-file",
        "path-into-null",
    ],
)
async def test_malformed_multipart_request_is_refused_with_400(
    client: GraphQLClient, operations: str, files_map: str, message: str
):
    response = await client.http.post(
        "/graphql",
        data={"operations": operations, "map": files_map},
        files={"0": ("schema.sql", b"CREATE TABLE t (id int);", "application/sql")},
    )

    assert_refused(response, message)


async def test_multipart_body_without_a_boundary_is_refused_with_400(client: GraphQLClient):
    response = await client.http.post(
        "/graphql", content=b"--x\r\n", headers={"content-type": "multipart/form-data"}
    )

    assert_refused(response, "Unable to parse the multipart body: Missing boundary in multipart.")


# --- Body size -----------------------------------------------------------------------------


def body_of_exactly(size: int) -> bytes:
    """A valid GraphQL request padded with JSON whitespace to ``size`` bytes."""
    payload = json.dumps({"query": "{ __typename }"}).encode()
    return payload + b" " * (size - len(payload))


async def test_body_at_the_limit_is_accepted(client: GraphQLClient, settings: Settings):
    response = await client.http.post(
        "/graphql",
        content=body_of_exactly(settings.max_body_bytes),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_body_over_the_limit_by_content_length_is_refused_with_413(
    client: GraphQLClient, settings: Settings
):
    response = await client.http.post(
        "/graphql",
        content=body_of_exactly(settings.max_body_bytes + 1),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "message": f"Request body is larger than {settings.max_body_bytes} bytes.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }


async def test_chunked_body_over_the_limit_is_refused_with_413_without_reading_the_rest(
    client: GraphQLClient, settings: Settings
):
    chunk_size = 64 * 1024
    sent = 0

    async def five_times_the_limit() -> AsyncIterator[bytes]:
        nonlocal sent
        while sent < 5 * settings.max_body_bytes:
            sent += chunk_size
            yield b" " * chunk_size

    response = await client.http.post(
        "/graphql", content=five_times_the_limit(), headers={"content-type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert sent <= settings.max_body_bytes + chunk_size


# --- GET -----------------------------------------------------------------------------------


async def test_get_query_from_a_client_returns_json_data(client: GraphQLClient):
    response = await client.http.get(
        "/graphql", params={"query": "{ viewer { id } }"}, headers={"accept": "application/json"}
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": None}}


async def test_get_from_a_browser_serves_graphiql(client: GraphQLClient):
    response = await client.http.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_get_mutation_is_refused_before_any_operation_runs(client: GraphQLClient):
    operations_before = await metric_total(client.http, "vizora_graphql_operations_total")

    response = await client.http.get(
        "/graphql", params={"query": "mutation { __typename }"}, headers={"accept": "application/json"}
    )

    assert_refused(response, "mutations are not allowed when using GET")
    assert await metric_total(client.http, "vizora_graphql_operations_total") == operations_before


@pytest.mark.parametrize(
    "query_string",
    [b"query=%7B__typename%7D%FF", b"query=%7B__typename%7D&variables=%C3%28"],
    ids=["in-query", "in-variables"],
)
async def test_get_with_a_query_string_that_is_not_utf8_is_refused_with_400(
    client: GraphQLClient, query_string: bytes
):
    url = httpx.URL("/graphql").copy_with(query=query_string)

    response = await client.http.get(url, headers={"accept": "application/json"})

    assert_refused(response, "The query string is not valid UTF-8.")


async def test_get_with_utf8_in_the_query_string_runs(client: GraphQLClient):
    response = await client.http.get(
        "/graphql",
        params={
            "query": "query($name: String!) { __type(name: $name) { name } }",
            "variables": '{"name": "Ünïcode🏃"}',
        },
        headers={"accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": None}}


# --- Request ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/healthz", None),
        ("GET", "/readyz", None),
        ("GET", "/metrics", None),
        ("POST", "/graphql", b'{"query": "{ __typename }"}'),
        ("POST", "/graphql", b"{not json"),
        ("GET", "/nowhere", None),
    ],
)
async def test_every_response_carries_a_fresh_request_id(
    client: GraphQLClient, method: str, path: str, body: bytes | None
):
    headers = {"content-type": "application/json"}
    first = await client.http.request(method, path, content=body, headers=headers)
    second = await client.http.request(method, path, content=body, headers=headers)

    assert GENERATED_REQUEST_ID.match(first.headers["x-request-id"])
    assert GENERATED_REQUEST_ID.match(second.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@pytest.mark.parametrize("incoming", ["abcd1234", "trace.0f3A_b-9", "x" * 64])
async def test_acceptable_incoming_request_id_is_echoed(client: GraphQLClient, incoming: str):
    response = await client.http.get("/healthz", headers={"x-request-id": incoming})

    assert response.headers.get_list("x-request-id") == [incoming]


@pytest.mark.parametrize("incoming", ["has spaces in it", "x" * 65, "x" * 200, "short7c", "semi;colon;id"])
async def test_unacceptable_incoming_request_id_is_replaced(client: GraphQLClient, incoming: str):
    response = await client.http.get("/healthz", headers={"x-request-id": incoming})

    assert response.headers.get_list("x-request-id") != [incoming]
    assert GENERATED_REQUEST_ID.match(response.headers["x-request-id"])


# --- Operational routes --------------------------------------------------------------------


async def test_healthz_says_ok(client: GraphQLClient):
    response = await client.http.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_says_the_database_answers(client: GraphQLClient):
    response = await client.http.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_metrics_count_http_requests_graphql_operations_and_pool_connections(client: GraphQLClient):
    requests_before = await metric_total(
        client.http, "vizora_http_requests_total", method="POST", route="/graphql", status="200"
    )
    queries_before = await metric_total(
        client.http, "vizora_graphql_operations_total", operation_type="query"
    )

    await client.execute("{ viewer { id } }")

    text = (await client.http.get("/metrics")).text
    assert 'vizora_db_pool_connections{state="checked_out"}' in text
    assert 'vizora_db_pool_connections{state="idle"}' in text
    assert (
        await metric_total(
            client.http, "vizora_http_requests_total", method="POST", route="/graphql", status="200"
        )
        == requests_before + 1
    )
    assert (
        await metric_total(client.http, "vizora_graphql_operations_total", operation_type="query")
        == queries_before + 1
    )


# --- Errors leaving the API ----------------------------------------------------------------
# The real schema has no resolver that fails on demand, so these run the real endpoint,
# middleware and extension chain around a Query made to fail.

SECRET_DETAIL = "secret SQL detail: SELECT password_hash FROM users"


@strawberry.type
class FailingQuery:
    @strawberry.field
    def broken(self) -> str | None:
        raise RuntimeError(SECRET_DETAIL)

    @strawberry.field
    def taken(self) -> str | None:
        raise ConflictError("slug is already taken; choose another", field=["input", "slug"])


@pytest.fixture(scope="module")
async def failing_client(runtime: Runtime, settings: Settings) -> AsyncIterator[GraphQLClient]:
    configure_logging(settings)
    schema = strawberry.Schema(query=FailingQuery, extensions=schema_extensions(settings))
    app = Starlette(
        routes=[
            Route(
                "/graphql",
                GraphQLEndpoint(schema, graphiql=False, settings=settings),
                methods=["GET", "POST"],
            )
        ],
        middleware=[Middleware(RequestContextMiddleware)],
    )
    app.state.runtime = runtime
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield GraphQLClient(http)


async def test_unexpected_resolver_error_is_masked_with_the_request_id(
    failing_client: GraphQLClient, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.ERROR, logger="vizora.graphql"):
        response = await failing_client.http.post(
            "/graphql", json={"query": "{ broken }"}, headers={"x-request-id": "support-ticket-42"}
        )

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "support-ticket-42"
    assert response.json() == {
        "data": {"broken": None},
        "errors": [
            {
                "message": "Internal server error",
                "locations": [{"line": 1, "column": 3}],
                "path": ["broken"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": "support-ticket-42"},
            }
        ],
    }
    assert "secret" not in response.text
    logged = [record.msg for record in caplog.records if isinstance(record.msg, dict)]
    assert any(
        entry.get("request_id") == "support-ticket-42" and str(entry.get("exc_info")) == SECRET_DETAIL
        for entry in logged
    ), "the details go to the log, under the same request id"


async def test_masked_error_request_id_matches_a_generated_header(failing_client: GraphQLClient):
    response = await failing_client.execute("{ broken }")

    assert response.error_codes == ["INTERNAL_SERVER_ERROR"]
    assert response.errors[0]["extensions"]["requestId"] == response.headers["x-request-id"]


async def test_expected_error_keeps_its_message_code_and_field(failing_client: GraphQLClient):
    response = await failing_client.execute("{ taken broken }")

    assert response.data == {"taken": None, "broken": None}
    taken, broken = sorted(response.errors, key=lambda error: error["path"] != ["taken"])
    assert taken["message"] == "slug is already taken; choose another"
    assert taken["extensions"] == {"code": "CONFLICT", "field": ["input", "slug"]}
    assert broken["message"] == "Internal server error"
    assert "secret" not in json.dumps(response.body)
