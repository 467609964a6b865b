"""The GraphQL endpoint: POST (JSON and multipart uploads), GET (GraphiQL for browsers,
queries for clients, never mutations) and WebSocket on one path.

Over HTTP it follows GraphQL over HTTP: requests are read strictly (``graphql_request``) and
answered in the media type the client asks for, with that media type's status
(``graphql_response``); a request refused before GraphQL reads it gets a GraphQL-shaped
error with its 4xx status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import structlog
from cross_web import AsyncHTTPRequestAdapter, HTTPException, parse_content_type
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from app.config import Settings
from app.db.session import ANONYMOUS, UnitOfWork
from app.errors import ErrorCode, UnauthenticatedError
from app.identity import service as identity
from app.identity.service import RequestOrigin
from app.observability.metrics import WEBSOCKET_CONNECTIONS
from app.runtime import Runtime
from app.web.graphql_request import StrictRequestAdapter, graphql_request, json_value, operations_with_files
from app.web.graphql_response import JSON, negotiated_media_type, refusal, status_of, was_executed
from app.web.websocket_protocols import LegacyWSHandler, TransportWSHandler, UnsignedSocket, UnsignedSockets
from graphql_schema.context import RequestContext

logger = structlog.get_logger("vizora.graphql")


class GraphQLEndpoint(GraphQL[RequestContext, None]):
    request_adapter_class = StrictRequestAdapter
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

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
        self.unsigned_sockets = UnsignedSockets(settings.max_unsigned_sockets_per_address)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as refused:
            # Every request refused before GraphQL reads it leaves here, in one shape.
            accept = request.headers.get("accept")
            response = refusal(refused.reason, refused.status_code, negotiated_media_type(accept))
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """Every JSON the endpoint reads: bodies, multipart fields, GET parameters and
        WebSocket messages. A malformed one raises ``HTTPException``: HTTP answers it with 400,
        a WebSocket is closed with 4400 (``websocket_protocols``)."""
        return json_value(data)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        content_type, _ = parse_content_type(request.content_type or "")
        fields: object
        if request.method == "GET":
            fields = self.parse_query_params(request.query_params)
        elif content_type == "application/json":
            fields = self.decode_json(await request.get_body())
        elif content_type == "multipart/form-data":
            fields = await self._multipart_fields(request)
        else:
            raise HTTPException(400, "Unsupported content type")
        return graphql_request(fields)

    async def _multipart_fields(self, request: AsyncHTTPRequestAdapter) -> object:
        try:
            form = (await request.get_form_data()).form
        except StarletteHTTPException as error:  # Starlette's own refusal of a malformed body
            raise HTTPException(400, f"Unable to parse the multipart body: {error.detail}") from error
        operations, files_map = form.get("operations"), form.get("map", "{}")
        if not isinstance(operations, str) or not isinstance(files_map, str):
            raise HTTPException(400, "A multipart request needs `operations` and `map` fields of JSON.")
        return operations_with_files(self.decode_json(operations), self.decode_json(files_map), form)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # Negotiated once, before anything can fail; create_response answers in it.
        sub_response.media_type = negotiated_media_type(request.headers.get("accept"))
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if not was_executed(result):
            # The GraphQL spec: an error raised before execution begins leaves no data entry.
            del response["data"]
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        media_type = sub_response.media_type or JSON
        response = Response(
            self.encode_json(response_data),
            # A status a resolver set on the sub-response wins.
            status_code=sub_response.status_code or status_of(response_data, media_type),
            media_type=media_type,
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response

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
        unsigned_socket(context.request).release()
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
            except (SQLAlchemyError, OSError) as error:
                # A saturated pool or a database outage before the operation even starts: a
                # fast refusal that says to retry, not an unhandled exception (HTTP 500).
                logger.warning("sign-in of a request failed", exc_info=True)
                raise HTTPException(503, "The service is busy; retry in a moment.") from error
        return RequestContext(
            request=request,
            response=response,
            runtime=runtime,
            request_uow=uow,
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
            place = self.unsigned_sockets.admit(request.client.host if request.client else "")
            if place is None:
                await request.close(code=1008)  # before accepting: the handshake gets HTTP 403
                return None
            request.state.unsigned_socket = place
            WEBSOCKET_CONNECTIONS.inc()
        try:
            return await super().run(request, context=context, root_value=root_value)
        finally:
            if is_websocket:
                unsigned_socket(request).release()
                WEBSOCKET_CONNECTIONS.dec()
            else:
                await request.close()  # the files of a multipart upload, spooled to disk
            uow: UnitOfWork | None = getattr(request.state, "uow", None)
            if uow is not None:
                await uow.close()


def unsigned_socket(websocket: Request | WebSocket) -> UnsignedSocket:
    place: UnsignedSocket = websocket.state.unsigned_socket
    return place


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
