"""GraphQL over WebSocket on a real uvicorn: both the current and the legacy subprotocol."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from app.config import Environment
from app.runtime import Runtime
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.live_server import serve
from tests.ws_client import receive, ws_url

QUERY = "{ viewer { id } }"


@pytest.fixture(scope="module")
async def account(client: GraphQLClient) -> Account:
    return await sign_up(client, "socket")


async def test_graphql_transport_ws_runs_an_operation(live_server: str, account: Account) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == "graphql-transport-ws"
        await socket.send(json.dumps({"type": "connection_init", "payload": _auth(account)}))
        assert (await receive(socket))["type"] == "connection_ack"

        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": QUERY}}))
        result = await receive(socket)
        completed = await receive(socket)

    assert result == {"type": "next", "id": "1", "payload": {"data": {"viewer": {"id": account.user_id}}}}
    assert completed == {"type": "complete", "id": "1"}


def _auth(account: Account) -> dict[str, str]:
    return {"authorization": f"Bearer {account.access_token}"}


@pytest.mark.parametrize(
    "payload", [{}, {"authorization": "Bearer not-a-token"}, {"authorization": "Basic x"}]
)
async def test_connection_init_without_valid_authorization_is_refused(
    live_server: str, payload: dict[str, str]
) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_legacy_protocol_refuses_an_unauthenticated_connection(live_server: str) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        answer = await receive(socket)
    assert answer["type"] == "connection_error"
    assert "authorization" in answer["payload"]["message"]


async def test_a_socket_that_never_sends_connection_init_is_closed(runtime: Runtime) -> None:
    settings = runtime.settings.model_copy(update={"connection_init_timeout_seconds": 0.3})
    async with (
        serve(runtime, settings) as base_url,
        connect(ws_url(base_url), subprotocols=[Subprotocol("graphql-transport-ws")]) as socket,
    ):
        with pytest.raises(ConnectionClosed) as closed:
            async with asyncio.timeout(5):
                await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4408


async def test_an_oversized_message_closes_the_socket(live_server: str, account: Account) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": _auth(account)}))
        await receive(socket)
        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": "x" * 2_000_000}}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009


async def test_a_foreign_origin_is_refused_in_production(runtime: Runtime) -> None:
    settings = runtime.settings.model_copy(
        update={"env": Environment.PRODUCTION, "websocket_allowed_origins": ["https://app.vizora.dev"]}
    )
    async with serve(runtime, settings) as base_url:
        protocols = [Subprotocol("graphql-transport-ws")]
        with pytest.raises(InvalidStatus):
            async with connect(
                ws_url(base_url), subprotocols=protocols, origin=Origin("https://evil.example")
            ):
                pass
        async with connect(
            ws_url(base_url), subprotocols=protocols, origin=Origin("https://app.vizora.dev")
        ) as socket:
            assert socket.subprotocol == "graphql-transport-ws"


async def test_legacy_graphql_ws_is_served_and_answers_in_its_own_protocol(
    live_server: str, account: Account
) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-ws"]) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == "graphql-ws"
        await socket.send(json.dumps({"type": "connection_init", "payload": _auth(account)}))
        assert (await receive(socket))["type"] == "connection_ack"

        # The legacy protocol carries subscriptions only; a query is answered with its error message.
        await socket.send(json.dumps({"type": "start", "id": "1", "payload": {"query": QUERY}}))
        answer = await receive(socket)

    assert answer["type"] == "error"
    assert answer["id"] == "1"
    assert answer["payload"]["message"] == "queries are not allowed"


async def test_subscribing_before_connection_init_closes_the_socket(live_server: str) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": QUERY}}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


async def test_malformed_message_closes_the_socket_and_the_server_keeps_serving(
    live_server: str, account: Account
) -> None:
    async with connect(ws_url(live_server), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send("{not json")
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400

    await test_graphql_transport_ws_runs_an_operation(live_server, account)
