"""How a benchmark script runs: cancelled by SIGTERM (a CI timeout, ``kill``) as asyncio
cancels it on Ctrl-C, so that either way the servers it started and their PostgreSQL are
stopped and their temporary data removed."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any


def run_stopping_servers(
    benchmark: Coroutine[Any, Any, None],
    *,
    loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None,
) -> None:
    async def until_stopped() -> None:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await benchmark

    try:
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            runner.run(until_stopped())
    except (KeyboardInterrupt, asyncio.CancelledError):
        sys.exit("interrupted; the servers were stopped")
