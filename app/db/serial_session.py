"""A session that runs one database call at a time, whoever calls it.

The fields of an operation resolve concurrently, and so do the dataloader batches they start;
all of them share the request's session. SQLAlchemy's ``AsyncSession`` is not safe for
concurrent use: two calls racing to open its first connection fail ("This session is
provisioning a new connection; concurrent operations are not permitted"), and a rollback
meeting a running query fails ("another operation is in progress"). One connection runs one
statement at a time anyway, so taking turns costs nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


class SerialSession(AsyncSession):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """Wait for the session; a task that holds it already goes on (``scalars`` calls
        ``execute``, and a call may come back in through SQLAlchemy's own methods)."""
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            yield
            return
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        async with self._turn():
            return await super().execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        async with self._turn():
            return await super().scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        async with self._turn():
            return await super().scalars(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        async with self._turn():
            return await super().get(*args, **kwargs)

    async def get_one(self, *args: Any, **kwargs: Any) -> Any:
        async with self._turn():
            return await super().get_one(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        async with self._turn():
            await super().flush(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        async with self._turn():
            await super().delete(*args, **kwargs)

    async def commit(self) -> None:
        async with self._turn():
            await super().commit()

    async def rollback(self) -> None:
        async with self._turn():
            await super().rollback()

    async def close(self) -> None:
        async with self._turn():
            await super().close()
