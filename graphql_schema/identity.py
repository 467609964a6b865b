"""GraphQL types of the identity domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app import models


@strawberry.type(name="User", description="A person with a Vizora account.")
class User(relay.Node):
    id: relay.NodeID[UUID]
    email: str
    display_name: str
    avatar_url: str | None

    @classmethod
    def from_row(cls, row: models.User) -> User:
        return cls(id=row.id, email=row.email, display_name=row.display_name, avatar_url=row.avatar_url)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[User | None]:
        rows = await info.context.loaders.user_by_id.load_many([UUID(node_id) for node_id in node_ids])
        return [cls.from_row(row) if row else None for row in rows]
