"""A bounded queue with one reader: what a subscriber has yet to read.

A reader that falls ``capacity`` items behind is cut off (``SlowConsumerError``) instead of
growing the process's memory: what it had queued is dropped, since it will refetch anyway.
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from typing import Generic, TypeVar

import structlog

from app.errors import SlowConsumerError

logger = structlog.get_logger("vizora.realtime")

T = TypeVar("T")


class _State(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    OVERFLOWED = "overflowed"


class Inbox(Generic[T]):
    def __init__(self, capacity: int, *, name: str) -> None:
        """``name`` says whose inbox it is, in the log and in the error when it overflows."""
        self.capacity = capacity
        self.name = name
        self._pending: deque[T] = deque()
        self._wakeup = asyncio.Event()
        self._state = _State.OPEN

    @property
    def overflowed(self) -> bool:
        return self._state is _State.OVERFLOWED

    def put(self, item: T) -> None:
        """Queue an item without waiting; overflowing cuts the reader off. Ignored once closed."""
        if self._state is not _State.OPEN:
            return
        if len(self._pending) >= self.capacity:
            self._state = _State.OVERFLOWED
            self._pending.clear()
            logger.warning("realtime subscriber too slow", inbox=self.name, queue_size=self.capacity)
        else:
            self._pending.append(item)
        self._wakeup.set()

    async def get(self) -> T:
        """The next item; StopAsyncIteration once finished and drained, SlowConsumerError
        once overflowed."""
        while True:
            if self._state is _State.OVERFLOWED:
                raise SlowConsumerError(
                    f"more than {self.capacity} events were waiting to be read: subscribe again and refetch"
                )
            if self._pending:
                return self._pending.popleft()
            if self._state is _State.CLOSED:
                raise StopAsyncIteration
            self._wakeup.clear()
            await self._wakeup.wait()

    def take_waiting(self) -> list[T]:
        """The items queued behind the one just read, removed: a reader that has fallen
        behind can fold them into one instead of working through them one by one."""
        waiting = list(self._pending)
        self._pending.clear()
        return waiting

    def finish(self) -> None:
        """No more items: the reader gets what is queued, then the end."""
        if self._state is _State.OPEN:
            self._state = _State.CLOSED
        self._wakeup.set()

    def close(self) -> None:
        """The reader has left: drop what is queued (an overflow stays visible)."""
        self.finish()
        self._pending.clear()
