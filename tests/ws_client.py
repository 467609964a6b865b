"""A GraphQL-over-WebSocket client for tests, on real connections to a real uvicorn."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

RECEIVE_TIMEOUT_SECONDS = 5
TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"


def ws_url(live_server: str) -> str:
    return live_server.replace("http://", "ws://") + "/graphql"


async def receive(
    socket: ClientConnection,
    *,
    skip: tuple[str, ...] = ("ka", "ping"),
    within: float = RECEIVE_TIMEOUT_SECONDS,
) -> dict[str, Any]:
    while True:
        async with asyncio.timeout(within):
            message: dict[str, Any] = json.loads(await socket.recv(decode=True))
        if message["type"] not in skip:
            return message


class GraphQLSocket:
    """One signed-in connection; ``subscribe`` starts an operation and returns its id."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self._ids = itertools.count(1)

    @property
    def legacy(self) -> bool:
        return self.socket.subprotocol == LEGACY_WS

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        operation_id = str(next(self._ids))
        kind = "start" if self.legacy else "subscribe"
        payload = {"query": query, "variables": variables or {}}
        await self.socket.send(json.dumps({"type": kind, "id": operation_id, "payload": payload}))
        return operation_id

    async def next(self, within: float = RECEIVE_TIMEOUT_SECONDS) -> dict[str, Any]:
        """The next message about an operation (data, error or complete)."""
        return await receive(self.socket, within=within)


@asynccontextmanager
async def signed_in(
    live_server: str, token: str, protocol: str = TRANSPORT_WS
) -> AsyncIterator[GraphQLSocket]:
    async with connect(ws_url(live_server), subprotocols=[protocol]) as socket:  # type: ignore[list-item]
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        ack = await receive(socket)
        assert ack["type"] == "connection_ack", ack
        yield GraphQLSocket(socket)
