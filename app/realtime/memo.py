"""Sharing one load among many waiters.

An event delivered to a thousand local subscribers would otherwise make a thousand identical
queries (the diagram at revision 7): the first subscriber's load is shared by the rest. Only
subscribers that have passed their own permission check ask, and the key names the object
and its version, so what is shared is exactly what each of them may read.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any


class AsyncMemo:
    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._loads: OrderedDict[Hashable, asyncio.Future[Any]] = OrderedDict()

    async def get(self, key: Hashable, load: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """``load(*args)``'s result, loaded once for every caller asking for ``key``."""
        while True:
            try:
                return await self._get(key, load, *args)
            except asyncio.CancelledError:
                # The caller that was loading was cancelled (its subscribers gone), not this
                # one: load again rather than pass its cancellation on.
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise

    async def _get(self, key: Hashable, load: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        future = self._loads.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._loads[key] = future
            while len(self._loads) > self._size:
                self._loads.popitem(last=False)
            try:
                future.set_result(await load(*args))
            except BaseException as error:
                # Not kept: the next waiter tries again (a failure is not a value to share).
                self._loads.pop(key, None)
                if isinstance(error, Exception):
                    future.set_exception(error)
                    future.exception()  # retrieved here: an unawaited failure is not reported twice
                else:
                    future.cancel()
                raise
        if future.done():
            # The common case, once per subscriber per event: no shield (a new future and
            # callbacks each time) is needed to read a result that is already there.
            return future.result()
        # Shielded: a waiter cancelled (its client gone) must not cancel the shared load.
        return await asyncio.shield(future)
