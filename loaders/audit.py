"""Loaders of the activity log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from app.models import ActivityLog
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader


class ActivityLogByIdLoader(RowByIdLoader[ActivityLog]):
    model = ActivityLog


class ActivityLogsPageByOrganizationIdLoader(PageLoader):
    """Newest first, served by the (organization_id, created_at DESC, id DESC) index."""

    partition_by = ActivityLog.organization_id
    sort = SortKey(ActivityLog.created_at, descending=True)

    def statement(self, search: str | None) -> Select[Any]:
        return select(ActivityLog)
