"""Loaders of live database connections (rows visible to editors and up only, by RLS)."""

from __future__ import annotations

from app.models import Connection
from loaders.base import RowByIdLoader, RowsByParentIdLoader


class ConnectionByIdLoader(RowByIdLoader[Connection]):
    model = Connection


class ConnectionsByProjectIdLoader(RowsByParentIdLoader):
    """A project has a handful of connections (the plan counts them): no pagination."""

    model = Connection
    parent_key = Connection.project_id
    order_by = Connection.name
