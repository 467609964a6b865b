"""Pure ASGI middleware (no BaseHTTPMiddleware: it would buffer bodies and break streaming)."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.statements import counting_statements
from app.observability.metrics import HTTP_REQUESTS, observe_statements
from app.web.graphql_response import negotiated_media_type, refusal

logger = structlog.get_logger("vizora.http")

REQUEST_ID_HEADER = "x-request-id"
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Gives every request an id (kept from a trusted-looking X-Request-ID, else new), logs
    it on every line and returns it as a header; counts its SQL statements; records metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            with counting_statements() as statements:
                await self.app(scope, receive, send_with_request_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            if scope["type"] == "http":
                observe_statements(statements.value)
                route = scope.get("route")
                path = getattr(route, "path", "unmatched")
                HTTP_REQUESTS.labels(method=scope["method"], route=path, status=str(status)).inc()
                logger.info(
                    "request",
                    request_id=request_id,
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    sql_statements=statements.value,
                )


class BodyTooLargeError(Exception):
    pass


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit with 413 before anything parses them: by Content-Length
    when the client sends one, else by counting the stream as it arrives. Multipart uploads
    have their own, larger limit."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        is_upload = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.max_upload_bytes if is_upload else self.max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLargeError:
            if not response_started:
                await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        media_type = negotiated_media_type(Headers(scope=scope).get("accept"))
        response = refusal(f"Request body is larger than {limit} bytes.", 413, media_type)
        await response(scope, receive, send)
