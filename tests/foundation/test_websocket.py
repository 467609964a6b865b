"""GraphQL over WebSocket on a real uvicorn: both the current and the legacy subprotocol."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

QUERY = "{ viewer { id } }"


def _ws_url(live_server: str) -> str:
    return live_server.replace("http://", "ws://") + "/graphql"


RECEIVE_TIMEOUT_SECONDS = 5


async def _receive(socket: ClientConnection, *, skip: tuple[str, ...] = ("ka", "ping")) -> dict[str, Any]:
    while True:
        async with asyncio.timeout(RECEIVE_TIMEOUT_SECONDS):
            message: dict[str, Any] = json.loads(await socket.recv(decode=True))
        if message["type"] not in skip:
            return message


async def test_graphql_transport_ws_runs_an_operation(live_server: str) -> None:
    async with connect(_ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == "graphql-transport-ws"
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert (await _receive(socket))["type"] == "connection_ack"

        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": QUERY}}))
        result = await _receive(socket)
        completed = await _receive(socket)

    assert result == {"type": "next", "id": "1", "payload": {"data": {"viewer": None}}}
    assert completed == {"type": "complete", "id": "1"}


async def test_legacy_graphql_ws_is_served_and_answers_in_its_own_protocol(live_server: str) -> None:
    async with connect(_ws_url(live_server), subprotocols=["graphql-ws"]) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == "graphql-ws"
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert (await _receive(socket))["type"] == "connection_ack"

        # The legacy protocol carries subscriptions only; a query is answered with its error message.
        await socket.send(json.dumps({"type": "start", "id": "1", "payload": {"query": QUERY}}))
        answer = await _receive(socket)

    assert answer["type"] == "error"
    assert answer["id"] == "1"
    assert answer["payload"]["message"] == "queries are not allowed"


async def test_subscribing_before_connection_init_closes_the_socket(live_server: str) -> None:
    async with connect(_ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": QUERY}}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


async def test_malformed_message_closes_the_socket_and_the_server_keeps_serving(live_server: str) -> None:
    async with connect(_ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send("{not json")
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400

    await test_graphql_transport_ws_runs_an_operation(live_server)
