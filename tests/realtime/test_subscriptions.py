"""Subscriptions over real WebSocket connections: two people's clients see each other's
moves, in both subprotocols; access is checked when subscribing and again when membership
changes; rolled-back work publishes nothing."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from websockets.exceptions import ConnectionClosed

from app.db.bootstrap import DatabaseTargets
from app.realtime.postgres_notify import channel_for
from app.realtime.topics import diagram_topic
from app.runtime import open_runtime
from graphql_schema.node import decode_global_id
from tests.accounts import Account, sign_up
from tests.conftest import make_settings
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient
from tests.live_server import serve
from tests.projects.test_diagrams import DIAGRAMS, SHOP, UPDATE
from tests.projects.test_ingest_api import create
from tests.projects.test_projects import CREATE, team
from tests.tenancy.test_membership import REMOVE
from tests.ws_client import LEGACY_WS, TRANSPORT_WS, GraphQLSocket, signed_in

DIAGRAM_UPDATED = """
subscription($id: ID!) { diagramUpdated(diagramId: $id) {
  diagram { id revision } changedNodes { tableKey x y } actor { id }
} }
"""
PROJECT_EVENTS = """
subscription($id: ID!) { projectEvents(projectId: $id) {
  __typename
  ... on SchemaVersionCreatedEvent { schemaVersion { number } actor { id } }
  ... on DiagramChangedEvent { kind diagram { revision } }
} }
"""


@dataclass(frozen=True)
class Room:
    organization_id: str
    workspace_id: str
    project_id: str
    diagram_id: str
    owner: Account
    editor: Account
    viewer: Account


async def room(client: GraphQLClient) -> Room:
    owner, organization, workspace, editor, viewer = await team(client)
    project = (
        await client.execute(
            CREATE, {"input": {"workspaceId": workspace["id"], "name": "Live"}}, token=editor.access_token
        )
    ).data["createProject"]["project"]
    await create(client, editor.access_token, project["id"], SHOP)
    [diagram] = (await client.execute(DIAGRAMS, {"id": project["id"]}, token=editor.access_token)).data[
        "node"
    ]["diagrams"]
    return Room(organization["id"], workspace["id"], project["id"], diagram["id"], owner, editor, viewer)


async def move(client: GraphQLClient, room: Room, base: int, x: float) -> dict[str, Any]:
    answer = await client.execute(
        UPDATE,
        {
            "input": {
                "diagramId": room.diagram_id,
                "baseRevision": base,
                "nodes": [{"tableKey": "public.orders", "x": x, "y": 7}],
            }
        },
        token=room.editor.access_token,
    )
    payload: dict[str, Any] = answer.data["updateDiagram"]
    return payload


def data_of(message: dict[str, Any], field: str) -> dict[str, Any]:
    assert message["type"] in ("next", "data"), message
    data: dict[str, Any] = message["payload"]["data"][field]
    return data


async def until_complete(socket: GraphQLSocket) -> list[dict[str, Any]]:
    """An operation that failed: its error, then (in graphql-transport-ws) its completion."""
    messages = [await socket.next()]
    while messages[-1]["type"] not in ("complete", "error"):
        messages.append(await socket.next())
    if messages[-1]["type"] == "error":
        return messages
    assert messages[0]["payload"].get("errors"), messages
    return messages


async def drain(socket: GraphQLSocket) -> None:
    """Read until the server closes the connection."""
    while True:
        await socket.next()


async def settle() -> None:
    """Subscribing is asynchronous on the server: give the LISTEN a moment to be in place."""
    await asyncio.sleep(0.3)


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_both_people_see_a_move_with_its_revision_nodes_and_actor(
    client: GraphQLClient, live_server: str, protocol: str
) -> None:
    shared = await room(client)
    async with (
        signed_in(live_server, shared.editor.access_token, protocol) as editor_socket,
        signed_in(live_server, shared.viewer.access_token, protocol) as viewer_socket,
    ):
        for socket in (editor_socket, viewer_socket):
            await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        await settle()

        await move(client, shared, 1, 640)
        seen = [data_of(await socket.next(), "diagramUpdated") for socket in (editor_socket, viewer_socket)]

    for event in seen:
        assert event["diagram"] == {"id": shared.diagram_id, "revision": 2}
        assert event["changedNodes"] == [{"tableKey": "public.orders", "x": 640.0, "y": 7.0}]
        assert event["actor"] == {"id": shared.editor.user_id}


async def test_a_conflicting_update_publishes_nothing(client: GraphQLClient, live_server: str) -> None:
    shared = await room(client)
    async with signed_in(live_server, shared.viewer.access_token) as socket:
        await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        await settle()

        await move(client, shared, 1, 1)
        stale = await move(client, shared, 1, 2)
        first = data_of(await socket.next(), "diagramUpdated")
        with pytest.raises(TimeoutError):
            await socket.next(within=0.8)

    assert stale["userErrors"][0]["code"] == "CONFLICT"
    assert first["diagram"]["revision"] == 2


async def test_a_removed_member_is_cut_off_at_once(client: GraphQLClient, live_server: str) -> None:
    shared = await room(client)
    async with signed_in(live_server, shared.viewer.access_token) as socket:
        operation = await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        await settle()

        removed = await client.execute(
            REMOVE,
            {
                "input": {
                    "organizationId": shared.organization_id,
                    "userId": shared.viewer.user_id,
                    "workspaceId": shared.workspace_id,
                }
            },
            token=shared.owner.access_token,
        )
        ended = await until_complete(socket)
        await move(client, shared, 1, 3)
        with pytest.raises(TimeoutError):
            await socket.next(within=0.8)

    assert removed.data["removeMember"]["userErrors"] == []
    assert {message["id"] for message in ended} == {operation}
    assert "No such workspace" in str(ended[0]["payload"])


async def test_subscribing_to_a_diagram_of_another_tenant_is_not_found(
    client: GraphQLClient, live_server: str
) -> None:
    shared = await room(client)
    stranger = await sign_up(client, "eavesdropper")
    async with signed_in(live_server, stranger.access_token) as socket:
        await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        answer = await until_complete(socket)
        await move(client, shared, 1, 5)
        with pytest.raises(TimeoutError):
            await socket.next(within=0.8)

    assert "No such diagram" in str(answer[0]["payload"])
    assert shared.diagram_id not in str(answer)


async def test_project_events_tell_of_versions_and_diagram_changes(
    client: GraphQLClient, live_server: str
) -> None:
    shared = await room(client)
    async with signed_in(live_server, shared.viewer.access_token) as socket:
        await socket.subscribe(PROJECT_EVENTS, {"id": shared.project_id})
        await settle()

        await create(
            client, shared.editor.access_token, shared.project_id, SHOP + "CREATE TABLE extra (id int);"
        )
        version = data_of(await socket.next(), "projectEvents")
        await move(client, shared, 1, 11)
        diagram = data_of(await socket.next(), "projectEvents")

    assert version == {
        "__typename": "SchemaVersionCreatedEvent",
        "schemaVersion": {"number": 2},
        "actor": {"id": shared.editor.user_id},
    }
    assert diagram == {"__typename": "DiagramChangedEvent", "kind": "UPDATED", "diagram": {"revision": 2}}


async def test_a_duplicate_subscription_id_closes_the_socket(client: GraphQLClient, live_server: str) -> None:
    shared = await room(client)
    async with signed_in(live_server, shared.viewer.access_token) as socket:
        message = {
            "type": "subscribe",
            "id": "same",
            "payload": {"query": DIAGRAM_UPDATED, "variables": {"id": shared.diagram_id}},
        }
        await socket.socket.send(json.dumps(message))
        await socket.socket.send(json.dumps(message))
        with pytest.raises(ConnectionClosed) as closed:
            await drain(socket)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4409


async def test_a_subscription_whose_server_falls_behind_ends_with_a_retryable_error(
    client: GraphQLClient, database: DatabaseTargets, owner_session: AsyncSession
) -> None:
    shared = await room(client)
    settings = make_settings(database, broker="postgres", subscription_queue_size=2)
    small = open_runtime(settings, TEST_SECRET_KEY, database)
    await small.start_broker()
    try:
        async with serve(small) as base_url, signed_in(base_url, shared.viewer.access_token) as socket:
            await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
            await settle()
            # NOTIFYs of one transaction arrive together: far more at once than the queue holds
            # (each distinct: PostgreSQL folds identical notifications of a transaction into one).
            topic = diagram_topic(decode_global_id(shared.diagram_id)[1])
            await owner_session.execute(
                text(
                    "SELECT pg_notify(:channel, json_build_object('topic', CAST(:topic AS text), 'payload', "
                    "json_build_object('diagram_id', 'x', 'revision', 1, 'nodes', '[]'::json, 'n', n))::text) "
                    "FROM generate_series(1, 50) AS n"
                ),
                {"channel": channel_for(topic), "topic": topic},
            )
            await owner_session.commit()
            ended = await until_complete(socket)
            # The connection stays: the client subscribes again and refetches.
            again = await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
            await settle()
            await move(client, shared, 1, 5)
            resumed = await socket.next()
    finally:
        await small.close()

    [error] = ended[0]["payload"]["errors"]
    assert error["extensions"]["code"] == "UNAVAILABLE"
    assert "subscribe again and refetch" in error["message"]
    assert resumed["id"] == again
    assert data_of(resumed, "diagramUpdated")["diagram"]["revision"] == 2
