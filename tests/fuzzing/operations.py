"""The operations: hypothesis-graphql writes valid documents from the schema (any root fields,
any arguments, any selection; strings with NUL and any Unicode). Their ID arguments are mostly
real global IDs of the seeded tenant, which holds one object of every Node type, so that
requests get past decoding and into the services; otherwise garbage (malformed, of a type that
has no objects, a real row under another type's name, nobody's).

The documents hold placeholders rather than the tenant's IDs (which are random per run): the
same seed gives the same documents, and a failing example still reproduces after the tenant
was seeded again. ``resolve_ids`` puts the real IDs in just before sending.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC
from functools import cache

import graphql
import hypothesis_graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from strawberry import relay

from graphql_schema.export import schema_sdl
from graphql_schema.node import decode_global_id, encode_global_id

# A placeholder is a string literal "fuzz-real-id-<slot>" or "fuzz-real-id-<slot>-as-<Type>".
PLACEHOLDER_PREFIX = "fuzz-real-id-"
PLACEHOLDER = re.compile(r'(?:(\w+): )?"fuzz-real-id-(\d+)(?:-as-(\w+))?"')
SLOTS = 64  # a slot picks one of the IDs that fit the argument (modulo their number)
# The argument names whose Node type the name does not spell out; the rest drop "Id".
ARGUMENT_TYPES = {
    "diagramId": "DiagramState",
    "connectionId": "DatabaseConnection",
    "versionId": "SchemaVersion",
    "fromId": "SchemaVersion",
    "toId": "SchemaVersion",
}


class Principal(enum.Enum):
    OWNER = "owner"  # of the tenant's organization
    VIEWER = "viewer"  # an organization VIEWER, in no workspace
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Operation:
    principal: Principal
    document: str  # with placeholders for the tenant's IDs: see resolve_ids


@cache
def graphql_schema() -> graphql.GraphQLSchema:
    """The schema the server serves (the SDL of schema.graphql, built fresh from the code)."""
    return graphql.build_schema(schema_sdl())


def operations() -> st.SearchStrategy[Operation]:
    """A query or mutation, sent by the owner half the time, else by the viewer or nobody."""
    schema = graphql_schema()
    assert schema.query_type is not None
    assert schema.mutation_type is not None
    roots = [*schema.query_type.fields, *schema.mutation_type.fields]
    # A signed-in logOut ends the session every later operation of that principal signs in
    # with; it is sent anonymously (where the refresh-token path is fuzzed just the same).
    signed_in = [name for name in roots if name != "logOut"]

    def by(principal: Principal) -> st.SearchStrategy[Operation]:
        fields = roots if principal is Principal.ANONYMOUS else signed_in
        documents = hypothesis_graphql.from_schema(schema, fields=fields, custom_scalars=CUSTOM_SCALARS)
        return st.builds(Operation, st.just(principal), documents)

    weighted = [Principal.OWNER, Principal.OWNER, Principal.VIEWER, Principal.ANONYMOUS]
    strategies = {principal: by(principal) for principal in Principal}
    return st.sampled_from(weighted).flatmap(strategies.__getitem__)


def node_type_names() -> list[str]:
    schema = graphql_schema()
    return sorted(
        name
        for name, type_ in schema.type_map.items()
        if isinstance(type_, graphql.GraphQLObjectType) and "Node" in {i.name for i in type_.interfaces}
    )


def id_values() -> st.SearchStrategy[graphql.ValueNode]:
    """Mostly a real ID (a placeholder), sometimes a real row under another type's name, else garbage."""
    types = node_type_names()
    real = st.integers(0, SLOTS - 1).map(f"{PLACEHOLDER_PREFIX}{{}}".format)
    retyped = st.builds(
        "{}{}-as-{}".format, st.just(PLACEHOLDER_PREFIX), st.integers(0, SLOTS - 1), st.sampled_from(types)
    )
    nobodys = st.builds(encode_global_id, st.sampled_from(types), st.uuids())
    # Base64 of "Type:payload" where the type is no Node or the payload no UUID.
    misshapen = st.builds(
        relay.to_base64, st.sampled_from([*types, "Query", "Node", "String", ""]), st.text()
    )
    garbage = st.one_of(
        st.text().map(nodes.String), st.integers().map(nodes.Int), misshapen.map(nodes.String)
    )
    kind = st.sampled_from(["real", "real", "real", "retyped", "nobodys", "garbage"])
    branches: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
        "real": real.map(nodes.String),
        "retyped": retyped.map(nodes.String),
        "nobodys": nobodys.map(nodes.String),
        "garbage": garbage,
    }
    return kind.flatmap(branches.__getitem__)


def json_values() -> st.SearchStrategy[graphql.ValueNode]:
    names = st.from_regex(r"\A[_A-Za-z][_0-9A-Za-z]{0,8}\Z")
    leaves = st.one_of(
        st.just(nodes.Null),
        st.booleans().map(nodes.Boolean),
        st.integers().map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        st.text().map(nodes.String),
    )

    def containers(children: st.SearchStrategy[graphql.ValueNode]) -> st.SearchStrategy[graphql.ValueNode]:
        fields = st.dictionaries(names, children, max_size=4).map(
            lambda items: nodes.Object(
                [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in items.items()]
            )
        )
        return st.lists(children, max_size=4).map(nodes.List) | fields

    return st.recursive(leaves, containers, max_leaves=10)


def datetime_values() -> st.SearchStrategy[graphql.ValueNode]:
    instants = st.datetimes(timezones=st.none() | st.just(UTC)).map(lambda moment: moment.isoformat())
    return (instants | st.text()).map(nodes.String)


CUSTOM_SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "ID": id_values(),
    "JSON": json_values(),
    "DateTime": datetime_values(),
    # Upload is left out: it only travels in a multipart request, and is optional everywhere.
}


def resolve_ids(document: str, ids: dict[str, list[str]]) -> str:
    """The document with each placeholder replaced by one of the tenant's IDs: of the type its
    argument names (``projectId`` takes a Project's), else of any type. ``ids``: global IDs by
    Node type."""
    every_id = [global_id for of_type in ids.values() for global_id in of_type]

    def real_id(match: re.Match[str]) -> str:
        argument, slot, retype = match.group(1), int(match.group(2)), match.group(3)
        type_name = argument_type(argument)
        pool = (ids.get(type_name) if type_name else None) or every_id
        global_id = pool[slot % len(pool)]
        if retype:
            global_id = encode_global_id(retype, decode_global_id(global_id)[1])
        prefix = f"{argument}: " if argument else ""
        return f'{prefix}"{global_id}"'

    return PLACEHOLDER.sub(real_id, document)


def argument_type(argument: str | None) -> str | None:
    """The Node type an ID argument takes by its name (``workspaceId``: Workspace)."""
    if not argument or not argument.endswith("Id"):
        return None
    return ARGUMENT_TYPES.get(argument) or argument[0].upper() + argument[1:-2]
