"""The shape every by-id loader shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
