"""``node`` and ``nodes``: any object by its global ID, through the type's own loader."""

from __future__ import annotations

import asyncio

from strawberry import relay

from app.errors import BadUserInputError
from graphql_schema.context import Info
from graphql_schema.node import resolve_node


async def node(info: Info, global_id: str) -> relay.Node | None:
    return await resolve_node(info, global_id)


async def nodes(info: Info, global_ids: list[str]) -> list[relay.Node | None]:
    max_ids = info.context.runtime.settings.max_page_size
    if len(global_ids) > max_ids:
        raise BadUserInputError(f"nodes takes at most {max_ids} ids.", field=["ids"])
    # Loaders batch these: one query per type, whatever the number of ids.
    return list(await asyncio.gather(*(resolve_node(info, global_id) for global_id in global_ids)))
