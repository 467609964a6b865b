"""Changes of one table or view: added, removed or renamed as a whole, or what changed in it
(kind, partitioning, inheritance, comment, view definition, row-level security, and through
``columns`` and ``constraints`` its columns and named parts)."""

from __future__ import annotations

from app.diff import severity
from app.diff.changes import Change, ChangeKind, change
from app.diff.columns import diff_columns
from app.diff.constraints import diff_constraints
from app.diff.context import DiffContext, TablePair
from app.diff.renames import rename_identifiers
from app.ingest.model import Table
from app.models.enums import ChangeSeverity


def table_added(table: Table) -> Change:
    kind = ChangeKind.VIEW_ADDED if table.kind.is_view else ChangeKind.TABLE_ADDED
    message = f"{_noun(table)} {table.key} added with {_count(len(table.columns), 'column')}"
    return change(kind, severity.of(kind), table.key, message, after=table)


def table_removed(table: Table) -> Change:
    kind = ChangeKind.VIEW_REMOVED if table.kind.is_view else ChangeKind.TABLE_REMOVED
    return change(kind, severity.of(kind), table.key, f"{_noun(table)} {table.key} removed", before=table)


def diff_table(pair: TablePair, context: DiffContext) -> list[Change]:
    return [
        *_table_changes(pair, context),
        *diff_columns(pair, context),
        *diff_constraints(pair, context),
    ]


def _table_changes(pair: TablePair, context: DiffContext) -> list[Change]:
    old, new = pair.before, pair.after
    path, noun = new.key, _noun(new)
    found: list[tuple[ChangeKind, str]] = []
    if old.key != new.key:
        found.append((ChangeKind.TABLE_RENAMED, f"Table {old.key} renamed to {new.key}"))
    if old.kind != new.kind:
        found.append(
            (ChangeKind.TABLE_KIND_CHANGED, f"{noun} {path} changed from {_kind(old)} to {_kind(new)}")
        )
    columns = context.renamed_columns(old.key)
    old_partitioning = (
        rename_identifiers(old.partition_key, columns) if old.partition_key is not None else None,
        context.new_table_key(old.partition_of) if old.partition_of is not None else None,
        old.partition_bound,
    )
    if old_partitioning != (new.partition_key, new.partition_of, new.partition_bound):
        found.append(
            (
                ChangeKind.TABLE_PARTITIONING_CHANGED,
                f"Partitioning of {path} changed from {_partitioning(old)} to {_partitioning(new)}",
            )
        )
    if [context.new_table_key(parent) for parent in old.inherits] != new.inherits:
        message = f"Table {path} changed from {_inheritance(old)} to {_inheritance(new)}"
        found.append((ChangeKind.TABLE_INHERITANCE_CHANGED, message))
    if old.comment != new.comment:
        found.append((ChangeKind.TABLE_COMMENT_CHANGED, f"Comment on {noun.lower()} {path} changed"))
    # Views name the tables they read: PostgreSQL follows a table's rename in its views.
    if rename_identifiers(old.definition, context.renamed_table_names) != new.definition:
        found.append((ChangeKind.VIEW_CHANGED, f"{noun} {path} definition changed"))
    if old.rls_enabled != new.rls_enabled:
        kind = ChangeKind.RLS_ENABLED if new.rls_enabled else ChangeKind.RLS_DISABLED
        found.append((kind, f"Row-level security {'enabled' if new.rls_enabled else 'disabled'} on {path}"))
    if old.rls_forced != new.rls_forced:
        kind = ChangeKind.RLS_FORCE_ENABLED if new.rls_forced else ChangeKind.RLS_FORCE_DISABLED
        verb = "now forced" if new.rls_forced else "no longer forced"
        found.append((kind, f"Row-level security is {verb} on {path} for the table owner"))
    return [
        change(kind, _severity(kind, new), path, message, before=old, after=new) for kind, message in found
    ]


def _severity(kind: ChangeKind, table: Table) -> ChangeSeverity:
    if kind in (ChangeKind.RLS_ENABLED, ChangeKind.RLS_FORCE_ENABLED):
        return severity.rls_enabled(table)
    return severity.of(kind)


def _noun(table: Table) -> str:
    return "View" if table.kind.is_view else "Table"


def _kind(table: Table) -> str:
    return table.kind.value.replace("_", " ")


def _partitioning(table: Table) -> str:
    parts = []
    if table.partition_key is not None:
        parts.append(f"PARTITION BY {table.partition_key}")
    if table.partition_of is not None:
        parts.append(f"PARTITION OF {table.partition_of} {table.partition_bound or ''}".rstrip())
    return " ".join(parts) or "not partitioned"


def _inheritance(table: Table) -> str:
    return f"INHERITS ({', '.join(table.inherits)})" if table.inherits else "no inheritance"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
