"""From connection arguments to a page from a loader, and from the page to a Connection."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from uuid import UUID

from aiodataloader import DataLoader
from strawberry import relay

from app.pagination import Page, PageRequest
from graphql_schema.connection import Connection
from graphql_schema.context import Info
from loaders.base import PageKey

NodeT = TypeVar("NodeT", bound=relay.Node)


async def load_connection(
    info: Info,
    loader: DataLoader[PageKey, Page[Any]],
    parent_id: UUID,
    to_node: Callable[[Any], NodeT],
    *,
    first: int | None,
    after: str | None,
    last: int | None = None,
    before: str | None = None,
    criteria: Hashable = None,
) -> Connection[NodeT]:
    request = PageRequest.parse(
        first=first,
        after=after,
        last=last,
        before=before,
        max_size=info.context.runtime.settings.max_page_size,
    )
    page = await loader.load(PageKey(parent_id, request, criteria))
    return Connection.from_page(page, to_node)
