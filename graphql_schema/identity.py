"""GraphQL types of the identity domain: users, sessions and their payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from app.identity.service import IssuedSession
from graphql_schema.connection import Connection
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode
from resolvers.pagination import load_connection

if TYPE_CHECKING:
    from graphql_schema.audit import Notification
    from graphql_schema.tenancy import Organization

OrganizationType = Annotated["Organization", strawberry.lazy("graphql_schema.tenancy")]
NotificationType = Annotated["Notification", strawberry.lazy("graphql_schema.audit")]


@strawberry.type(name="User", description="A person with a Vizora account.")
class User(LoadedNode):
    loader_name = "user_by_id"
    id: relay.NodeID[UUID]
    email: str
    display_name: str
    avatar_url: str | None

    @classmethod
    def from_row(cls, row: models.User) -> User:
        return cls(id=row.id, email=row.email, display_name=row.display_name, avatar_url=row.avatar_url)

    @strawberry.field(description="Organizations this user belongs to (those you share with them).")
    async def organizations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[OrganizationType]:
        from graphql_schema.tenancy import Organization

        loader = info.context.loaders.organizations_page_by_user_id
        return await load_connection(info, loader, self.id, Organization.from_row, first=first, after=after)

    @strawberry.field(description="Your notifications, newest first (empty for anyone else's account).")
    async def notifications(
        self, info: Info, first: int | None = None, after: str | None = None, unread_only: bool | None = None
    ) -> Connection[NotificationType]:
        from graphql_schema.audit import Notification

        loader = info.context.loaders.notifications_page_by_user_id
        return await load_connection(
            info, loader, self.id, Notification.from_row, first=first, after=after, criteria=bool(unread_only)
        )


@strawberry.type(description="Tokens of a new session: send accessToken as `Authorization: Bearer`.")
class AuthPayload:
    access_token: str | None = None
    refresh_token: str | None = strawberry.field(
        default=None, description="Single use: refreshSession returns a new one and retires this."
    )
    expires_at: datetime | None = strawberry.field(default=None, description="When accessToken expires.")
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_session(cls, issued: IssuedSession | None, user_errors: list[UserError]) -> AuthPayload:
        if issued is None:
            return cls(user_errors=user_errors)
        return cls(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            expires_at=issued.expires_at,
            user=User.from_row(issued.user),
            user_errors=user_errors,
        )


@strawberry.type
class LogOutPayload:
    success: bool
    user_errors: list[UserError]


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class RefreshSessionInput:
    refresh_token: str


@strawberry.input
class LogOutInput:
    refresh_token: str | None = strawberry.field(default=None, description="Omitted: the current session.")
