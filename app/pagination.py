"""Cursor pagination: validated page requests, opaque keyset cursors, and pages fetched
for many parents in one statement.

Keyset, not offset: a page stays correct while rows are inserted before it, and costs
the same on page 1,000 as on page 1. Cursors are opaque to clients (base64 of the sort
key) so that the ordering can change without breaking the contract.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, inspect, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.errors import BadUserInputError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class PageRequest:
    """``first``/``after`` pages forwards, ``last``/``before`` backwards; never both."""

    limit: int
    cursor: tuple[Any, UUID] | None
    backwards: bool

    @classmethod
    def parse(
        cls,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        max_size: int,
    ) -> PageRequest:
        if first is not None and last is not None:
            raise BadUserInputError("Pass either first or last, not both.", field=["last"])
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= max_size:
                raise BadUserInputError(f"{name} must be between 0 and {max_size}.", field=[name])
        if last is not None or (before is not None and first is None):
            return cls(limit=_size(last), cursor=decode_cursor(before, "before"), backwards=True)
        return cls(limit=_size(first), cursor=decode_cursor(after, "after"), backwards=False)


def _size(requested: int | None) -> int:
    return DEFAULT_PAGE_SIZE if requested is None else requested


def encode_cursor(sort_value: Any, row_id: UUID) -> str:
    value = sort_value.isoformat() if isinstance(sort_value, datetime) else sort_value
    raw = json.dumps([value, str(row_id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, argument: str) -> tuple[Any, UUID] | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, row_id = json.loads(raw)
        return value, UUID(row_id)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadUserInputError(
            f"{argument} is not a cursor this list returned.", field=[argument]
        ) from error


@dataclass
class Page(Generic[T]):
    rows: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


@dataclass(frozen=True)
class SortKey:
    """The column a list is ordered by; ``id`` breaks ties so the order is total."""

    column: InstrumentedAttribute[Any]
    descending: bool = False


async def fetch_pages(
    session: AsyncSession,
    statement: Select[Any],
    *,
    entity: type[Any],
    partition_by: InstrumentedAttribute[Any],
    parent_ids: Sequence[UUID],
    sort: SortKey,
    request: PageRequest,
) -> dict[UUID, Page[Any]]:
    """One page per parent, in one statement, whatever the number of parents.

    ``statement`` selects ``entity`` (one mapped class), already filtered to what the caller
    may see.
    ``partition_by`` and ``sort`` may be columns of a table it joins (organizations paged by
    their membership rows, say). ``total_count`` counts the parent's rows before the
    cursor applies, as Relay expects.
    """
    counted = (
        statement.with_only_columns(*_loaded_columns(entity), maintain_column_froms=True)
        .where(partition_by.in_(parent_ids))
        .add_columns(
            partition_by.label("_parent"),
            sort.column.label("_sort"),
            func.count().over(partition_by=partition_by).label("_total"),
        )
        .subquery()
    )
    parent, sort_value, row_id = counted.c["_parent"], counted.c["_sort"], counted.c["id"]
    # Backwards pages are read in reverse, then flipped back.
    descending = sort.descending != request.backwards
    order = [sort_value.desc(), row_id.desc()] if descending else [sort_value.asc(), row_id.asc()]
    numbered = select(counted, func.row_number().over(partition_by=parent, order_by=order).label("_position"))
    if request.cursor is not None:
        numbered = numbered.where(_after_cursor(sort_value, row_id, request.cursor, descending))
    page_rows = numbered.subquery()
    rows = await session.execute(
        select(
            aliased(entity, page_rows), page_rows.c["_total"], page_rows.c["_parent"], page_rows.c["_sort"]
        )
        .where(page_rows.c["_position"] <= request.limit + 1)
        .order_by(page_rows.c["_parent"], page_rows.c["_position"])
    )
    grouped: dict[UUID, list[tuple[Any, Any]]] = {}
    totals: dict[UUID, int] = {}
    for row, total, parent_id, row_sort_value in rows:
        grouped.setdefault(parent_id, []).append((row, row_sort_value))
        totals[parent_id] = total
    return {
        parent_id: _page(grouped.get(parent_id, []), totals.get(parent_id, 0), request)
        for parent_id in parent_ids
    }


def _loaded_columns(entity: type[Any]) -> list[Any]:
    """The entity's columns but its deferred ones (large text and JSON, loaded on their own):
    a page's subqueries would otherwise carry them through every row they number."""
    return [attribute.columns[0] for attribute in inspect(entity).column_attrs if not attribute.deferred]


def _after_cursor(
    sort_col: ColumnElement[Any], id_col: ColumnElement[Any], cursor: tuple[Any, UUID], descending: bool
) -> ColumnElement[bool]:
    sort_value, row_id = cursor
    if sort_col.type.python_type is datetime and isinstance(sort_value, str):
        try:
            sort_value = datetime.fromisoformat(sort_value)
        except ValueError as error:
            raise BadUserInputError("The cursor is not one this list returned.") from error
    key, bound = tuple_(sort_col, id_col), tuple_(sort_value, row_id)
    return key < bound if descending else key > bound


def _page(rows: list[tuple[Any, Any]], total: int, request: PageRequest) -> Page[Any]:
    has_more = len(rows) > request.limit
    rows = rows[: request.limit]
    if request.backwards:
        rows.reverse()
    followed_cursor = request.cursor is not None
    return Page(
        rows=[row for row, _ in rows],
        cursors=[encode_cursor(sort_value, row.id) for row, sort_value in rows],
        has_next_page=followed_cursor if request.backwards else has_more,
        has_previous_page=has_more if request.backwards else followed_cursor,
        total_count=total,
    )
