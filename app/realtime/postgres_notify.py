"""The broker on PostgreSQL LISTEN/NOTIFY: no service beyond the database every worker already uses.

Channels: one per topic, named ``vz_`` and 32 hex digits of the topic's BLAKE2b hash, because
a channel name is an identifier of at most 63 bytes and topics need not fit. At 128 bits a
collision is not a practical concern, and routing reads the topic inside the payload anyway,
so an event never reaches another topic's subscribers. One channel per topic rather than one
for everything lets PostgreSQL skip the processes that have no subscriber for a topic,
instead of every worker decoding every event of every workspace.

Each process listens on one dedicated connection and publishes with ``pg_notify`` through a
small pool, each event in its own autocommitted statement: publishing is not part of the
caller's transaction, which is why callers publish after commit (``EventQueue``).

The DSN must reach PostgreSQL directly or through a session-mode pooler: LISTEN does not
survive PgBouncer's transaction pooling.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from app.db.urls import asyncpg_arguments
from app.realtime.broker import DEFAULT_QUEUE_SIZE, Broker, logger

LISTENER_APPLICATION_NAME = "vizora-realtime-listener"
PUBLISHER_APPLICATION_NAME = "vizora-realtime-publisher"
PUBLISH_POOL_SIZE = 4
COMMAND_TIMEOUT_SECONDS = 5.0
# Any of these on the listening connection means it can no longer be trusted: drop it and
# reconnect, listening again to every current topic.
_LISTENER_ERRORS = (
    OSError,
    TimeoutError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,  # a protocol state the server's hang-up left behind
)
# The server closed a pooled connection (restart, failover, pg_terminate_backend) just as
# it was used, before asyncpg had read the news; the pool replaces closed connections.
_PUBLISH_RETRYABLE = (
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.InternalClientError,
)


def channel_for(topic: str) -> str:
    return "vz_" + hashlib.blake2b(topic.encode(), digest_size=16).hexdigest()


class PostgresNotifyBroker(Broker):
    """Events between the processes of one database, over LISTEN/NOTIFY.

    The listening connection is watched: when it drops, a supervisor reconnects (logging
    each attempt, backing off) and listens again to every topic with subscribers; every
    ``health_check_seconds`` of quiet it runs ``SELECT 1`` so that a connection a network
    device silently dropped is noticed too.
    """

    def __init__(
        self, dsn: str, *, queue_size: int = DEFAULT_QUEUE_SIZE, health_check_seconds: float = 30.0
    ) -> None:
        super().__init__(queue_size=queue_size)
        self._connect_arguments = asyncpg_arguments(dsn)
        self._health_check_seconds = health_check_seconds
        self._pool: asyncpg.Pool | None = None
        self._listener: asyncpg.Connection | None = None
        self._listener_lost = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        self._pool = await asyncpg.create_pool(
            **self._connect_arguments,
            min_size=1,
            max_size=PUBLISH_POOL_SIZE,
            timeout=COMMAND_TIMEOUT_SECONDS,
            command_timeout=COMMAND_TIMEOUT_SECONDS,
            server_settings={"application_name": PUBLISHER_APPLICATION_NAME},
        )
        self._listener = await self._connect_listener()
        self._supervisor = asyncio.create_task(self._keep_listening(), name=LISTENER_APPLICATION_NAME)

    async def _shut(self) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
            await asyncio.gather(self._supervisor, return_exceptions=True)
        # Forgotten first, so its termination is not taken for a lost connection.
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(*_LISTENER_ERRORS):
                await listener.close(timeout=COMMAND_TIMEOUT_SECONDS)
        if self._pool is not None:
            try:
                async with asyncio.timeout(COMMAND_TIMEOUT_SECONDS):
                    await self._pool.close()
            except TimeoutError:
                self._pool.terminate()

    async def _listen(self, topic: str) -> None:
        await self._use_listener(
            "listen", lambda listener: listener.add_listener(channel_for(topic), self._on_notification)
        )

    async def _unlisten(self, topic: str) -> None:
        await self._use_listener(
            "unlisten", lambda listener: listener.remove_listener(channel_for(topic), self._on_notification)
        )

    async def _send(self, topic: str, message: str) -> None:
        assert self._pool is not None  # publish() checked that the broker is open
        try:
            await self._pool.execute("SELECT pg_notify($1, $2)", channel_for(topic), message)
        except _PUBLISH_RETRYABLE:
            await self._pool.execute("SELECT pg_notify($1, $2)", channel_for(topic), message)

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self._dispatch(payload)

    def _on_listener_terminated(self, connection: Any) -> None:
        # Called for every connection ever used, on any close; only the current one matters.
        if connection is self._listener:
            self._listener = None
            self._listener_lost.set()

    async def _connect_listener(self) -> asyncpg.Connection:
        """A connection listening to every topic with subscribers. Called under the lock, or
        by ``_open`` before anyone can subscribe."""
        connection = await asyncpg.connect(
            **self._connect_arguments,
            timeout=COMMAND_TIMEOUT_SECONDS,
            command_timeout=COMMAND_TIMEOUT_SECONDS,
            server_settings={
                "application_name": LISTENER_APPLICATION_NAME,
                # Idle is this connection's job: a server-wide idle_session_timeout must not end it.
                "idle_session_timeout": "0",
            },
        )
        connection.add_termination_listener(self._on_listener_terminated)
        try:
            for topic in self._subscribers:
                await connection.add_listener(channel_for(topic), self._on_notification)
        except BaseException:
            connection.terminate()
            raise
        return connection

    async def _use_listener(self, action: str, command: Callable[[Any], Awaitable[object]]) -> None:
        """Run a command on the listening connection (the caller holds the lock). On failure
        the connection is dropped, and the supervisor's new one listens to every current topic;
        the same happens when there is no connection yet."""
        listener = self._listener
        if listener is None:
            return
        try:
            await command(listener)
        except _LISTENER_ERRORS as error:
            logger.warning("realtime listener failed; reconnecting", action=action, error=repr(error))
            listener.terminate()

    async def _keep_listening(self) -> None:
        try:
            while True:
                try:
                    # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a
                    # cancellation that arrives as the event is set, and close() would hang.
                    async with asyncio.timeout(self._health_check_seconds):
                        await self._listener_lost.wait()
                except TimeoutError:
                    async with self._lock:
                        await self._use_listener(
                            "health check", lambda listener: listener.fetchval("SELECT 1")
                        )
                    continue
                self._listener_lost.clear()
                logger.warning("realtime listener connection lost; reconnecting")
                await self._reconnect()
        except Exception:
            logger.exception("realtime listener supervisor crashed; events will not arrive")
            raise

    async def _reconnect(self) -> None:
        async def connect() -> None:
            self._listener = await self._connect_listener()

        await self._reconnect_with_backoff(connect, _LISTENER_ERRORS)
