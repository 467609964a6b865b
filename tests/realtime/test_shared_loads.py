"""One load shared by every subscriber asking for the same thing, even when the one loading
is cancelled meanwhile."""

from __future__ import annotations

import asyncio

import pytest

from app.realtime.memo import AsyncMemo


async def test_one_load_serves_every_caller() -> None:
    memo, calls = AsyncMemo(), []

    async def load(value: int) -> int:
        calls.append(value)
        await asyncio.sleep(0.01)
        return value

    assert await asyncio.gather(*(memo.get("k", load, 7) for _ in range(5))) == [7] * 5
    assert calls == [7]


async def test_a_waiter_loads_again_when_the_loading_caller_is_cancelled() -> None:
    memo, started = AsyncMemo(), asyncio.Event()

    async def slow(value: int) -> int:
        started.set()
        await asyncio.sleep(10)
        return value

    async def fast(value: int) -> int:
        return value

    owner = asyncio.create_task(memo.get("k", slow, 1))
    await started.wait()
    waiter = asyncio.create_task(memo.get("k", fast, 2))
    await asyncio.sleep(0)
    owner.cancel()

    assert await asyncio.wait_for(waiter, 1) == 2
    with pytest.raises(asyncio.CancelledError):
        await owner


async def test_a_cancelled_waiter_is_cancelled() -> None:
    memo, started = AsyncMemo(), asyncio.Event()

    async def slow(value: int) -> int:
        started.set()
        await asyncio.sleep(0.2)
        return value

    owner = asyncio.create_task(memo.get("k", slow, 1))
    await started.wait()
    waiter = asyncio.create_task(memo.get("k", slow, 1))
    await asyncio.sleep(0)
    waiter.cancel()

    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert await owner == 1
