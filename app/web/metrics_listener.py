"""``/metrics`` on a port of its own (VIZORA_METRICS_PORT), away from the API's port.

It runs in a thread of the process that ``vizora serve`` starts: with one worker that is the
worker itself, with several it is their supervisor, which reads all of them through
PROMETHEUS_MULTIPROC_DIR.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

from app.config import Settings
from app.web.health import metrics_route


@contextmanager
def metrics_listener(settings: Settings, host: str) -> Iterator[None]:
    """Serve /metrics on ``host`` (the API's) and ``settings.metrics_port``, if set, while the
    block runs."""
    if settings.metrics_port is None:
        yield
        return
    config = uvicorn.Config(
        Starlette(routes=[metrics_route(settings.metrics_token)]),
        host=host,
        port=settings.metrics_port,
        log_config=None,
        access_log=False,  # a scrape every few seconds is not news
        lifespan="off",
    )
    server = uvicorn.Server(config)
    # Bound here rather than in the thread, so a port in use stops start-up instead of
    # leaving a server without metrics.
    listening = config.bind_socket()
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, name="metrics")
    thread.start()
    try:
        yield
    finally:
        server.should_exit = True
        thread.join()
        listening.close()
