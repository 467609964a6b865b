"""Loaders of the identity domain."""

from __future__ import annotations

from app.models import User
from loaders.base import RowByIdLoader


class UserByIdLoader(RowByIdLoader[User]):
    model = User
