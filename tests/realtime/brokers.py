"""What the broker tests share: where a test's brokers meet, and waiting for their events."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import uuid4

import pytest

from app.db.bootstrap import DatabaseTargets
from app.realtime.broker import DEFAULT_QUEUE_SIZE, Broker, BrokerKind, Event, Subscription
from app.realtime.in_process import InProcessBroker
from app.realtime.postgres_notify import PostgresNotifyBroker
from app.realtime.redis_pubsub import RedisPubSubBroker

WAIT_SECONDS = 5.0  # a broken broker fails the test after this, rather than hanging it

StartBroker = Callable[[Broker], Awaitable[Broker]]


@dataclass
class Transport:
    """Where the brokers of one test meet; each broker is a process's own, on its own connections."""

    kind: BrokerKind
    dsn: str = ""
    redis_url: str = ""
    # Per test, so that a shared Redis (REDIS_URL) never mixes two tests' events.
    channel_prefix: str = ""

    def broker(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> Broker:
        if self.kind is BrokerKind.POSTGRES:
            return PostgresNotifyBroker(self.dsn, queue_size=queue_size)
        if self.kind is BrokerKind.REDIS:
            return RedisPubSubBroker(
                self.redis_url, queue_size=queue_size, channel_prefix=self.channel_prefix
            )
        return InProcessBroker(queue_size=queue_size)


def transport_for(kind: BrokerKind, request: pytest.FixtureRequest) -> Transport:
    """Only what the kind needs is set up: a memory test starts neither a database nor Redis."""
    if kind is BrokerKind.POSTGRES:
        database: DatabaseTargets = request.getfixturevalue("database")
        return Transport(kind, dsn=database.runtime_url)
    if kind is BrokerKind.REDIS:
        redis_url: str = request.getfixturevalue("redis_url")
        return Transport(kind, redis_url=redis_url, channel_prefix=f"test-{uuid4().hex}:")
    return Transport(kind)


def a_topic() -> str:
    return f"diagram:{uuid4()}"


async def next_event(subscription: Subscription) -> Event:
    async with asyncio.timeout(WAIT_SECONDS):
        return await anext(subscription)


async def publish_until_received(publisher: Broker, subscription: Subscription) -> Event:
    """Probe a listener that is reconnecting: publish until an event gets through. Probes sent
    before the listener is back are lost (delivery is at most once), so each waits briefly."""
    async with asyncio.timeout(WAIT_SECONDS * 2):
        for attempt in itertools.count():
            await publisher.publish(Event(subscription.topic, {"probe": attempt}))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.2):
                    return await anext(subscription)
    raise AssertionError("itertools.count() never ends")
