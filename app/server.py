"""The Starlette application: routes, middleware, lifespan."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from app.billing.periods import tick_forever
from app.config import Settings
from app.observability.logging import configure_logging
from app.runtime import Runtime, start_runtime
from app.web.graphql import GraphQLEndpoint
from app.web.health import healthz, metrics_routes_on_api_port, readyz
from app.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.web.webhooks import stripe_webhook
from graphql_schema.schema import build_schema


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Starlette:
    """The app. Given a ``runtime`` it serves on it (tests); otherwise its lifespan prepares
    the database (embedded or DATABASE_URL), migrates it and opens the pool."""
    settings = settings or (runtime.settings if runtime else Settings())
    configure_logging(settings)
    schema = build_schema(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = runtime is None
        app.state.runtime = runtime or await start_runtime(settings)
        if owned:
            # Only the server subscribes and publishes; other commands open no broker.
            await app.state.runtime.start_broker()
        # Start-up objects (schema, models, pools) live as long as the process: moving them out
        # of the collector's reach keeps full collections short under load.
        gc.collect()
        gc.freeze()
        # Each event fanned out to a thousand sockets briefly holds thousands of objects, and
        # the default threshold (700) collects in the middle of that, promoting them; the
        # promotions then bring a full collection (150-250 ms with a thousand sockets open)
        # every few seconds. At 50,000 the young collections come between events and the
        # full ones almost never (bench/README.md, "Realtime fan-out": p99 200 -> 63 ms,
        # memory unchanged).
        gc.set_threshold(50_000, 20, 10)
        clock = _start_billing_clock(app.state.runtime) if owned else None
        try:
            yield
        finally:
            if clock is not None:
                clock.cancel()
            if owned:
                await app.state.runtime.close()

    # GraphiQL needs introspection; where that is off (production) there is no IDE either.
    graphql = GraphQLEndpoint(schema, graphiql=settings.introspection_enabled, settings=settings)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            *metrics_routes_on_api_port(settings),
            Route("/webhooks/stripe", stripe_webhook, methods=["POST"]),
        ],
        middleware=[
            Middleware(RequestContextMiddleware),
            Middleware(
                BodySizeLimitMiddleware,
                max_body_bytes=settings.max_body_bytes,
                max_upload_bytes=settings.max_upload_bytes,
            ),
        ],
        lifespan=lifespan,
    )
    if runtime is not None:
        app.state.runtime = runtime
    return app


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """Limits uvicorn enforces before the app sees anything: a WebSocket message over the
    cap closes the socket (1009), and protocol-level pings find dead peers."""
    return {
        "ws_max_size": settings.max_websocket_message_bytes,
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 20.0,
        # Events are small JSON; compressing each one for each of thousands of subscribers
        # costs far more CPU than the bytes it saves.
        "ws_per_message_deflate": False,
    }


def _start_billing_clock(runtime: Runtime) -> asyncio.Task[None] | None:
    every = runtime.settings.billing_tick_seconds
    if every <= 0 or runtime.billing_sessionmaker is None:
        return None
    return asyncio.create_task(tick_forever(runtime.billing_sessionmaker, every_seconds=every))


def create_app_from_environment() -> Starlette:
    """Factory for ``uvicorn --factory`` and worker processes."""
    return create_app(Settings())
