"""Changes of what is not a table: schemas, extensions, enums and domains."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.diff import severity
from app.diff.changes import Change, ChangeKind, change
from app.diff.context import DiffContext
from app.diff.types import TypeChange
from app.ingest.model import Domain, Enum

# Enums and domains: types a schema defines, known by key.
DefinedType = TypeVar("DefinedType", Enum, Domain)


def diff_names(
    noun: str, added: ChangeKind, removed: ChangeKind, old: list[str], new: list[str]
) -> list[Change]:
    """Schemas and extensions, which the model knows by name only."""
    return [
        *(
            change(removed, severity.of(removed), name, f"{noun} {name} removed", before={"name": name})
            for name in sorted(set(old) - set(new))
        ),
        *(
            change(added, severity.of(added), name, f"{noun} {name} added", after={"name": name})
            for name in sorted(set(new) - set(old))
        ),
    ]


def diff_enum(old: Enum | None, new: Enum | None) -> list[Change]:
    if old is None or new is None:
        return _added_or_removed(
            "Enum", ChangeKind.ENUM_ADDED, ChangeKind.ENUM_REMOVED, old, new, _describe_enum
        )
    changes = [
        change(
            ChangeKind.ENUM_VALUE_REMOVED,
            severity.of(ChangeKind.ENUM_VALUE_REMOVED),
            f"{new.key}.{value}",
            f"Enum value {new.key}.{value} removed",
            before={"value": value, "position": position},
        )
        for position, value in enumerate(old.values)
        if value not in new.values
    ]
    changes += [
        change(
            ChangeKind.ENUM_VALUE_ADDED,
            severity.of(ChangeKind.ENUM_VALUE_ADDED),
            f"{new.key}.{value}",
            f"Enum value {new.key}.{value} added",
            after={"value": value, "position": position},
        )
        for position, value in enumerate(new.values)
        if value not in old.values
    ]
    # Only values on both sides: an added or removed value is its own change.
    old_order = [value for value in old.values if value in new.values]
    new_order = [value for value in new.values if value in old.values]
    if old_order != new_order:
        message = (
            f"Values of enum {new.key} reordered from ({', '.join(old_order)}) to ({', '.join(new_order)})"
        )
        kind = ChangeKind.ENUM_VALUES_REORDERED
        changes.append(change(kind, severity.of(kind), new.key, message, before=old, after=new))
    if old.comment != new.comment:
        kind = ChangeKind.ENUM_COMMENT_CHANGED
        changes.append(
            change(
                kind, severity.of(kind), new.key, f"Comment on enum {new.key} changed", before=old, after=new
            )
        )
    return changes


def diff_domain(old: Domain | None, new: Domain | None, context: DiffContext) -> list[Change]:
    if old is None or new is None:
        return _added_or_removed(
            "Domain", ChangeKind.DOMAIN_ADDED, ChangeKind.DOMAIN_REMOVED, old, new, _describe_domain
        )
    changes: list[Change] = []
    type_change = context.type_change(old.base_type, new.base_type)
    old_definition = (old.not_null, old.default, _checks(old), old.collation)
    new_definition = (new.not_null, new.default, _checks(new), new.collation)
    if type_change is not TypeChange.SAME or old_definition != new_definition:
        how_bad = severity.domain_changed(type_change, became_not_null=new.not_null and not old.not_null)
        message = f"Domain {new.key} changed from {_describe_domain(old)} to {_describe_domain(new)}"
        changes.append(change(ChangeKind.DOMAIN_CHANGED, how_bad, new.key, message, before=old, after=new))
    if old.comment != new.comment:
        kind = ChangeKind.DOMAIN_COMMENT_CHANGED
        changes.append(
            change(
                kind,
                severity.of(kind),
                new.key,
                f"Comment on domain {new.key} changed",
                before=old,
                after=new,
            )
        )
    return changes


def _added_or_removed(
    noun: str,
    added: ChangeKind,
    removed: ChangeKind,
    old: DefinedType | None,
    new: DefinedType | None,
    describe: Callable[[DefinedType], str],
) -> list[Change]:
    if new is not None:
        message = f"{noun} {new.key} added ({describe(new)})"
        return [change(added, severity.of(added), new.key, message, after=new)]
    if old is not None:
        return [change(removed, severity.of(removed), old.key, f"{noun} {old.key} removed", before=old)]
    return []


def _describe_enum(enum: Enum) -> str:
    return ", ".join(enum.values)


def _describe_domain(domain: Domain) -> str:
    parts = [domain.base_type]
    if domain.collation is not None:
        parts.append(f"COLLATE {domain.collation}")
    if domain.not_null:
        parts.append("NOT NULL")
    if domain.default is not None:
        parts.append(f"DEFAULT {domain.default}")
    parts += [f"CHECK ({expression})" for _, expression in _checks(domain)]
    return " ".join(parts)


def _checks(domain: Domain) -> list[tuple[str, str]]:
    return sorted((check.name, check.expression) for check in domain.checks)
