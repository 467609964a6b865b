"""Operational routes: liveness, readiness, metrics."""

from __future__ import annotations

import asyncio
import hmac

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.config import Settings
from app.observability.metrics import render_latest

READINESS_TIMEOUT_SECONDS = 2.0


async def healthz(_request: Request) -> JSONResponse:
    """The process is up and serving; says nothing about its dependencies."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """The database answers; 503 (fast) when it does not, so a load balancer routes around us."""
    engine = request.app.state.runtime.engine
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # whatever keeps us from the database (refused, timed out, auth) means not ready
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def metrics_routes_on_api_port(settings: Settings) -> list[Route]:
    """``/metrics`` among the API's routes, or nothing where it is not served there (a port of
    its own, or production without a token): an unexposed /metrics is a plain 404."""
    return [metrics_route(settings.metrics_token)] if settings.metrics_on_api_port else []


def metrics_route(token: str | None) -> Route:
    """``GET /metrics``, asking for ``token`` as a Bearer token when there is one."""

    async def metrics(request: Request) -> Response:
        if token is not None and not bearer_token_is(request.headers.get("authorization"), token):
            return Response(status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        body, content_type = render_latest()
        return Response(body, media_type=content_type)

    return Route("/metrics", metrics, methods=["GET"])


def bearer_token_is(authorization: str | None, token: str) -> bool:
    scheme, _, credentials = (authorization or "").partition(" ")
    # compare_digest takes the same time wherever the first wrong byte is, so the token
    # cannot be found byte by byte from response times.
    return scheme.lower() == "bearer" and hmac.compare_digest(credentials.encode(), token.encode())
