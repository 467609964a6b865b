"""The one Relay connection shape every list field returns: edges, pageInfo, totalCount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from app.pagination import Page


@strawberry.type(name="Connection", description="A page of a list, with cursors to the neighbouring pages.")
class Connection(relay.Connection[NodeType]):
    total_count: int = strawberry.field(description="How many items the whole list has.")

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[[Any], NodeType]) -> Connection[NodeType]:
        edges = [
            relay.Edge(cursor=cursor, node=to_node(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            total_count=page.total_count,
        )
