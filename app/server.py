"""The Starlette application: routes, middleware, lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from app.config import Settings
from app.observability.logging import configure_logging
from app.runtime import Runtime, start_runtime
from app.web.graphql import GraphQLEndpoint
from app.web.health import healthz, metrics, readyz
from app.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
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
        # Start-up objects (schema, models, pools) live as long as the process: moving them out
        # of the collector's reach keeps full collections short under load.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if owned:
                await app.state.runtime.close()

    # GraphiQL needs introspection; where that is off (production) there is no IDE either.
    graphql = GraphQLEndpoint(schema, graphiql=settings.introspection_enabled)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
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


def create_app_from_environment() -> Starlette:
    """Factory for ``uvicorn --factory`` and worker processes."""
    return create_app(Settings())
