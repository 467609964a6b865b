"""Column changes of one table or view: added, removed, renamed, each attribute of a column
present on both sides, and their order. A new table's columns are part of its TABLE_ADDED."""

from __future__ import annotations

from collections.abc import Mapping

from app.diff import severity
from app.diff.changes import Change, ChangeKind, change
from app.diff.context import DiffContext, TablePair
from app.diff.renames import rename_identifiers
from app.diff.types import TypeChange
from app.ingest.model import Column
from app.models.enums import ChangeSeverity


def describe_column(column: Column) -> str:
    """The column as it reads in CREATE TABLE, after its name."""
    parts = [column.data_type or "unknown type"]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.identity is not None:
        parts.append(_describe_identity(column))
    if column.generated is not None:
        parts.append(_describe_generated(column))
    return " ".join(parts)


def diff_columns(pair: TablePair, context: DiffContext) -> list[Change]:
    table_key = pair.after.key
    renames = context.renamed_columns(pair.before.key)
    old_by_new_name = {renames.get(column.name, column.name): column for column in pair.before.columns}
    new_names = {column.name for column in pair.after.columns}
    changes = [
        change(
            ChangeKind.COLUMN_REMOVED,
            severity.of(ChangeKind.COLUMN_REMOVED),
            f"{table_key}.{old.name}",
            f"Column {table_key}.{old.name} removed",
            before=old,
        )
        for name, old in old_by_new_name.items()
        if name not in new_names
    ]
    for new in pair.after.columns:
        path = f"{table_key}.{new.name}"
        old_column = old_by_new_name.get(new.name)
        if old_column is None:
            changes.append(
                change(
                    ChangeKind.COLUMN_ADDED,
                    severity.column_added(new),
                    path,
                    f"Column {path} added ({describe_column(new)})",
                    after=new,
                )
            )
            continue
        if old_column.name != new.name:
            changes.append(
                change(
                    ChangeKind.COLUMN_RENAMED,
                    severity.of(ChangeKind.COLUMN_RENAMED),
                    path,
                    f"Column {table_key}.{old_column.name} renamed to {path}",
                    before=old_column,
                    after=new,
                )
            )
        changes += _attribute_changes(old_column, new, path, renames, context)
    changes += _order_change(pair, renames)
    return changes


def _attribute_changes(
    old: Column, new: Column, path: str, renames: Mapping[str, str], context: DiffContext
) -> list[Change]:
    found: list[tuple[ChangeKind, ChangeSeverity, str]] = []
    # A view column whose type the reader could not derive has no type to compare.
    if old.data_type is not None and new.data_type is not None:
        type_change = context.type_change(old.data_type, new.data_type)
        if type_change is not TypeChange.SAME:
            how = "" if type_change is TypeChange.CHANGED else f" ({type_change})"
            message = f"Column {path} changed type from {old.data_type} to {new.data_type}{how}"
            found.append((ChangeKind.COLUMN_TYPE_CHANGED, severity.type_changed(type_change), message))
    if old.nullable != new.nullable:
        message = f"Column {path} changed from {_nullability(old)} to {_nullability(new)}"
        found.append((ChangeKind.COLUMN_NULLABILITY_CHANGED, severity.nullability_changed(new), message))
    # Both serial: each default names the column's own sequence, whose name follows the
    # table's and the column's; it is the same default.
    if old.default != new.default and not (old.serial and new.serial):
        found.append(
            (
                ChangeKind.COLUMN_DEFAULT_CHANGED,
                severity.default_changed(new),
                _default_message(old, new, path),
            )
        )
    if old.identity != new.identity:
        message = f"Column {path} changed from {_describe_identity(old)} to {_describe_identity(new)}"
        found.append((ChangeKind.COLUMN_IDENTITY_CHANGED, severity.identity_changed(old, new), message))
    old_generated = rename_identifiers(old.generated, renames)
    if (old_generated, old.generated_storage) != (new.generated, new.generated_storage):
        message = f"Column {path} changed from {_describe_generated(old)} to {_describe_generated(new)}"
        found.append((ChangeKind.COLUMN_GENERATED_CHANGED, severity.generated_changed(old, new), message))
    if old.collation != new.collation:
        old_collation, new_collation = old.collation or "the default", new.collation or "the default"
        message = f"Column {path} collation changed from {old_collation} to {new_collation}"
        found.append(
            (ChangeKind.COLUMN_COLLATION_CHANGED, severity.of(ChangeKind.COLUMN_COLLATION_CHANGED), message)
        )
    if old.comment != new.comment:
        message = f"Comment on column {path} changed"
        found.append(
            (ChangeKind.COLUMN_COMMENT_CHANGED, severity.of(ChangeKind.COLUMN_COMMENT_CHANGED), message)
        )
    return [change(kind, how_bad, path, message, before=old, after=new) for kind, how_bad, message in found]


def _order_change(pair: TablePair, renames: Mapping[str, str]) -> list[Change]:
    """Reordered columns, looking only at those on both sides: an added or removed column is
    its own change, not a reordering."""
    new_names = [column.name for column in pair.after.columns]
    old_names = [renames.get(column.name, column.name) for column in pair.before.columns]
    old_order = [name for name in old_names if name in new_names]
    new_order = [name for name in new_names if name in old_names]
    if old_order == new_order:
        return []
    kind, path = ChangeKind.COLUMN_ORDER_CHANGED, pair.after.key
    message = f"Column order of {path} changed from ({', '.join(old_order)}) to ({', '.join(new_order)})"
    return [change(kind, severity.of(kind), path, message, before=pair.before, after=pair.after)]


def _default_message(old: Column, new: Column, path: str) -> str:
    if old.default is None:
        return f"Column {path} default set to {new.default}"
    if new.default is None:
        return f"Column {path} default dropped (was {old.default})"
    return f"Column {path} default changed from {old.default} to {new.default}"


def _nullability(column: Column) -> str:
    return "nullable" if column.nullable else "NOT NULL"


def _describe_identity(column: Column) -> str:
    if column.identity is None:
        return "no identity"
    return f"GENERATED {column.identity.value.upper()} AS IDENTITY"


def _describe_generated(column: Column) -> str:
    if column.generated is None:
        return "not generated"
    storage = f" {column.generated_storage.value.upper()}" if column.generated_storage else ""
    return f"GENERATED ALWAYS AS ({column.generated}){storage}"
