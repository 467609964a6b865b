"""What every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from app.db.session import UnitOfWork
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
    viewer: Viewer | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.uow.session)


Info = StrawberryInfo[RequestContext, None]
