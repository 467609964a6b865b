"""A real uvicorn serving the app on a free loopback port, for WebSocket tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn

from app.config import Settings
from app.runtime import Runtime
from app.server import create_app, uvicorn_limits


@asynccontextmanager
async def serve(runtime: Runtime, settings: Settings | None = None) -> AsyncIterator[str]:
    """Yields the base URL (http://127.0.0.1:PORT); ``settings`` overrides the runtime's."""
    settings = settings or runtime.settings
    config = uvicorn.Config(
        create_app(settings, runtime=runtime),
        host="127.0.0.1",
        port=0,
        log_config=None,
        ws="websockets-sansio",
        **uvicorn_limits(settings),
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
