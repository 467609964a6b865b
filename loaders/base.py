"""The shapes loaders share: rows by id, and pages of children by parent."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.pagination import Page, PageRequest, SortKey, fetch_pages

RowT = TypeVar("RowT")


class RowByIdLoader(DataLoader[UUID, RowT | None], Generic[RowT]):
    """Loads rows of ``model`` by primary key in one query; ``None`` where a row is missing
    or hidden by row-level security (the two are deliberately indistinguishable)."""

    model: ClassVar[Any]

    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, ids: Sequence[UUID]) -> list[RowT | None]:
        statement = select(self.model).where(self.model.id.in_(ids))
        if hasattr(self.model, "deleted_at"):
            statement = statement.where(self.model.deleted_at.is_(None))
        rows = await self.session.scalars(statement)
        by_id = {row.id: row for row in rows}
        return [by_id.get(row_id) for row_id in ids]


@dataclass(frozen=True)
class PageKey:
    """One page of one parent's list; ``criteria`` narrows the list where the field offers it
    (a search string, an "unread only" flag); keys with equal criteria share one statement."""

    parent_id: UUID
    request: PageRequest
    criteria: Hashable = None


class PageLoader(DataLoader[PageKey, Page[Any]]):
    """Pages of children for many parents: one statement per distinct page request, however
    many parents ask (a nested connection costs the same for 2 parents as for 50)."""

    model: ClassVar[type[Any]]  # what the pages hold; statement() selects it
    partition_by: ClassVar[Any]
    sort: ClassVar[SortKey]

    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    def statement(self, criteria: Any) -> Select[Any]:
        raise NotImplementedError

    async def batch_load_fn(self, keys: Sequence[PageKey]) -> list[Page[Any]]:
        parents_by_query: dict[tuple[PageRequest, Hashable], list[UUID]] = {}
        for key in keys:
            parents_by_query.setdefault((key.request, key.criteria), []).append(key.parent_id)
        pages: dict[PageKey, Page[Any]] = {}
        for (request, criteria), parent_ids in parents_by_query.items():
            fetched = await fetch_pages(
                self.session,
                self.statement(criteria),
                entity=self.model,
                # Read from the class: through an instance, a column descriptor would try to load
                # the attribute from this (unmapped) loader.
                partition_by=type(self).partition_by,
                parent_ids=list(dict.fromkeys(parent_ids)),
                sort=self.sort,
                request=request,
            )
            for parent_id, page in fetched.items():
                pages[PageKey(parent_id, request, criteria)] = page
        return [pages[key] for key in keys]


class RowsByParentIdLoader(DataLoader[UUID, list[Any]]):
    """All children of each parent, for small bounded lists (an invoice's lines): one query
    for every parent asked for."""

    model: ClassVar[type[Any]]
    parent_key: ClassVar[Any]
    order_by: ClassVar[Any]

    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, parent_ids: Sequence[UUID]) -> list[list[Any]]:
        cls = type(self)  # class access: these are column descriptors (see PageLoader)
        statement = select(cls.model).where(cls.parent_key.in_(parent_ids)).order_by(cls.order_by)
        if hasattr(cls.model, "deleted_at"):
            statement = statement.where(cls.model.deleted_at.is_(None))
        rows = await self.session.scalars(statement)
        children: dict[UUID, list[Any]] = {}
        for row in rows:
            children.setdefault(getattr(row, cls.parent_key.key), []).append(row)
        return [children.get(parent_id, []) for parent_id in parent_ids]
