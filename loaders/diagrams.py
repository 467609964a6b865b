"""Loaders of diagrams."""

from __future__ import annotations

from app.models import DiagramState
from loaders.base import RowByIdLoader, RowsByParentIdLoader


class DiagramByIdLoader(RowByIdLoader[DiagramState]):
    model = DiagramState


class DiagramsByProjectIdLoader(RowsByParentIdLoader):
    """A project has a few named layouts: no pagination, by name."""

    model = DiagramState
    parent_key = DiagramState.project_id
    order_by = DiagramState.name
