"""What a diff is made of: one ``Change`` per difference, named by a ``ChangeKind``.

``before``/``after`` hold the JSON of the object the path names (a table, a column, a
constraint...) in its state before and after; ``None`` when it did not exist on that side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter

from app.models.enums import ChangeSeverity


class ChangeKind(StrEnum):
    """Declared in reading order: changes of one object are listed in this order."""

    SCHEMA_ADDED = "SCHEMA_ADDED"
    SCHEMA_REMOVED = "SCHEMA_REMOVED"
    EXTENSION_ADDED = "EXTENSION_ADDED"
    EXTENSION_REMOVED = "EXTENSION_REMOVED"
    ENUM_ADDED = "ENUM_ADDED"
    ENUM_REMOVED = "ENUM_REMOVED"
    ENUM_VALUE_ADDED = "ENUM_VALUE_ADDED"
    ENUM_VALUE_REMOVED = "ENUM_VALUE_REMOVED"
    ENUM_VALUES_REORDERED = "ENUM_VALUES_REORDERED"
    ENUM_COMMENT_CHANGED = "ENUM_COMMENT_CHANGED"
    DOMAIN_ADDED = "DOMAIN_ADDED"
    DOMAIN_REMOVED = "DOMAIN_REMOVED"
    DOMAIN_CHANGED = "DOMAIN_CHANGED"
    DOMAIN_COMMENT_CHANGED = "DOMAIN_COMMENT_CHANGED"
    TABLE_ADDED = "TABLE_ADDED"
    TABLE_REMOVED = "TABLE_REMOVED"
    TABLE_RENAMED = "TABLE_RENAMED"
    VIEW_ADDED = "VIEW_ADDED"
    VIEW_REMOVED = "VIEW_REMOVED"
    VIEW_CHANGED = "VIEW_CHANGED"
    TABLE_KIND_CHANGED = "TABLE_KIND_CHANGED"
    TABLE_PARTITIONING_CHANGED = "TABLE_PARTITIONING_CHANGED"
    TABLE_INHERITANCE_CHANGED = "TABLE_INHERITANCE_CHANGED"
    TABLE_COMMENT_CHANGED = "TABLE_COMMENT_CHANGED"
    COLUMN_ADDED = "COLUMN_ADDED"
    COLUMN_REMOVED = "COLUMN_REMOVED"
    COLUMN_RENAMED = "COLUMN_RENAMED"
    COLUMN_TYPE_CHANGED = "COLUMN_TYPE_CHANGED"
    COLUMN_NULLABILITY_CHANGED = "COLUMN_NULLABILITY_CHANGED"
    COLUMN_DEFAULT_CHANGED = "COLUMN_DEFAULT_CHANGED"
    COLUMN_IDENTITY_CHANGED = "COLUMN_IDENTITY_CHANGED"
    COLUMN_GENERATED_CHANGED = "COLUMN_GENERATED_CHANGED"
    COLUMN_COLLATION_CHANGED = "COLUMN_COLLATION_CHANGED"
    COLUMN_COMMENT_CHANGED = "COLUMN_COMMENT_CHANGED"
    COLUMN_ORDER_CHANGED = "COLUMN_ORDER_CHANGED"
    PRIMARY_KEY_ADDED = "PRIMARY_KEY_ADDED"
    PRIMARY_KEY_REMOVED = "PRIMARY_KEY_REMOVED"
    PRIMARY_KEY_CHANGED = "PRIMARY_KEY_CHANGED"
    PRIMARY_KEY_RENAMED = "PRIMARY_KEY_RENAMED"
    UNIQUE_CONSTRAINT_ADDED = "UNIQUE_CONSTRAINT_ADDED"
    UNIQUE_CONSTRAINT_REMOVED = "UNIQUE_CONSTRAINT_REMOVED"
    UNIQUE_CONSTRAINT_CHANGED = "UNIQUE_CONSTRAINT_CHANGED"
    UNIQUE_CONSTRAINT_RENAMED = "UNIQUE_CONSTRAINT_RENAMED"
    CHECK_CONSTRAINT_ADDED = "CHECK_CONSTRAINT_ADDED"
    CHECK_CONSTRAINT_REMOVED = "CHECK_CONSTRAINT_REMOVED"
    CHECK_CONSTRAINT_CHANGED = "CHECK_CONSTRAINT_CHANGED"
    CHECK_CONSTRAINT_RENAMED = "CHECK_CONSTRAINT_RENAMED"
    EXCLUSION_CONSTRAINT_ADDED = "EXCLUSION_CONSTRAINT_ADDED"
    EXCLUSION_CONSTRAINT_REMOVED = "EXCLUSION_CONSTRAINT_REMOVED"
    EXCLUSION_CONSTRAINT_CHANGED = "EXCLUSION_CONSTRAINT_CHANGED"
    EXCLUSION_CONSTRAINT_RENAMED = "EXCLUSION_CONSTRAINT_RENAMED"
    FOREIGN_KEY_ADDED = "FOREIGN_KEY_ADDED"
    FOREIGN_KEY_REMOVED = "FOREIGN_KEY_REMOVED"
    FOREIGN_KEY_CHANGED = "FOREIGN_KEY_CHANGED"
    FOREIGN_KEY_RENAMED = "FOREIGN_KEY_RENAMED"
    INDEX_ADDED = "INDEX_ADDED"
    INDEX_REMOVED = "INDEX_REMOVED"
    INDEX_CHANGED = "INDEX_CHANGED"
    INDEX_RENAMED = "INDEX_RENAMED"
    RLS_ENABLED = "RLS_ENABLED"
    RLS_DISABLED = "RLS_DISABLED"
    RLS_FORCE_ENABLED = "RLS_FORCE_ENABLED"
    RLS_FORCE_DISABLED = "RLS_FORCE_DISABLED"
    POLICY_ADDED = "POLICY_ADDED"
    POLICY_REMOVED = "POLICY_REMOVED"
    POLICY_CHANGED = "POLICY_CHANGED"
    POLICY_RENAMED = "POLICY_RENAMED"

    @property
    def reading_rank(self) -> int:
        return _READING_RANK[self]


_READING_RANK = {kind: rank for rank, kind in enumerate(ChangeKind)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    kind: ChangeKind
    severity: ChangeSeverity
    # Dotted names: ``public.users`` (table), ``public.users.email`` (column, constraint,
    # index or policy of that table), ``public.mood.happy`` (enum value).
    path: str
    message: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def summarize(changes: Iterable[Change]) -> dict[ChangeSeverity, int]:
    """How many changes of each severity, every severity present (zero when none)."""
    counts = Counter(change.severity for change in changes)
    return {severity: counts[severity] for severity in ChangeSeverity}


def in_reading_order(changes: Iterable[Change]) -> list[Change]:
    """The changes of one object: by kind as declared, then by path."""
    return sorted(changes, key=lambda change: (change.kind.reading_rank, change.path))


def change(
    kind: ChangeKind,
    severity: ChangeSeverity,
    path: str,
    message: str,
    *,
    before: object | None = None,
    after: object | None = None,
) -> Change:
    """A change whose ``before``/``after`` are canonical-model objects, stored as their JSON."""
    return Change(
        kind=kind,
        severity=severity,
        path=path,
        message=message,
        before=None if before is None else as_json(before),
        after=None if after is None else as_json(after),
    )


def as_json(value: object) -> dict[str, Any]:
    """The JSON form of a canonical-model object, as ``to_json`` writes it in a version."""
    value_type = type(value)
    # Building an adapter compiles a serializer; one per model class is enough.
    adapter = _ADAPTERS.get(value_type) or _ADAPTERS.setdefault(value_type, TypeAdapter(value_type))
    data: dict[str, Any] = adapter.dump_python(value, mode="json")
    return data


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}
