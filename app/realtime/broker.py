"""The broker interface: publish an event on a topic, subscribe to a topic's events.

Each process keeps one listener per topic, whatever the number of local subscribers: the
first subscription starts it (LISTEN, SUBSCRIBE), the last one to leave stops it, and events
are fanned out in-process to every subscription of the topic. Each subscription buffers at
most ``queue_size`` events; a consumer that falls that far behind is cut off with
``SlowConsumerError`` rather than allowed to grow the process's memory.

Delivery is at most once: an event published while a listener reconnects is lost. Events
are hints (ids and small facts), so a subscriber that reconnects refetches what it shows.
"""

from __future__ import annotations

import asyncio
import enum
import json
import random
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from types import TracebackType
from typing import Any, Self

import structlog

from app.realtime.inbox import Inbox

logger = structlog.get_logger("vizora.realtime")

# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; the cap leaves room below it,
# and applies to every broker so that moving from one to another changes nothing for callers.
MAX_EVENT_BYTES = 7_500
DEFAULT_QUEUE_SIZE = 256


@dataclass(frozen=True)
class Event:
    """What happened, addressed to a topic: ``diagram:<uuid>``, ``project:<uuid>``, ``user:<uuid>``.

    The payload carries ids and small facts (revision, actor id, changed node keys), JSON
    values only; subscribers fetch the rest. Subscribers of one topic share the decoded
    payload, so treat it as read-only.
    """

    topic: str
    payload: dict[str, Any]

    def __post_init__(self) -> None:
        check_topic(self.topic)

    def encode(self) -> str:
        """Compact JSON of the envelope; ValueError when it exceeds ``MAX_EVENT_BYTES``.
        Made once: the size is checked when the event is queued, the text sent on publish."""
        return self._encoded

    @cached_property
    def _encoded(self) -> str:
        message = json.dumps(
            {"topic": self.topic, "payload": self.payload}, separators=(",", ":"), ensure_ascii=False
        )
        size = len(message.encode())
        if size > MAX_EVENT_BYTES:
            raise ValueError(
                f"event for {self.topic!r} is {size} bytes encoded; at most {MAX_EVENT_BYTES} are allowed. "
                "Send ids and small facts, and let subscribers fetch the rest."
            )
        return message

    @classmethod
    def decode(cls, message: str | bytes) -> Event:
        envelope = json.loads(message)
        if (
            not isinstance(envelope, dict)
            or not isinstance(envelope.get("topic"), str)
            or not isinstance(envelope.get("payload"), dict)
        ):
            raise ValueError("a realtime message is a JSON object with a string topic and an object payload")
        return cls(envelope["topic"], envelope["payload"])


def check_topic(topic: str) -> None:
    if not topic or topic != topic.strip():
        raise ValueError(
            f"topic must be non-empty without surrounding spaces, like 'diagram:<uuid>'; got {topic!r}"
        )


class BrokerKind(enum.StrEnum):
    MEMORY = "memory"  # one worker: events stay in the process
    POSTGRES = "postgres"  # LISTEN/NOTIFY on the application database
    REDIS = "redis"  # Redis pub/sub


class _State(enum.Enum):
    NEW = "new"
    OPEN = "open"
    CLOSED = "closed"


class Subscription:
    """One consumer of a topic: ``async with broker.subscribe(topic) as events: async for event in events``.

    Iteration ends when the broker closes (after the events already queued); it raises
    ``SlowConsumerError`` once the queue has overflowed, dropping what was queued, since the
    consumer is to be disconnected and will refetch on reconnecting anyway.
    """

    def __init__(self, broker: Broker, topic: str, capacity: int) -> None:
        self.topic = topic
        self._broker = broker
        self._inbox: Inbox[Event] = Inbox(capacity, name=topic)
        self._entered = False

    @property
    def overflowed(self) -> bool:
        return self._inbox.overflowed

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a subscription can be entered only once; call broker.subscribe() again")
        self._entered = True
        try:
            await self._broker._attach(self)
        except BaseException:
            self._inbox.close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._inbox.close()
        await self._broker._detach(self)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Event:
        if not self._entered:
            raise RuntimeError("enter the subscription (async with) before iterating it")
        return await self._inbox.get()

    def take_waiting(self) -> list[Event]:
        """The events already queued behind the one just read, removed from the queue: a
        consumer that has fallen behind can fold them into one delivery instead of
        working through them one by one (and overflowing)."""
        return self._inbox.take_waiting()

    def _deliver(self, event: Event) -> None:
        self._inbox.put(event)

    def _finish(self) -> None:
        """The broker is closing: end the iteration once the queued events are read."""
        self._inbox.finish()


class Broker(ABC):
    """Publish and subscribe, with the per-process fan-out every transport shares.

    A transport implements the hooks: ``_open``/``_shut`` (connections), ``_listen``/
    ``_unlisten`` (a topic's listener, called under the broker's lock when a topic gains its
    first or loses its last local subscriber), and ``_send`` (an encoded event to every
    process). It hands what it receives to ``_dispatch``.
    """

    def __init__(self, *, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        if queue_size < 1:
            raise ValueError(f"queue_size must be at least 1; got {queue_size}")
        self.queue_size = queue_size
        self._subscribers: dict[str, set[Subscription]] = {}
        # Serialises listener changes: a transport's listening connection runs one command at
        # a time, and a topic must not be unlistened while its first subscriber is listening.
        self._lock = asyncio.Lock()
        self._state = _State.NEW

    @property
    def topics(self) -> frozenset[str]:
        """The topics this process listens to: those with at least one local subscription."""
        return frozenset(self._subscribers)

    async def start(self) -> None:
        """Connect; fails when the transport cannot be reached, so a misconfigured server stops early."""
        if self._state is not _State.NEW:
            raise RuntimeError("a broker is started once")
        try:
            await self._open()
        except BaseException:
            await self._shut()
            raise
        self._state = _State.OPEN

    async def close(self) -> None:
        """End every open subscription (after its queued events) and disconnect. Idempotent."""
        was_open = self._state is _State.OPEN
        self._state = _State.CLOSED
        if not was_open:
            return
        async with self._lock:
            for subscriptions in self._subscribers.values():
                for subscription in subscriptions:
                    subscription._finish()
            self._subscribers.clear()
        await self._shut()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def publish(self, event: Event) -> None:
        """Send to the topic's subscribers in every process; ValueError for an oversized event."""
        message = event.encode()
        self._require_open()
        await self._send(event.topic, message)

    def subscribe(self, topic: str) -> Subscription:
        """A subscription, listening from when it is entered (``async with``) until it is left."""
        check_topic(topic)
        return Subscription(self, topic, self.queue_size)

    def _require_open(self) -> None:
        if self._state is _State.NEW:
            raise RuntimeError("the realtime broker is not started; await start() first")
        if self._state is not _State.OPEN:
            raise RuntimeError("the realtime broker is closed")

    async def _attach(self, subscription: Subscription) -> None:
        topic = subscription.topic
        async with self._lock:
            self._require_open()
            first = topic not in self._subscribers
            self._subscribers.setdefault(topic, set()).add(subscription)
            if first:
                try:
                    await self._listen(topic)
                except BaseException:
                    del self._subscribers[topic]
                    raise

    async def _detach(self, subscription: Subscription) -> None:
        topic = subscription.topic
        async with self._lock:
            subscriptions = self._subscribers.get(topic)
            if subscriptions is None or subscription not in subscriptions:
                return  # the broker closed first
            subscriptions.remove(subscription)
            if not subscriptions:
                del self._subscribers[topic]
                await self._unlisten(topic)

    def _dispatch(self, message: str | bytes) -> None:
        """Fan a received message out to this process's subscriptions of its topic."""
        try:
            event = Event.decode(message)
        except ValueError as error:
            # Someone else's message on our channel, or a bug: not worth a broken listener.
            logger.warning(
                "dropped malformed realtime message", error=str(error), message=repr(message[:200])
            )
            return
        for subscription in tuple(self._subscribers.get(event.topic, ())):
            subscription._deliver(event)

    async def _reconnect_with_backoff(
        self, connect: Callable[[], Awaitable[None]], errors: tuple[type[BaseException], ...]
    ) -> None:
        """Try ``connect`` (under the broker's lock) until it works, waiting longer between
        attempts (``reconnect_delays``); ``errors`` are the transport's connection failures."""
        for attempt, delay in enumerate(reconnect_delays(), start=1):
            await asyncio.sleep(delay)
            try:
                async with self._lock:
                    await connect()
            except errors as error:
                logger.warning("realtime listener reconnection failed", attempt=attempt, error=repr(error))
                continue
            logger.info("realtime listener reconnected", attempt=attempt, topics=len(self._subscribers))
            return

    @abstractmethod
    async def _open(self) -> None: ...

    @abstractmethod
    async def _shut(self) -> None:
        """Disconnect; also called after a failed ``_open``, so it tolerates a partial start."""

    @abstractmethod
    async def _listen(self, topic: str) -> None: ...

    @abstractmethod
    async def _unlisten(self, topic: str) -> None: ...

    @abstractmethod
    async def _send(self, topic: str, message: str) -> None: ...


def reconnect_delays(first: float = 0.1, cap: float = 5.0) -> Iterator[float]:
    """Seconds to wait before each reconnection attempt: none before the first (most drops are
    one-offs: a failover, a terminated backend), then doubling up to ``cap``. The jitter keeps
    every worker from hitting a restarting server in lockstep."""
    yield 0.0
    delay = first
    while True:
        yield delay * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret
        delay = min(delay * 2, cap)


async def open_broker(
    kind: BrokerKind | str,
    *,
    dsn: str | None = None,
    redis_url: str | None = None,
    queue_size: int = DEFAULT_QUEUE_SIZE,
) -> Broker:
    """A started broker of the configured kind; the caller closes it (at shutdown).

    ``dsn`` is the runtime role's database URL (``postgresql+asyncpg://`` accepted) for
    ``postgres``; ``redis_url`` is needed for ``redis``.
    """
    try:
        kind = BrokerKind(kind)
    except ValueError:
        allowed = ", ".join(member.value for member in BrokerKind)
        raise ValueError(f"unknown broker kind {kind!r}; use one of: {allowed}") from None
    # The transports are imported here because they import this module; Redis's client is
    # only loaded where it is used.
    broker: Broker
    if kind is BrokerKind.POSTGRES:
        if not dsn:
            raise ValueError("the postgres broker needs dsn: the runtime role's database URL")
        from app.realtime.postgres_notify import PostgresNotifyBroker

        broker = PostgresNotifyBroker(dsn, queue_size=queue_size)
    elif kind is BrokerKind.REDIS:
        if not redis_url:
            raise ValueError("the redis broker needs redis_url (REDIS_URL), like redis://host:6379/0")
        from app.realtime.redis_pubsub import RedisPubSubBroker

        broker = RedisPubSubBroker(redis_url, queue_size=queue_size)
    else:
        from app.realtime.in_process import InProcessBroker

        broker = InProcessBroker(queue_size=queue_size)
    await broker.start()
    return broker
