"""The isolation matrix: every Node type x every way to reach it x every kind of stranger.

One victim tenant holds one object of each type. Unauthenticated callers, outsiders (signed
in, member of nothing here) and too-low roles (a VIEWER of the organization, in no workspace)
must get nothing back and read no names of the victim in any error.

The same with row-level security alone is in ``test_rls_alone``, subscriptions in
``test_subscriptions``, and every mutation, for strangers and for each role (people and API
keys), in ``test_mutation_matrix``. Later issues add their types to ``NODE_TYPES``.
"""

from __future__ import annotations

import pytest

from tests.graphql_client import GraphQLClient
from tests.isolation.victim import STRANGERS, Victim, assert_no_leak

NODE_TYPES = [
    "Organization",
    "Workspace",
    "OrganizationMember",
    "Invitation",
    "ApiKey",
    "ActivityLog",
    "User",
    "Project",
    "Notification",
    "Invoice",
    "SchemaVersion",
    "DatabaseConnection",
    "DiagramState",
]
# Node types a VIEWER of the organization is allowed to see (the rest are for admins or workspace members).
VISIBLE_TO_VIEWER = {"Organization", "OrganizationMember", "User"}

# A VIEWER of the organization may see some types: for those it is no stranger.
NODE_CASES = [
    (stranger, type_name)
    for stranger in STRANGERS
    for type_name in NODE_TYPES
    if not (stranger == "too_low_role" and type_name in VISIBLE_TO_VIEWER)
]


@pytest.mark.parametrize(("stranger", "type_name"), NODE_CASES)
async def test_node_and_nodes_return_null(
    client: GraphQLClient, victim: Victim, strangers: dict[str, str | None], stranger: str, type_name: str
) -> None:
    node_id = victim.ids[type_name]
    token = strangers[stranger]

    single = await client.execute("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, token=token)
    several = await client.execute(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [node_id]}, token=token
    )

    assert single.body == {"data": {"node": None}}
    assert several.body == {"data": {"nodes": [None]}}


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_nested_and_list_paths_show_nothing(
    client: GraphQLClient, victim: Victim, strangers: dict[str, str | None], stranger: str
) -> None:
    token = strangers[stranger]
    by_slug = await client.execute(
        "query($slug: String!) { organization(slug: $slug) { name workspaces { edges { node { name } } } } }",
        {"slug": victim.slug},
        token=token,
    )
    own_lists = await client.execute("{ viewer { organizations { edges { node { name } } } } }", token=token)
    version = victim.ids["SchemaVersion"]
    compared = await client.execute(
        "query($a: ID!, $b: ID!) { compareSchemaVersions(fromId: $a, toId: $b) { changes { path } } }",
        {"a": version, "b": version},
        token=token,
    )

    if stranger == "too_low_role":  # a member: sees the organization, but none of its workspaces
        assert by_slug.data["organization"]["workspaces"]["edges"] == []
    else:
        assert by_slug.body == {"data": {"organization": None}}
        assert_no_leak(own_lists.body)
    assert compared.data is None
    assert compared.error_codes == ["UNAUTHENTICATED" if stranger == "unauthenticated" else "NOT_FOUND"]
    assert_no_leak(compared.body)
