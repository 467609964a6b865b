"""Diagrams through the API: the default diagram, named layouts, rebasing, and edits that
never lose an update."""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET
from typing import Any

from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.projects.test_ingest_api import create
from tests.projects.test_versions import project_of

SHOP = """
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
CREATE TABLE items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
"""
SHOP_V2 = """
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
"""
DIAGRAM_FIELDS = "id name revision nodes { tableKey x y color collapsed hidden } viewport { x y zoom } schemaVersion { number }"
DIAGRAMS = f"query($id: ID!) {{ node(id: $id) {{ ... on Project {{ diagrams {{ {DIAGRAM_FIELDS} }} }} }} }}"
UPDATE = f"""
mutation($input: UpdateDiagramInput!) {{
  updateDiagram(input: $input) {{ diagram {{ {DIAGRAM_FIELDS} }} userErrors {{ field message code }} }}
}}
"""
MUTATE = {
    name: f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) {{ diagram {{ {DIAGRAM_FIELDS} }} userErrors {{ field message code }} }} }}"
    for name in ("createDiagram", "renameDiagram", "duplicateDiagram", "rebaseDiagram")
}
DELETE = "mutation($input: DeleteDiagramInput!) { deleteDiagram(input: $input) { deletedDiagramId userErrors { code } } }"
SVG = "query($id: ID!) { node(id: $id) { ... on DiagramState { svg } } }"


async def shop_diagram(client: GraphQLClient) -> tuple[str, str, str, dict[str, Any]]:
    project_id, editor, viewer = await project_of(client)
    await create(client, editor, project_id, SHOP)
    [diagram] = (await client.execute(DIAGRAMS, {"id": project_id}, token=viewer)).data["node"]["diagrams"]
    return project_id, editor, viewer, diagram


def nodes_of(diagram: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["tableKey"]: node for node in diagram["nodes"]}


async def test_the_first_version_brings_a_main_diagram_laid_out(client: GraphQLClient) -> None:
    _, _, _, diagram = await shop_diagram(client)

    nodes = nodes_of(diagram)
    assert (diagram["name"], diagram["revision"], diagram["schemaVersion"]["number"]) == ("Main", 1, 1)
    assert set(nodes) == {"public.customers", "public.orders", "public.items"}
    assert len({(node["x"], node["y"]) for node in nodes.values()}) == 3  # placed apart


async def test_an_update_applies_only_the_given_nodes_and_bumps_the_revision(client: GraphQLClient) -> None:
    _, editor, _, diagram = await shop_diagram(client)
    before = nodes_of(diagram)

    answer = await client.execute(
        UPDATE,
        {
            "input": {
                "diagramId": diagram["id"],
                "baseRevision": 1,
                "nodes": [{"tableKey": "public.orders", "x": 500, "color": "#ff8800"}],
                "viewport": {"x": 10, "y": 20, "zoom": 1.5},
            }
        },
        token=editor,
    )

    updated = answer.data["updateDiagram"]["diagram"]
    after = nodes_of(updated)
    assert answer.data["updateDiagram"]["userErrors"] == []
    assert updated["revision"] == 2
    assert after["public.orders"] == {**before["public.orders"], "x": 500.0, "color": "#ff8800"}
    assert after["public.customers"] == before["public.customers"]
    assert updated["viewport"] == {"x": 10.0, "y": 20.0, "zoom": 1.5}


async def test_a_stale_revision_gets_conflict_with_the_current_diagram_and_changes_nothing(
    client: GraphQLClient,
) -> None:
    _, editor, _, diagram = await shop_diagram(client)
    move = {"diagramId": diagram["id"], "baseRevision": 1, "nodes": [{"tableKey": "public.items", "x": 1}]}
    await client.execute(UPDATE, {"input": move}, token=editor)

    stale = await client.execute(
        UPDATE, {"input": {**move, "nodes": [{"tableKey": "public.items", "x": 2}]}}, token=editor
    )

    payload = stale.data["updateDiagram"]
    assert [error["code"] for error in payload["userErrors"]] == ["CONFLICT"]
    assert payload["diagram"]["revision"] == 2
    assert nodes_of(payload["diagram"])["public.items"]["x"] == 1.0


async def test_twenty_concurrent_writers_on_one_revision_exactly_one_wins(client: GraphQLClient) -> None:
    project_id, editor, viewer, diagram = await shop_diagram(client)

    answers = await asyncio.gather(
        *(
            client.execute(
                UPDATE,
                {
                    "input": {
                        "diagramId": diagram["id"],
                        "baseRevision": 1,
                        "nodes": [{"tableKey": "public.orders", "x": float(writer), "y": float(-writer)}],
                    }
                },
                token=editor,
            )
            for writer in range(20)
        )
    )

    payloads = [answer.data["updateDiagram"] for answer in answers]
    winners = [payload for payload in payloads if not payload["userErrors"]]
    losers = [payload for payload in payloads if payload["userErrors"]]
    assert len(winners) == 1
    assert len(losers) == 19
    assert all(payload["userErrors"][0]["code"] == "CONFLICT" for payload in losers)
    [stored] = (await client.execute(DIAGRAMS, {"id": project_id}, token=viewer)).data["node"]["diagrams"]
    assert stored == winners[0]["diagram"]
    assert stored["revision"] == 2


async def test_bad_edits_are_refused_with_a_clear_error(client: GraphQLClient) -> None:
    _, editor, _, diagram = await shop_diagram(client)
    base = {"diagramId": diagram["id"], "baseRevision": 1}
    cases: dict[str, dict[str, Any]] = {
        "unknown table": {"nodes": [{"tableKey": "public.nope", "x": 1}]},
        "huge coordinate": {"nodes": [{"tableKey": "public.orders", "x": 1e12}]},
        "too many nodes": {"nodes": [{"tableKey": "public.orders", "x": float(i)} for i in range(10_000)]},
        "bad colour": {"nodes": [{"tableKey": "public.orders", "color": "red"}]},
        "bad zoom": {"viewport": {"x": 0, "y": 0, "zoom": 0}},
    }
    for label, change in cases.items():
        answer = await client.execute(UPDATE, {"input": {**base, **change}}, token=editor)
        [error] = answer.data["updateDiagram"]["userErrors"]
        assert error["code"] == "BAD_USER_INPUT", (label, error)
    body = json.dumps(
        {
            "query": UPDATE,
            "variables": {"input": {**base, "nodes": [{"tableKey": "public.orders", "x": "NOT_A_NUMBER"}]}},
        }
    )
    not_a_number = await client.http.post(
        "/graphql",
        content=body.replace('"NOT_A_NUMBER"', "NaN"),
        headers={"Authorization": f"Bearer {editor}", "Content-Type": "application/json"},
    )
    # JSON has no NaN; a client that sends one anyway is refused before anything runs.
    assert not_a_number.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    after = await client.execute(UPDATE, {"input": {**base, "nodes": []}}, token=editor)
    assert after.data["updateDiagram"]["diagram"]["revision"] == 2  # nothing before applied


async def test_viewers_cannot_edit_and_strangers_cannot_find_diagrams(client: GraphQLClient) -> None:
    _, _, viewer, diagram = await shop_diagram(client)
    stranger = await sign_up(client, "lurker")
    move = {
        "input": {
            "diagramId": diagram["id"],
            "baseRevision": 1,
            "nodes": [{"tableKey": "public.orders", "x": 9}],
        }
    }

    by_viewer = await client.execute(UPDATE, move, token=viewer)
    by_stranger = await client.execute(UPDATE, move, token=stranger.access_token)
    seen = await client.execute(
        "query($id: ID!) { node(id: $id) { id } }", {"id": diagram["id"]}, token=stranger.access_token
    )

    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert by_stranger.error_codes == ["NOT_FOUND"]
    assert seen.data["node"] is None


async def test_named_layouts_are_created_renamed_duplicated_and_deleted(client: GraphQLClient) -> None:
    project_id, editor, viewer, main = await shop_diagram(client)

    created = (
        await client.execute(
            MUTATE["createDiagram"], {"input": {"projectId": project_id, "name": "Billing"}}, token=editor
        )
    ).data["createDiagram"]
    clash = (
        await client.execute(
            MUTATE["renameDiagram"],
            {"input": {"diagramId": created["diagram"]["id"], "name": "Main"}},
            token=editor,
        )
    ).data["renameDiagram"]
    renamed = (
        await client.execute(
            MUTATE["renameDiagram"],
            {"input": {"diagramId": created["diagram"]["id"], "name": "Money"}},
            token=editor,
        )
    ).data["renameDiagram"]
    copy = (
        await client.execute(
            MUTATE["duplicateDiagram"],
            {"input": {"diagramId": main["id"], "name": "Main copy"}},
            token=editor,
        )
    ).data["duplicateDiagram"]
    deleted = (
        await client.execute(DELETE, {"input": {"diagramId": created["diagram"]["id"]}}, token=editor)
    ).data["deleteDiagram"]
    names = [
        d["name"]
        for d in (await client.execute(DIAGRAMS, {"id": project_id}, token=viewer)).data["node"]["diagrams"]
    ]

    assert created["userErrors"] == []
    assert len(created["diagram"]["nodes"]) == 3
    assert clash["userErrors"][0]["code"] == "CONFLICT"
    assert renamed["diagram"]["name"] == "Money"
    assert nodes_of(copy["diagram"]) == nodes_of(main)
    assert deleted["userErrors"] == []
    assert names == ["Main", "Main copy"]


async def test_rebasing_keeps_positions_of_tables_that_still_exist(client: GraphQLClient) -> None:
    project_id, editor, _, main = await shop_diagram(client)
    await client.execute(
        UPDATE,
        {
            "input": {
                "diagramId": main["id"],
                "baseRevision": 1,
                "nodes": [{"tableKey": "public.orders", "x": 4321, "y": 1234}],
            }
        },
        token=editor,
    )
    await create(client, editor, project_id, SHOP_V2)

    rebased = (
        await client.execute(MUTATE["rebaseDiagram"], {"input": {"diagramId": main["id"]}}, token=editor)
    ).data["rebaseDiagram"]["diagram"]

    nodes = nodes_of(rebased)
    assert rebased["schemaVersion"]["number"] == 2
    assert set(nodes) == {"public.customers", "public.orders", "public.invoices"}
    assert (nodes["public.orders"]["x"], nodes["public.orders"]["y"]) == (4321.0, 1234.0)
    assert nodes["public.customers"] == nodes_of(main)["public.customers"]


async def test_a_diagram_draws_as_svg(client: GraphQLClient) -> None:
    _, _, viewer, diagram = await shop_diagram(client)

    svg = (await client.execute(SVG, {"id": diagram["id"]}, token=viewer)).data["node"]["svg"]

    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "customers" in svg
    assert "orders" in svg
