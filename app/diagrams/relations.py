"""What the drawings read from a model besides the tables: the foreign keys that join two
tables of the model, with the cardinality of each end, and the key markers of columns."""

from __future__ import annotations

from dataclasses import dataclass

from app.ingest.model import ForeignKey, SchemaModel, Table
from app.ingest.postgres.names import DEFAULT_SCHEMA

PRIMARY_KEY = "PK"
FOREIGN_KEY = "FK"
UNIQUE_KEY = "UK"


@dataclass(frozen=True, slots=True)
class Relationship:
    child: Table
    parent: Table
    foreign_key: ForeignKey
    # A child row may have no parent: one of the key's columns is nullable.
    optional: bool
    # A parent row has at most one child: the key's columns are the child's primary key or
    # one of its unique keys.
    one_to_one: bool
    # The child's identity includes the parent: the key's columns are part of its primary key.
    identifying: bool


def table_label(table: Table) -> str:
    """The name shown for a table: without its schema when that is the default one."""
    return table.name if table.schema in (None, DEFAULT_SCHEMA) else table.key


def relationships(model: SchemaModel) -> list[Relationship]:
    """Foreign keys between tables of the model, in model order. A key to a table outside the
    model (``auth.users`` on Supabase) has nothing to point at and is left out."""
    tables = {table.key: table for table in model.tables}
    found: list[Relationship] = []
    for child in model.tables:
        primary = set(child.primary_key.columns) if child.primary_key else set()
        for foreign_key in child.foreign_keys:
            parent = tables.get(foreign_key.referenced_table)
            if parent is None:
                continue
            columns = [child.column(name) for name in foreign_key.columns]
            found.append(
                Relationship(
                    child=child,
                    parent=parent,
                    foreign_key=foreign_key,
                    optional=any(column is None or column.nullable for column in columns),
                    one_to_one=set(foreign_key.columns) in [*_unique_column_sets(child), primary],
                    identifying=bool(primary) and set(foreign_key.columns) <= primary,
                )
            )
    return found


def key_markers(table: Table) -> dict[str, tuple[str, ...]]:
    """Column name → its markers, in PK, FK, UK order; columns without any are left out."""
    primary = set(table.primary_key.columns) if table.primary_key else set()
    foreign = {name for foreign_key in table.foreign_keys for name in foreign_key.columns}
    unique = {next(iter(columns)) for columns in _unique_column_sets(table) if len(columns) == 1}
    markers: dict[str, tuple[str, ...]] = {}
    for column in table.columns:
        found: list[str] = []
        if column.is_primary_key or column.name in primary:
            found.append(PRIMARY_KEY)
        if column.name in foreign:
            found.append(FOREIGN_KEY)
        if column.is_unique or column.name in unique:
            found.append(UNIQUE_KEY)
        if found:
            markers[column.name] = tuple(found)
    return markers


def _unique_column_sets(table: Table) -> list[set[str]]:
    """Column sets of the unique constraints and unique indexes, not of the primary key."""
    sets = [set(constraint.columns) for constraint in table.unique_constraints]
    # A partial unique index allows duplicates outside its predicate; it does not make a key.
    sets += [set(index.columns) for index in table.indexes if index.unique and index.predicate is None]
    return sets
