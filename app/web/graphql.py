"""The GraphQL endpoint: POST (JSON and multipart uploads), GET (GraphiQL for browsers,
queries for clients, never mutations) and WebSocket on one path."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import structlog
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from app.config import Settings
from app.db.session import ANONYMOUS, UnitOfWork
from app.errors import ErrorCode, UnauthenticatedError
from app.identity import service as identity
from app.identity.service import RequestOrigin
from app.observability.metrics import WEBSOCKET_CONNECTIONS
from app.runtime import Runtime
from graphql_schema.context import RequestContext

logger = structlog.get_logger("vizora.graphql")


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    def __init__(self, schema: Any, *, graphiql: bool, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
            keep_alive=True,
            keep_alive_interval=15,
            connection_init_wait_timeout=timedelta(seconds=settings.connection_init_timeout_seconds),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            allowed_origins=settings.websocket_allowed_origins or (() if settings.is_production else ("*",)),
        )

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        """A WebSocket authenticates once, in ``connection_init`` (browsers cannot set headers
        on it): ``{"authorization": "Bearer <access token | API key>"}``; without it the
        connection is refused."""
        params: dict[str, Any] = (
            context.connection_params if isinstance(context.connection_params, dict) else {}
        )
        bearer = bearer_token(str(params.get("authorization") or ""))
        if bearer is None:
            raise ConnectionRejectionError(
                {"message": 'Send {"authorization": "Bearer <token>"} in the connection_init payload.'}
            )
        try:
            viewer = await identity.authenticate(context.uow, context.runtime.secret_key, bearer)
        except UnauthenticatedError as error:
            raise ConnectionRejectionError({"message": error.message}) from error
        except (SQLAlchemyError, OSError) as error:
            # A saturated pool or a database outage: refused like any other failure to sign
            # in, with a code that says to retry, instead of an exception that drops the socket.
            logger.warning("websocket sign-in failed", exc_info=True)
            raise ConnectionRejectionError(
                {
                    "message": "The service is busy; reconnect in a moment.",
                    "code": ErrorCode.UNAVAILABLE.value,
                }
            ) from error
        finally:
            # The socket may stay open for hours: it must not hold a transaction meanwhile.
            await context.uow.rollback()
        context.sign_in(viewer)
        return cast(UnsetType, UNSET)  # acknowledged, with no payload

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext:
        runtime: Runtime = request.app.state.runtime
        uow = UnitOfWork(runtime.sessionmaker, ANONYMOUS)
        # Kept on the request so that ``run`` closes it whatever happens in between.
        request.state.uow = uow
        viewer, auth_error = None, None
        is_http = not isinstance(request, WebSocket)
        if is_http and (bearer := bearer_token(request.headers.get("authorization"))):
            try:
                viewer = await identity.authenticate(uow, runtime.secret_key, bearer)
            except UnauthenticatedError as error:
                auth_error = error.message
        return RequestContext(
            request=request,
            response=response,
            runtime=runtime,
            uow=uow,
            request_id=request.state.request_id,
            origin=RequestOrigin(
                address=request.client.host if request.client else None,
                user_agent=request.headers.get("user-agent"),
            ),
            viewer=viewer,
            auth_error=auth_error,
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        is_websocket = isinstance(request, WebSocket)
        if is_websocket:
            WEBSOCKET_CONNECTIONS.inc()
        try:
            return await super().run(request, context=context, root_value=root_value)
        finally:
            if is_websocket:
                WEBSOCKET_CONNECTIONS.dec()
            else:
                await request.close()  # the files of a multipart upload, spooled to disk
            uow: UnitOfWork | None = getattr(request.state, "uow", None)
            if uow is not None:
                await uow.close()


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
