"""GraphQL types of diffs between schema versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.models.enums import ChangeSeverity

if TYPE_CHECKING:
    from graphql_schema.versions import SchemaVersion

SchemaVersionType = Annotated["SchemaVersion", strawberry.lazy("graphql_schema.versions")]
ChangeSeverityType = strawberry.enum(
    ChangeSeverity,
    name="ChangeSeverity",
    description="SAFE: nothing that works stops working. WARNING: existing rows or readers may be "
    "affected (a default, a widened type, a dropped index). BREAKING: something that worked fails "
    "(a dropped or renamed table or column, a narrowed type, NOT NULL added).",
)


@strawberry.type(description="One difference between two versions.")
class SchemaChange:
    kind: str = strawberry.field(description="TABLE_ADDED, COLUMN_REMOVED, COLUMN_TYPE_CHANGED, …")
    severity: ChangeSeverityType  # type: ignore[valid-type]
    path: str = strawberry.field(description='What changed, e.g. "public.users.email".')
    message: str
    before: JSON | None = strawberry.field(description="The object before (null when added).")
    after: JSON | None = strawberry.field(description="The object after (null when removed).")

    @classmethod
    def of(cls, change: Any) -> SchemaChange:
        """From a computed change or a stored ``schema_changes`` row (same attribute names)."""
        return cls(
            kind=str(change.kind),
            severity=ChangeSeverity(change.severity),
            path=change.path,
            message=change.message,
            before=change.before,
            after=change.after,
        )


@strawberry.type(description="The changes from one version to another, in reading order.")
class SchemaChangeSet:
    from_version: SchemaVersionType
    to_version: SchemaVersionType
    safe: int
    warning: int
    breaking: int
    changes: list[SchemaChange]

    @classmethod
    def build(cls, from_version: Any, to_version: Any, changes: list[SchemaChange]) -> SchemaChangeSet:
        counts = {severity: 0 for severity in ChangeSeverity}
        for change in changes:
            counts[ChangeSeverity(change.severity)] += 1
        return cls(
            from_version=from_version,
            to_version=to_version,
            safe=counts[ChangeSeverity.SAFE],
            warning=counts[ChangeSeverity.WARNING],
            breaking=counts[ChangeSeverity.BREAKING],
            changes=changes,
        )
