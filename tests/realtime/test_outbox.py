"""The event queue of a unit of work: nothing leaves before commit, nothing after rollback."""

from __future__ import annotations

import asyncio

import pytest

from app.realtime.broker import MAX_EVENT_BYTES, Event
from app.realtime.in_process import InProcessBroker
from app.realtime.outbox import EventQueue
from tests.realtime.brokers import a_topic


async def test_queued_events_are_published_in_order_only_when_flushed() -> None:
    topic = a_topic()
    queue = EventQueue()
    async with InProcessBroker() as broker, broker.subscribe(topic) as subscription:
        queue.add(Event(topic, {"revision": 1}))
        queue.add(Event(topic, {"revision": 2}))
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05):
                await anext(subscription)

        await queue.flush(broker)

        assert queue.events == ()
        async with asyncio.timeout(1):
            assert [await anext(subscription), await anext(subscription)] == [
                Event(topic, {"revision": 1}),
                Event(topic, {"revision": 2}),
            ]


async def test_discarded_events_are_never_published() -> None:
    topic = a_topic()
    queue = EventQueue()
    async with InProcessBroker() as broker, broker.subscribe(topic) as subscription:
        queue.add(Event(topic, {"revision": 1}))
        queue.discard()
        await queue.flush(broker)
        await broker.close()
        assert [event async for event in subscription] == []


def test_oversized_event_is_refused_while_the_transaction_can_still_fail() -> None:
    queue = EventQueue()
    with pytest.raises(ValueError, match=f"at most {MAX_EVENT_BYTES}"):
        queue.add(Event(a_topic(), {"nodes": "x" * MAX_EVENT_BYTES}))
    assert queue.events == ()


async def test_flush_after_commit_does_not_fail_when_an_event_cannot_be_published() -> None:
    broker = InProcessBroker()  # never started: publishing raises
    queue = EventQueue()
    queue.add(Event(a_topic(), {"revision": 1}))
    await queue.flush(broker)
    assert queue.events == ()
