"""Resolvers of the identity domain."""

from __future__ import annotations

from graphql_schema.context import Info
from graphql_schema.identity import User


async def viewer(info: Info) -> User | None:
    viewer = info.context.viewer
    if viewer is None or viewer.user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(viewer.user_id)
    return User.from_row(row) if row else None
