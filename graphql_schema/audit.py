"""GraphQL types of the activity log."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from app import models
from graphql_schema.context import Info
from graphql_schema.node import LoadedNode, encode_global_id

if TYPE_CHECKING:
    from graphql_schema.identity import User

UserType = Annotated["User", strawberry.lazy("graphql_schema.identity")]


@strawberry.type(name="ActivityLog", description="One change: who made it, to what, and when.")
class ActivityLog(LoadedNode):
    loader_name = "activity_log_by_id"
    id: relay.NodeID[UUID]
    action: str = strawberry.field(description="e.g. organization.create, member.role_change.")
    target_type: str
    target_id: strawberry.ID | None = strawberry.field(description="The target's global ID, if it has one.")
    metadata: JSON
    ip_address: str | None
    request_id: str | None
    created_at: datetime
    actor_api_key_id: strawberry.ID | None = strawberry.field(
        description="The API key that acted, if one did."
    )
    actor_user_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.ActivityLog) -> ActivityLog:
        return cls(
            id=row.id,
            action=row.action,
            target_type=row.target_type,
            target_id=strawberry.ID(encode_global_id(row.target_type, row.target_id))
            if row.target_id
            else None,
            metadata=JSON(row.details),
            ip_address=row.ip_address,
            request_id=row.request_id,
            created_at=row.created_at,
            actor_api_key_id=(
                strawberry.ID(encode_global_id("ApiKey", row.actor_api_key_id))
                if row.actor_api_key_id
                else None
            ),
            actor_user_id=row.actor_user_id,
        )

    @strawberry.field(description="The person who acted; null for an API key or a deleted account.")
    async def actor(self, info: Info) -> UserType | None:
        from graphql_schema.identity import User

        row = await info.context.loaders.user_by_id.load(self.actor_user_id) if self.actor_user_id else None
        return User.from_row(row) if row else None


@strawberry.type(name="Notification", description="Something that happened that concerns you.")
class Notification(LoadedNode):
    loader_name = "notification_by_id"
    id: relay.NodeID[UUID]
    kind: str
    title: str
    body: str | None
    data: JSON
    read_at: datetime | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Notification) -> Notification:
        return cls(
            id=row.id,
            kind=row.kind.value.upper(),
            title=row.title,
            body=row.body,
            data=JSON(row.data),
            read_at=row.read_at,
            created_at=row.created_at,
        )
