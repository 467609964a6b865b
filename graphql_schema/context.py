"""What every resolver receives as ``info.context``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from app.audit.service import Actor
from app.db.session import UnitOfWork
from app.identity.service import RequestOrigin
from app.identity.viewer import Viewer
from app.runtime import Runtime
from loaders import Loaders


@dataclass
class RequestContext:
    request: Request | WebSocket
    response: Response | WebSocket | None
    runtime: Runtime
    # The HTTP request's unit of work; a WebSocket's, used only to sign in (see ``uow``).
    request_uow: UnitOfWork
    request_id: str
    origin: RequestOrigin
    viewer: Viewer | None = None
    auth_error: str | None = None  # why a presented token was refused, for UNAUTHENTICATED answers
    # What a WebSocket client sent in ``connection_init`` (strawberry fills it in).
    connection_params: Any = None
    _loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self._loaders = Loaders(self.request_uow.session, self.viewer)

    @property
    def uow(self) -> UnitOfWork:
        """The request's unit of work; over a WebSocket, the operation's own (see
        ``operation_scope``)."""
        scope = _OPERATION_SCOPE.get()
        return scope.uow if scope is not None else self.request_uow

    @property
    def loaders(self) -> Loaders:
        """The request's loaders; over a WebSocket, the operation's own; while a subscription
        event is resolved, that event's own (see ``event_scope``)."""
        event = _EVENT_SCOPE.get()
        if event is not None:
            return event.loaders
        operation = _OPERATION_SCOPE.get()
        return operation.loaders if operation is not None else self._loaders

    def sign_in(self, viewer: Viewer) -> None:
        """For a WebSocket, authenticated after the context was made (in connection_init)."""
        self.viewer, self.auth_error = viewer, None
        self._loaders = Loaders(self.request_uow.session, viewer)

    def actor(self, viewer: Viewer) -> Actor:
        return Actor(viewer=viewer, address=self.origin.address, request_id=self.request_id)


@dataclass(frozen=True)
class OperationScope:
    uow: UnitOfWork
    loaders: Loaders


# A WebSocket has one context for hours and runs its operations concurrently: each query and
# mutation gets a unit of work of its own, so that one operation's commit or rollback never
# ends another's transaction, and two never use one session at once. Set by the operation's
# extension in the operation's task, so its resolvers (and the tasks they start) see it.
_OPERATION_SCOPE: ContextVar[OperationScope | None] = ContextVar("operation_scope", default=None)


@asynccontextmanager
async def operation_scope(context: RequestContext) -> AsyncIterator[None]:
    uow = UnitOfWork(context.runtime.sessionmaker, context.request_uow.tenant)
    token = _OPERATION_SCOPE.set(OperationScope(uow, Loaders(uow.session, context.viewer)))
    try:
        yield
    finally:
        _OPERATION_SCOPE.reset(token)
        await uow.close()


# A WebSocket has one context for hours and many concurrent subscriptions: each event gets a
# short unit of work of its own instead of the connection's. Each subscription runs in its
# own task, and an async generator runs in the context of whoever iterates it, so a value set
# by the subscription resolver is what the fields of the event it yields see.
_EVENT_SCOPE: ContextVar[EventScope | None] = ContextVar("event_scope", default=None)


class EventScope:
    """Loaders on a fresh unit of work as the viewer, made only when first used: most events
    are served from what another subscriber already loaded, and need no database at all."""

    def __init__(self, runtime: Runtime, viewer: Viewer) -> None:
        self.runtime = runtime
        self.viewer = viewer
        self._uow: UnitOfWork | None = None
        self._loaders: Loaders | None = None

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._uow = UnitOfWork(self.runtime.sessionmaker, self.viewer.tenant)
            self._loaders = Loaders(self._uow.session, self.viewer)
        return self._loaders

    async def close(self) -> None:
        if self._uow is not None:
            # Reached as the subscription is being cancelled, and it may be cancelled again
            # meanwhile: the loads in flight and the close run to the end regardless, or
            # the connection would be left for the garbage collector.
            await asyncio.shield(self._settle_and_close(self._uow, self._loaders))

    @staticmethod
    async def _settle_and_close(uow: UnitOfWork, loaders: Loaders | None) -> None:
        if loaders is not None:
            await loaders.settled()
        await uow.close()


@asynccontextmanager
async def event_scope(runtime: Runtime, viewer: Viewer) -> AsyncIterator[EventScope]:
    """A scope for one event (or one check), closed (rolled back) on exit."""
    scope = EventScope(runtime, viewer)
    token = _EVENT_SCOPE.set(scope)
    try:
        yield scope
    finally:
        _EVENT_SCOPE.reset(token)
        await scope.close()


Info = StrawberryInfo[RequestContext, None]
