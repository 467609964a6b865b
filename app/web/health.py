"""Operational routes: liveness, readiness, metrics."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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


async def metrics(_request: Request) -> Response:
    body, content_type = render_latest()
    return Response(body, media_type=content_type)
