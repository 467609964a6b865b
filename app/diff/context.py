"""What every part of a diff needs to know about the whole: which tables correspond (same
key, or renamed), which columns were renamed, and each side's dialect for reading types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.diff.renames import column_renames, table_renames
from app.diff.types import TypeChange, classify_type_change
from app.ingest.model import SchemaModel, Table


@dataclass(frozen=True, slots=True)
class TablePair:
    before: Table
    after: Table


@dataclass(frozen=True, slots=True)
class DiffContext:
    before: SchemaModel
    after: SchemaModel
    # Tables (and views) on both sides: same key, or renamed.
    pairs: list[TablePair]
    removed: list[Table]
    added: list[Table]
    # Old table key → new table key.
    table_renames: Mapping[str, str]
    # Old table key → {old column name → new column name}.
    column_renames: Mapping[str, Mapping[str, str]]
    # Old bare table name → new one, for references inside view definitions.
    renamed_table_names: Mapping[str, str]

    def type_change(self, before: str, after: str) -> TypeChange:
        return classify_type_change(
            before, after, before_dialect=self.before.dialect, after_dialect=self.after.dialect
        )

    def renamed_columns(self, old_table_key: str) -> Mapping[str, str]:
        return self.column_renames.get(old_table_key, {})

    def new_table_key(self, old_table_key: str) -> str:
        return self.table_renames.get(old_table_key, old_table_key)

    def new_column_names(self, old_table_key: str, names: list[str]) -> list[str]:
        renames = self.renamed_columns(old_table_key)
        return [renames.get(name, name) for name in names]


def build_context(before: SchemaModel, after: SchemaModel) -> DiffContext:
    old_tables = {table.key: table for table in before.tables}
    new_tables = {table.key: table for table in after.tables}
    pairs: list[TablePair] = []
    removed: list[Table] = []
    added: list[Table] = []
    for key in sorted(old_tables.keys() | new_tables.keys()):
        old, new = old_tables.get(key), new_tables.get(key)
        # A table replaced by a view of the same name is a removal and an addition.
        if old is not None and new is not None and old.kind.is_view == new.kind.is_view:
            pairs.append(TablePair(old, new))
            continue
        if old is not None:
            removed.append(old)
        if new is not None:
            added.append(new)

    renamed_tables = table_renames(
        [table for table in removed if not table.kind.is_view],
        [table for table in added if not table.kind.is_view],
        before.dialect,
        after.dialect,
    )
    renamed_to = set(renamed_tables.values())
    pairs += [TablePair(old_tables[old], new_tables[new]) for old, new in renamed_tables.items()]
    removed = [table for table in removed if table.key not in renamed_tables]
    added = [table for table in added if table.key not in renamed_to]

    renamed_columns: dict[str, Mapping[str, str]] = {}
    for pair in pairs:
        # View columns follow from their definition; a "renamed" view column is reported as
        # the removal and addition it is to readers.
        if pair.before.kind.is_view:
            continue
        old_names = {column.name for column in pair.before.columns}
        new_names = {column.name for column in pair.after.columns}
        renames = column_renames(
            [column for column in pair.before.columns if column.name not in new_names],
            [column for column in pair.after.columns if column.name not in old_names],
            before.dialect,
            after.dialect,
        )
        if renames:
            renamed_columns[pair.before.key] = renames

    return DiffContext(
        before=before,
        after=after,
        pairs=pairs,
        removed=removed,
        added=added,
        table_renames=renamed_tables,
        column_renames=renamed_columns,
        renamed_table_names={
            old_tables[old].name: new_tables[new].name
            for old, new in renamed_tables.items()
            if old_tables[old].name != new_tables[new].name
        },
    )
