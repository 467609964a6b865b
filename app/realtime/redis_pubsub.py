"""The broker on Redis pub/sub: for deployments that run Redis anyway, or outgrow NOTIFY.

Channels are ``channel_prefix`` + topic, so several environments can share one Redis.
Routing reads the topic inside the payload, as on PostgreSQL, so both transports deliver
exactly the same way.

Each process subscribes on one dedicated pub/sub connection, read by one task, and publishes
through a separate client. The pub/sub connection never reconnects by itself (redis-py's
retries are off for it): the reader owns reconnection, so a dropped connection is logged,
retried with backoff, and subscribed again to exactly the topics that have subscribers now.
"""

from __future__ import annotations

import asyncio
import contextlib

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from app.realtime.broker import DEFAULT_QUEUE_SIZE, Broker, logger

LISTENER_CLIENT_NAME = "vizora-realtime-listener"
COMMAND_TIMEOUT_SECONDS = 5.0
_REDIS_ERRORS = (RedisError, OSError)


class RedisPubSubBroker(Broker):
    """Events between processes over Redis pub/sub.

    After ``health_check_seconds`` without a message the reader sends a PING, which keeps
    idle-timeout devices from dropping the connection and brings a dead one to light.
    """

    def __init__(
        self,
        url: str,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        channel_prefix: str = "vizora:",
        health_check_seconds: float = 30.0,
    ) -> None:
        super().__init__(queue_size=queue_size)
        self._url = url
        self._channel_prefix = channel_prefix
        self._health_check_seconds = health_check_seconds
        self._publisher: Redis | None = None
        self._listener_client: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        # Subscriptions sent and not yet confirmed, by channel; the reader resolves them.
        self._confirmations: dict[str, asyncio.Future[None]] = {}

    def channel_for(self, topic: str) -> str:
        return self._channel_prefix + topic

    async def _open(self) -> None:
        # One immediate retry: a pooled connection the server closed while idle is only
        # noticed when used. More would hold up the request that publishes after its commit.
        self._publisher = Redis.from_url(
            self._url,
            retry=Retry(NoBackoff(), 1),
            socket_timeout=COMMAND_TIMEOUT_SECONDS,
            socket_connect_timeout=COMMAND_TIMEOUT_SECONDS,
        )
        self._listener_client = Redis.from_url(
            self._url,
            retry=Retry(NoBackoff(), 0, supported_errors=()),
            client_name=LISTENER_CLIENT_NAME,  # tells operators (CLIENT LIST) whose connection it is
            socket_keepalive=True,
            socket_timeout=COMMAND_TIMEOUT_SECONDS,
            socket_connect_timeout=COMMAND_TIMEOUT_SECONDS,
        )
        await self._publisher.ping()
        self._pubsub = await self._connect_pubsub()
        self._reader = asyncio.create_task(self._keep_reading(), name="vizora-realtime-redis-reader")

    async def _shut(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            await _close_quietly(pubsub)
        for client in (self._listener_client, self._publisher):
            if client is not None:
                with contextlib.suppress(*_REDIS_ERRORS):
                    await client.aclose()

    async def _listen(self, topic: str) -> None:
        """Subscribe, and wait for Redis to confirm, as LISTEN's reply does on PostgreSQL: an
        event published once ``subscribe()`` has been entered is then delivered, so a consumer
        can subscribe first and fetch the current state second without missing an update."""
        pubsub = self._pubsub
        if pubsub is None:
            return  # reconnecting: the new connection subscribes to every current topic
        channel = self.channel_for(topic)
        confirmed = asyncio.get_running_loop().create_future()
        self._confirmations[channel] = confirmed
        try:
            await pubsub.subscribe(channel)
            async with asyncio.timeout(COMMAND_TIMEOUT_SECONDS):
                await confirmed
        except (*_REDIS_ERRORS, TimeoutError) as error:
            # The reader meets the same broken connection, and its new one subscribes again.
            logger.warning("realtime subscription unconfirmed; the reader reconnects", error=repr(error))
        finally:
            del self._confirmations[channel]

    async def _unlisten(self, topic: str) -> None:
        pubsub = self._pubsub
        if pubsub is None:
            return  # reconnecting: the new connection subscribes to the current topics only
        try:
            await pubsub.unsubscribe(self.channel_for(topic))
        except _REDIS_ERRORS as error:
            logger.warning("realtime unsubscription failed; the reader reconnects", error=repr(error))

    async def _send(self, topic: str, message: str) -> None:
        assert self._publisher is not None  # publish() checked that the broker is open
        await self._publisher.publish(self.channel_for(topic), message)

    async def _connect_pubsub(self) -> PubSub:
        """A pub/sub connection subscribed to every topic with subscribers. Called under the
        lock, or by ``_open`` before anyone can subscribe."""
        assert self._listener_client is not None
        pubsub = self._listener_client.pubsub()
        try:
            await pubsub.connect()  # type: ignore[no-untyped-call]  # unannotated in redis-py
            if self._subscribers:
                await pubsub.subscribe(*(self.channel_for(topic) for topic in self._subscribers))
        except BaseException:
            await _close_quietly(pubsub)
            raise
        return pubsub

    async def _keep_reading(self) -> None:
        try:
            while True:
                try:
                    await self._read()
                except _REDIS_ERRORS as error:
                    logger.warning("realtime listener connection lost; reconnecting", error=repr(error))
                # No confirmation will come on the broken connection; the new one subscribes again.
                for confirmed in self._confirmations.values():
                    if not confirmed.done():
                        confirmed.set_result(None)
                await self._reconnect()
        except Exception:
            logger.exception("realtime listener reader crashed; events will not arrive")
            raise

    async def _read(self) -> None:
        """Dispatch messages until the connection fails."""
        assert self._pubsub is not None
        pubsub = self._pubsub
        while True:
            message = await pubsub.get_message(timeout=self._health_check_seconds)
            if message is None:
                await pubsub.ping()
            elif message["type"] == "message":
                self._dispatch(message["data"])
            elif message["type"] == "subscribe":
                confirmed = self._confirmations.get(message["channel"].decode())
                if confirmed is not None and not confirmed.done():
                    confirmed.set_result(None)

    async def _reconnect(self) -> None:
        async with self._lock:
            # Forgotten under the lock, so no (un)subscription goes to the broken connection.
            broken, self._pubsub = self._pubsub, None
        if broken is not None:
            await _close_quietly(broken)

        async def connect() -> None:
            self._pubsub = await self._connect_pubsub()

        await self._reconnect_with_backoff(connect, _REDIS_ERRORS)


async def _close_quietly(pubsub: PubSub) -> None:
    """Close a pub/sub connection that may already be broken."""
    with contextlib.suppress(*_REDIS_ERRORS):
        await pubsub.aclose()
