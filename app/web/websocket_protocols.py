"""What both WebSocket subprotocols enforce alike, beyond strawberry's handlers: a socket that
does not sign in within the timeout is closed (strawberry times out only graphql-transport-ws),
a client address may hold only so many sockets that have not signed in yet, the limit on
operations per socket answers with a code a client can act on, and a message that is not JSON,
or nests past the parser's stack, closes the socket with 4400 (strawberry drops what it cannot
read in the legacy protocol, and lets the parser's RecursionError escape in both)."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import suppress
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, GraphQLFormattedError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage, SubscribeMessage
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import ErrorMessage as LegacyErrorMessage
from strawberry.subscriptions.protocols.graphql_ws.types import StartMessage

from app.errors import ErrorCode

CONNECTION_INIT_TIMEOUT = 4408  # graphql-transport-ws's codes; the legacy protocol has none
INVALID_MESSAGE = 4400


class UnsignedSockets:
    """Sockets per client address that are open but not signed in yet. Signing in is cheap to
    delay and a socket costs a file descriptor and a task, so one address may not hold more
    than ``per_address`` of them; signed-in sockets are bounded by their account instead."""

    def __init__(self, per_address: int) -> None:
        self.per_address = per_address
        self._counts: Counter[str] = Counter()

    def admit(self, address: str) -> UnsignedSocket | None:
        """A place for a new socket from ``address``; None when the address has no room."""
        if self._counts[address] >= self.per_address:
            return None
        self._counts[address] += 1
        return UnsignedSocket(self, address)

    def _release(self, address: str) -> None:
        self._counts[address] -= 1
        if self._counts[address] <= 0:
            del self._counts[address]


class UnsignedSocket:
    """One socket's place among its address's unsigned sockets, given back once: when the
    socket signs in or closes, whichever comes first."""

    def __init__(self, sockets: UnsignedSockets, address: str) -> None:
        self._sockets: UnsignedSockets | None = sockets
        self._address = address

    def release(self) -> None:
        if self._sockets is not None:
            self._sockets._release(self._address)
            self._sockets = None


def operation_limit_error(limit: int) -> GraphQLFormattedError:
    message = (
        f"Subscription limit reached: at most {limit} operations run at once on one socket; "
        "stop one (or open another socket) before starting another."
    )
    return GraphQLError(message, extensions={"code": ErrorCode.RATE_LIMITED.value}).formatted


class TransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    async def handle(self) -> None:
        try:
            await super().handle()
        except HTTPException as unreadable:  # the view's decode_json refused a message
            await self.handle_invalid_message(unreadable.reason)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self.max_subscriptions_per_connection
        if self.connection_acknowledged and limit is not None and len(self.operations) >= limit:
            error = operation_limit_error(limit)
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error]))
            return
        await super().handle_subscribe(message)


class LegacyWSHandler(BaseGraphQLWSHandler[Any, Any]):
    """The legacy graphql-ws protocol, closed with 4408 like the current one when no
    ``connection_init`` is acknowledged in time, and with 4400 on a message it cannot read."""

    async def handle(self) -> None:
        timeout = asyncio.create_task(self._close_unless_acknowledged())
        try:
            await super().handle()
        except HTTPException as unreadable:  # the view's decode_json refused a message
            await self.websocket.close(code=INVALID_MESSAGE, reason=unreadable.reason)
        finally:
            timeout.cancel()
            with suppress(asyncio.CancelledError):
                await timeout

    async def _close_unless_acknowledged(self) -> None:
        await asyncio.sleep(self.view.connection_init_wait_timeout.total_seconds())
        if not self.connection_acknowledged:
            await self.websocket.close(
                code=CONNECTION_INIT_TIMEOUT, reason="Connection initialisation timeout"
            )

    async def handle_start(self, message: StartMessage) -> None:
        limit = self.max_subscriptions_per_connection
        if self.connection_acknowledged and limit is not None and len(self.tasks) >= limit:
            error = operation_limit_error(limit)
            await self.send_message(LegacyErrorMessage(type="error", id=message["id"], payload=error))
            return
        await super().handle_start(message)
