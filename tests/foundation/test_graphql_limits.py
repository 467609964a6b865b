"""What the API refuses to run, and says so: depth, aliases, tokens, cost, list sizes,
malformed global IDs, and introspection where it is switched off. Every refusal is a
GraphQL error with a code and no data."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from app.config import Environment, Settings
from app.runtime import Runtime
from app.server import create_app
from graphql_schema.node import encode_global_id
from graphql_schema.operation import parse_document
from tests.graphql_client import GraphQLClient, GraphQLResponse


@asynccontextmanager
async def client_with(runtime: Runtime, settings: Settings, **overrides: Any) -> AsyncIterator[GraphQLClient]:
    """A client of the app built with these settings changed, on the same database."""
    app = create_app(settings=settings.model_copy(update=overrides), runtime=runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield GraphQLClient(http)


def assert_refused(response: GraphQLResponse, message: str) -> None:
    assert response.status_code == 200
    assert response.data is None
    assert [error["message"] for error in response.errors] == [message]
    assert response.error_codes == ["BAD_USER_INPUT"]


def user_id() -> str:
    return encode_global_id("User", uuid.uuid4())


# --- Depth ---------------------------------------------------------------------------------
# Today's schema is one level deep, so the limit is lowered to see it apply. (Nesting through
# __schema/__type does not count: introspection fields are skipped, see graphql_schema/complexity.py.)


async def test_query_deeper_than_the_limit_is_refused_through_fragments(runtime: Runtime, settings: Settings):
    query = """
        query Deep($id: ID!) { node(id: $id) { ...UserFields } }
        fragment UserFields on User { ... on User { id } }
    """
    async with client_with(runtime, settings, max_query_depth=0) as limited:
        response = await limited.execute(query, {"id": user_id()})

    assert_refused(response, "'Deep' exceeds maximum operation depth of 0")
    assert response.statements == 0


async def test_query_at_the_depth_limit_runs(runtime: Runtime, settings: Settings):
    async with client_with(runtime, settings, max_query_depth=1) as limited:
        response = await limited.execute("query ($id: ID!) { node(id: $id) { id } }", {"id": user_id()})

    assert response.body == {"data": {"node": None}}


# --- Aliases -------------------------------------------------------------------------------


def aliased_viewers(count: int) -> str:
    return "{ " + " ".join(f"v{index}: viewer {{ id }}" for index in range(count)) + " }"


async def test_fifteen_aliases_are_allowed(client: GraphQLClient, settings: Settings):
    response = await client.execute(aliased_viewers(settings.max_aliases))

    assert response.errors == []
    assert response.data == {f"v{index}": None for index in range(15)}


async def test_sixteen_aliases_are_refused(client: GraphQLClient):
    response = await client.execute(aliased_viewers(16))

    assert_refused(response, "16 aliases found. Allowed: 15")


# --- Tokens --------------------------------------------------------------------------------


def nodes_query_of_tokens(count: int) -> str:
    """``{ nodes(ids: [...]) { __typename } }`` is 12 tokens plus one per id."""
    return "{ nodes(ids: [" + ", ".join('"x"' for _ in range(count - 12)) + "]) { __typename } }"


async def test_query_of_exactly_the_token_limit_is_parsed(client: GraphQLClient, settings: Settings):
    response = await client.execute(nodes_query_of_tokens(settings.max_tokens))

    # Parsed and validated: what stops it is the resolver's own limit on ids.
    assert response.error_codes == ["BAD_USER_INPUT"]
    assert response.errors[0]["message"] == "nodes takes at most 100 ids."


async def test_query_over_the_token_limit_is_refused_before_parsing_finishes(client: GraphQLClient):
    response = await client.execute(nodes_query_of_tokens(2001))

    assert_refused(response, "Syntax Error: Document contains more than 2000 tokens. Parsing aborted.")


async def test_a_document_sent_again_is_not_parsed_again_and_a_broken_one_is_refused_every_time(
    client: GraphQLClient,
):
    query = f"query Parsed{uuid.uuid4().hex} {{ viewer {{ id }} }}"
    first = await client.execute(query)
    hits = parse_document.cache_info().hits
    again = await client.execute(query)

    assert first.data == again.data == {"viewer": None}
    assert parse_document.cache_info().hits == hits + 1
    for _ in range(2):
        assert_refused(await client.execute("{ viewer { id }"), "Syntax Error: Expected Name, found <EOF>.")


# --- Cost ----------------------------------------------------------------------------------


NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def test_nodes_with_a_full_page_of_ids_is_within_cost_and_batched(client: GraphQLClient):
    response_for_one = await client.execute(NODES, {"ids": [user_id()]})

    response = await client.execute(NODES, {"ids": [user_id() for _ in range(100)]})

    assert response.body == {"data": {"nodes": [None] * 100}}
    assert response.statements == response_for_one.statements > 0


async def test_query_whose_cost_multiplies_past_the_limit_is_refused(client: GraphQLClient):
    # 1,000 ids x 251 fields under each: 1 + 1000 * 251 = 251001, in about 1,300 tokens.
    ids = ", ".join('"x"' for _ in range(1000))
    fields = " ".join("__typename" for _ in range(251))

    response = await client.execute(f"{{ nodes(ids: [{ids}]) {{ ... on User {{ {fields} }} }} }}")

    assert_refused(
        response,
        "The query would cost 251001, above the limit of 250000. "
        "Ask for smaller pages (first/last) or fewer nested lists.",
    )
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "cost": 251001, "maxCost": 250000}


async def test_cost_counts_ids_given_as_a_variable(runtime: Runtime, settings: Settings):
    async with client_with(runtime, settings, max_query_cost=5) as limited:
        within = await limited.execute(NODES, {"ids": [user_id() for _ in range(4)]})
        over = await limited.execute(NODES, {"ids": [user_id() for _ in range(5)]})

    assert within.body == {"data": {"nodes": [None] * 4}}
    assert over.errors[0]["message"].startswith("The query would cost 6, above the limit of 5.")
    assert over.data is None


async def test_cost_of_every_root_field_adds_up(runtime: Runtime, settings: Settings):
    async with client_with(runtime, settings, max_query_cost=3) as limited:
        response = await limited.execute("{ a: viewer { id } b: viewer { id } }")

    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "cost": 4, "maxCost": 3}
    assert response.data is None


# --- Global IDs and lists ------------------------------------------------------------------


async def test_malformed_global_id_is_bad_user_input_naming_the_id(client: GraphQLClient):
    response = await client.execute('{ node(id: "not-an-id") { id } }')

    assert response.data == {"node": None}
    assert response.errors[0]["message"] == "'not-an-id' is not a valid ID."
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["id"]}


NODE_TYPES = (
    "ActivityLog, ApiKey, DatabaseConnection, DiagramState, Invitation, Invoice, Notification, "
    "Organization, OrganizationMember, Project, SchemaVersion, User, Workspace, WorkspaceMember"
)


async def test_well_formed_id_of_an_unknown_type_is_bad_user_input_without_sql(client: GraphQLClient):
    unknown = encode_global_id("Nope", uuid.uuid4())

    response = await client.execute("query ($id: ID!) { node(id: $id) { id } }", {"id": unknown})

    assert response.data == {"node": None}
    assert [error["message"] for error in response.errors] == [
        f"{unknown!r} is not a valid ID: id takes IDs of {NODE_TYPES} objects."
    ]
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["id"]}
    assert response.statements == 0


@pytest.mark.parametrize("type_name", ["Node", "PageInfo", "String"])
async def test_id_of_a_type_that_is_not_a_node_object_type_is_bad_user_input(
    client: GraphQLClient, type_name: str
):
    response = await client.execute(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": encode_global_id(type_name, uuid.uuid4())}
    )

    assert response.error_codes == ["BAD_USER_INPUT"]
    assert response.statements == 0


async def test_nodes_with_an_id_of_an_unknown_type_is_bad_user_input_naming_ids_and_loads_nothing(
    client: GraphQLClient,
):
    unknown = encode_global_id("Nope", uuid.uuid4())

    response = await client.execute(NODES, {"ids": [user_id(), unknown, user_id()]})

    assert response.data is None
    assert [error["message"] for error in response.errors] == [
        f"{unknown!r} is not a valid ID: ids takes IDs of {NODE_TYPES} objects."
    ]
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["ids"]}
    assert response.statements == 0


async def test_nodes_with_a_malformed_id_is_bad_user_input_naming_ids(client: GraphQLClient):
    response = await client.execute(NODES, {"ids": [user_id(), "not-an-id"]})

    assert response.data is None
    assert response.errors[0]["message"] == "'not-an-id' is not a valid ID."
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["ids"]}


async def test_id_of_a_user_that_does_not_exist_resolves_to_null(client: GraphQLClient):
    response = await client.execute("query ($id: ID!) { node(id: $id) { id } }", {"id": user_id()})

    assert response.body == {"data": {"node": None}}


async def test_nodes_with_more_ids_than_a_page_is_bad_user_input(client: GraphQLClient):
    response = await client.execute(NODES, {"ids": [user_id() for _ in range(101)]})

    assert response.data is None
    assert response.errors[0]["message"] == "nodes takes at most 100 ids."
    assert response.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["ids"]}
    assert response.statements == 0


# --- Introspection and suggestions ---------------------------------------------------------

TYPO = "{ viewr { id } }"


async def test_production_refuses_introspection(runtime: Runtime, settings: Settings):
    async with client_with(runtime, settings, env=Environment.PRODUCTION) as production:
        schema_query = await production.execute("{ __schema { queryType { name } } }")
        type_query = await production.execute('{ __type(name: "User") { name } }')

    assert schema_query.data is None
    assert schema_query.errors[0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained the field '__schema'."
    )
    assert set(schema_query.error_codes) == {"BAD_USER_INPUT"}
    assert type_query.data is None
    assert "introspection has been disabled" in type_query.errors[0]["message"]


async def test_production_does_not_suggest_field_names(runtime: Runtime, settings: Settings):
    async with client_with(runtime, settings, env=Environment.PRODUCTION) as production:
        response = await production.execute(TYPO)

    assert_refused(response, "Cannot query field 'viewr' on type 'Query'.")


async def test_development_allows_introspection_and_suggests_field_names(
    runtime: Runtime, settings: Settings
):
    async with client_with(runtime, settings, env=Environment.DEVELOPMENT) as development:
        introspection = await development.execute("{ __schema { queryType { name } } }")
        typo = await development.execute(TYPO)

    assert introspection.body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert_refused(typo, "Cannot query field 'viewr' on type 'Query'. Did you mean 'viewer'?")


async def test_production_can_switch_introspection_back_on(runtime: Runtime, settings: Settings):
    async with client_with(
        runtime, settings, env=Environment.PRODUCTION, introspection=True, field_suggestions=True
    ) as production:
        introspection = await production.execute("{ __schema { queryType { name } } }")
        typo = await production.execute(TYPO)

    assert introspection.body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert "Did you mean 'viewer'?" in typo.errors[0]["message"]
