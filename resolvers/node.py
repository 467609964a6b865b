"""``node`` and ``nodes``: any object by its global ID, through the type's own loader."""

from __future__ import annotations

import asyncio

from strawberry import relay

from app.errors import BadUserInputError
from graphql_schema.context import Info
from graphql_schema.node import load_node, locate_node


async def node(info: Info, global_id: str) -> relay.Node | None:
    return await load_node(info, *locate_node(info, global_id, field="id"))


async def nodes(info: Info, global_ids: list[str]) -> list[relay.Node | None]:
    max_ids = info.context.runtime.settings.max_page_size
    if len(global_ids) > max_ids:
        raise BadUserInputError(f"nodes takes at most {max_ids} ids.", field=["ids"])
    # Every id is checked before any is loaded, so one bad id refuses the list without SQL.
    located = [locate_node(info, global_id, field="ids") for global_id in global_ids]
    # Loaders batch these: one query per type, whatever the number of ids.
    return list(await asyncio.gather(*(load_node(info, *found) for found in located)))
