"""Loaders of the identity domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from app.models import ApiKey, User
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader


class UserByIdLoader(RowByIdLoader[User]):
    model = User


class ApiKeyByIdLoader(RowByIdLoader[ApiKey]):
    model = ApiKey


class ApiKeysPageByOrganizationIdLoader(PageLoader):
    """An organization's keys, newest first, revoked ones included (they explain old activity)."""

    model = ApiKey
    partition_by = ApiKey.organization_id
    sort = SortKey(ApiKey.created_at, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(ApiKey)
