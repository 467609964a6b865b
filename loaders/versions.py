"""Loaders of schema versions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from app.ingest.model import SchemaModel
from app.ingest.stored_models import models_of
from app.models import SchemaChange, SchemaVersion
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader, RowsByParentIdLoader


class SchemaVersionByIdLoader(RowByIdLoader[SchemaVersion]):
    model = SchemaVersion


class VersionsPageByProjectIdLoader(PageLoader):
    """Newest (highest number) first."""

    model = SchemaVersion
    partition_by = SchemaVersion.project_id
    sort = SortKey(SchemaVersion.number, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(SchemaVersion)


class LatestVersionByProjectIdLoader(DataLoader[UUID, SchemaVersion | None]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, project_ids: Sequence[UUID]) -> list[SchemaVersion | None]:
        # DISTINCT ON: one row per project, its highest number, in one statement.
        rows = await self.session.scalars(
            select(SchemaVersion)
            .where(SchemaVersion.project_id.in_(project_ids))
            .ext(distinct_on(SchemaVersion.project_id))
            .order_by(SchemaVersion.project_id, SchemaVersion.number.desc())
        )
        latest = {row.project_id: row for row in rows}
        return [latest.get(project_id) for project_id in project_ids]


class ModelByVersionLoader(DataLoader[tuple[UUID, str], SchemaModel]):
    """A version's parsed canonical model, by (id, content hash): parsed once per process
    (see app/ingest/stored_models.py), its JSON read only where not parsed yet."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, versions: list[tuple[UUID, str]]) -> list[SchemaModel]:
        return await models_of(self.session, versions)


class ChangesByToVersionIdLoader(RowsByParentIdLoader):
    """A version's changes against its parent, in the diff's reading order."""

    model = SchemaChange
    parent_key = SchemaChange.to_version_id
    order_by = SchemaChange.position
