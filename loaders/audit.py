"""Loaders of the activity log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from app.models import ActivityLog, Notification
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader


class ActivityLogByIdLoader(RowByIdLoader[ActivityLog]):
    model = ActivityLog


class NotificationByIdLoader(RowByIdLoader[Notification]):
    model = Notification


class ActivityLogsPageByOrganizationIdLoader(PageLoader):
    """Newest first, served by the (organization_id, created_at DESC, id DESC) index."""

    model = ActivityLog
    partition_by = ActivityLog.organization_id
    sort = SortKey(ActivityLog.created_at, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(ActivityLog)


class NotificationsPageByUserIdLoader(PageLoader):
    """A user's notifications, newest first; criteria True keeps only the unread ones."""

    model = Notification
    partition_by = Notification.user_id
    sort = SortKey(Notification.created_at, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        statement = select(Notification)
        return statement.where(Notification.read_at.is_(None)) if criteria else statement
