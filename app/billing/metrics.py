"""What plans limit. The one list to extend when a capability starts counting something:
add the metric here, give every plan a limit for it (a migration), and call ``consume`` /
``release`` where the thing is created and removed."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from app.models.billing import LIFETIME_PERIOD_START


class Metric(enum.StrEnum):
    WORKSPACES = "workspaces"
    MEMBERS = "members"
    PROJECTS = "projects"
    SCHEMA_VERSIONS_PER_MONTH = "schema_versions_per_month"
    CONNECTIONS = "connections"
    API_KEYS = "api_keys"
    ASK_SCHEMA_PER_MONTH = "ask_schema_per_month"

    @property
    def is_monthly(self) -> bool:
        """Monthly metrics count what happened this calendar month (UTC); the others count
        what exists now."""
        return self.value.endswith("_per_month")

    @property
    def label(self) -> str:
        noun = self.value.removesuffix("_per_month").replace("_", " ")
        return f"{noun} per month" if self.is_monthly else noun

    def period_start(self, now: datetime) -> datetime:
        if not self.is_monthly:
            return LIFETIME_PERIOD_START
        moment = now.astimezone(UTC)
        return datetime(moment.year, moment.month, 1, tzinfo=UTC)
