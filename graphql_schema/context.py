"""What every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    uow: UnitOfWork
    request_id: str
    origin: RequestOrigin
    viewer: Viewer | None = None
    auth_error: str | None = None  # why a presented token was refused, for UNAUTHENTICATED answers
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.uow.session, self.viewer)

    def actor(self, viewer: Viewer) -> Actor:
        return Actor(viewer=viewer, address=self.origin.address, request_id=self.request_id)


Info = StrawberryInfo[RequestContext, None]
