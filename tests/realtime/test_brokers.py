"""The brokers against the real transports: delivery, isolation between topics and between
processes, listener reference counting, the size cap, slow consumers, closing."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from app.db.bootstrap import raw_connect
from app.errors import SlowConsumerError
from app.realtime.broker import MAX_EVENT_BYTES, BrokerKind, Event, open_broker
from app.realtime.in_process import InProcessBroker
from app.realtime.postgres_notify import channel_for
from app.realtime.redis_pubsub import RedisPubSubBroker
from tests.realtime.brokers import WAIT_SECONDS, StartBroker, Transport, a_topic, next_event, transport_for


async def test_event_reaches_every_subscriber_of_its_topic_and_no_other(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker())
    diagram, other = a_topic(), a_topic()
    updated = Event(diagram, {"revision": 7, "actor_id": str(uuid4()), "changed": ["users", "orders"]})
    marker = Event(other, {"revision": 1})
    async with (
        broker.subscribe(diagram) as first,
        broker.subscribe(diagram) as second,
        broker.subscribe(other) as bystander,
    ):
        await broker.publish(updated)
        await broker.publish(marker)
        assert await next_event(first) == updated
        assert await next_event(second) == updated
        # Had the diagram's event reached it, it would have come first: events arrive in order.
        assert await next_event(bystander) == marker


async def test_event_published_in_one_process_reaches_subscribers_in_another(
    shared_transport: Transport, start_broker: StartBroker
) -> None:
    publishing = await start_broker(shared_transport.broker())
    receiving = await start_broker(shared_transport.broker())
    topic = a_topic()
    created = Event(topic, {"version_id": str(uuid4())})
    async with receiving.subscribe(topic) as remote, publishing.subscribe(topic) as local:
        await publishing.publish(created)
        assert await next_event(remote) == created
        assert await next_event(local) == created


async def test_leaving_subscription_stops_its_delivery_and_the_last_releases_the_listener(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker())
    topic = a_topic()
    async with broker.subscribe(topic) as staying:
        async with broker.subscribe(topic) as leaving:
            assert broker.topics == {topic}
        assert broker.topics == {topic}
        await broker.publish(Event(topic, {"revision": 2}))
        assert await next_event(staying) == Event(topic, {"revision": 2})
        assert [event async for event in leaving] == []
    assert broker.topics == frozenset()


async def test_redis_unsubscribes_its_channel_when_the_last_subscriber_leaves(
    redis_transport: Transport, redis_url: str, start_broker: StartBroker
) -> None:
    broker = await start_broker(redis_transport.broker())
    assert isinstance(broker, RedisPubSubBroker)
    topic = a_topic()
    async with Redis.from_url(redis_url) as admin:
        async with broker.subscribe(topic), broker.subscribe(topic):
            assert await admin.pubsub_numsub(broker.channel_for(topic)) == [
                (broker.channel_for(topic).encode(), 1)
            ]
        # A confirmed subscription on the same connection proves the UNSUBSCRIBE before it was done.
        async with broker.subscribe(a_topic()):
            assert await admin.pubsub_numsub(broker.channel_for(topic)) == [
                (broker.channel_for(topic).encode(), 0)
            ]


async def test_oversized_event_is_refused_before_reaching_the_transport(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker())
    with pytest.raises(ValueError, match=f"at most {MAX_EVENT_BYTES} are allowed"):
        await broker.publish(Event(a_topic(), {"nodes": "x" * MAX_EVENT_BYTES}))


async def test_event_of_exactly_the_cap_in_bytes_is_delivered(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker())
    topic = a_topic()
    envelope_bytes = len(Event(topic, {"note": ""}).encode().encode())
    # Two bytes each in UTF-8: the cap counts bytes, as PostgreSQL's limit does.
    largest = Event(topic, {"note": "é" * ((MAX_EVENT_BYTES - envelope_bytes) // 2)})
    assert MAX_EVENT_BYTES - 1 <= len(largest.encode().encode()) <= MAX_EVENT_BYTES
    async with broker.subscribe(topic) as subscription:
        await broker.publish(largest)
        assert await next_event(subscription) == largest


async def test_slow_consumer_overflows_its_own_queue_while_others_get_everything(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker(queue_size=4))
    topic = a_topic()
    async with broker.subscribe(topic) as slow, broker.subscribe(topic) as fast:
        for revision in range(5):
            await broker.publish(Event(topic, {"revision": revision}))
            assert await next_event(fast) == Event(topic, {"revision": revision})
        assert slow.overflowed
        with pytest.raises(SlowConsumerError, match="more than 4 events"):
            await anext(slow)
        await broker.publish(Event(topic, {"revision": 5}))
        assert await next_event(fast) == Event(topic, {"revision": 5})
        with pytest.raises(SlowConsumerError):
            await anext(slow)


async def test_close_ends_open_subscriptions_cleanly(
    broker_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(broker_transport.broker())
    topic = a_topic()
    entered = asyncio.Event()

    async def consume() -> list[Event]:
        async with broker.subscribe(topic) as subscription:
            entered.set()
            return [event async for event in subscription]

    consumer = asyncio.create_task(consume())
    async with asyncio.timeout(WAIT_SECONDS):
        await entered.wait()
        await broker.close()
        assert await consumer == []
    assert broker.topics == frozenset()
    with pytest.raises(RuntimeError, match="closed"):
        await broker.publish(Event(topic, {}))
    with pytest.raises(RuntimeError, match="closed"):
        async with broker.subscribe(topic):
            pass


async def test_in_process_close_lets_a_subscriber_read_what_was_queued(
    start_broker: StartBroker,
) -> None:
    broker = await start_broker(InProcessBroker())
    topic = a_topic()
    async with broker.subscribe(topic) as subscription:
        await broker.publish(Event(topic, {"revision": 1}))
        await broker.publish(Event(topic, {"revision": 2}))
        await broker.close()
        assert [event.payload async for event in subscription] == [{"revision": 1}, {"revision": 2}]


async def test_subscription_is_entered_before_iterating_and_only_once(
    start_broker: StartBroker,
) -> None:
    broker = await start_broker(InProcessBroker())
    subscription = broker.subscribe(a_topic())
    with pytest.raises(RuntimeError, match="enter the subscription"):
        await anext(subscription)
    async with subscription:
        pass
    with pytest.raises(RuntimeError, match="entered only once"):
        async with subscription:
            pass


def test_topic_must_be_named() -> None:
    with pytest.raises(ValueError, match="topic must be non-empty"):
        Event(" ", {})


async def test_malformed_message_on_a_channel_is_dropped_and_the_listener_keeps_going(
    shared_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(shared_transport.broker())
    topic = a_topic()
    async with broker.subscribe(topic) as subscription:
        if isinstance(broker, RedisPubSubBroker):
            async with Redis.from_url(shared_transport.redis_url) as client:
                await client.publish(broker.channel_for(topic), b"not json")
        else:
            connection = await raw_connect(shared_transport.dsn)
            try:
                await connection.execute("SELECT pg_notify($1, '{\"topic\": 1}')", channel_for(topic))
            finally:
                await connection.close()
        await broker.publish(Event(topic, {"revision": 3}))
        assert await next_event(subscription) == Event(topic, {"revision": 3})


@pytest.mark.parametrize("kind", list(BrokerKind))
async def test_open_broker_starts_the_configured_kind(
    kind: BrokerKind, request: pytest.FixtureRequest
) -> None:
    transport = transport_for(kind, request)
    broker = await open_broker(kind.value, dsn=transport.dsn or None, redis_url=transport.redis_url or None)
    try:
        topic = a_topic()
        async with broker.subscribe(topic) as subscription:
            await broker.publish(Event(topic, {"revision": 1}))
            assert await next_event(subscription) == Event(topic, {"revision": 1})
    finally:
        await broker.close()


async def test_open_broker_says_what_is_missing() -> None:
    with pytest.raises(ValueError, match="use one of: memory, postgres, redis"):
        await open_broker("kafka")
    with pytest.raises(ValueError, match="needs dsn"):
        await open_broker(BrokerKind.POSTGRES)
    with pytest.raises(ValueError, match="needs redis_url"):
        await open_broker(BrokerKind.REDIS)
