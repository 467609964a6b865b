"""Reading several subscriptions as one stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import suppress

from app.realtime.broker import Event, Subscription


async def merged(*subscriptions: Subscription) -> AsyncGenerator[tuple[Subscription, Event], None]:
    """Events of every subscription as they come, tagged with where they came from; ends
    when any of them ends (the broker closing ends them all), and raises what any raises."""
    pending = {asyncio.ensure_future(anext(source)): source for source in subscriptions}
    try:
        while pending:
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                source = pending.pop(task)
                try:
                    event = task.result()
                except StopAsyncIteration:
                    return
                yield source, event
                pending[asyncio.ensure_future(anext(source))] = source
    finally:
        for task in pending:
            task.cancel()
        for task in pending:
            with suppress(asyncio.CancelledError, StopAsyncIteration, Exception):
                await task
