"""Column definitions. The type is written as the source wrote it (the model keeps that
spelling), followed only by the clauses that take the reader from what it already holds for
the column (nothing yet, a parent's column, what a serial type implies) to the model's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from app.ingest.export.postgres_context import name_of
from app.ingest.export.postgres_readback import declares_serial
from app.ingest.model import Column, GeneratedStorage, Identity, Table
from app.ingest.postgres.catalog import Catalog
from app.ingest.postgres.names import make_object_name, quote_ident, table_key


@dataclass(frozen=True)
class Baseline:
    """What the reader holds for a column before its clauses apply."""

    nullable: bool = True
    default: str | None = None
    identity: Identity | None = None
    generated: str | None = None
    generated_storage: GeneratedStorage | None = None


FRESH = Baseline()


def inherited(column: Column) -> Baseline:
    """A partition's column before its options: the parent's, as PARTITION OF copies it."""
    return Baseline(
        nullable=column.nullable,
        default=column.default,
        identity=column.identity,
        generated=column.generated,
        generated_storage=column.generated_storage,
    )


def merged(column: Column) -> Baseline:
    """An inherited column defined again in the child: the local definition replaces the
    parent's, except for NOT NULL and the default, which it keeps unless it sets its own."""
    return Baseline(nullable=column.nullable, default=column.default)


def same_type(column: Column, other: Column) -> bool:
    """Equal in everything a column definition without a type (a partition's options)
    cannot change."""
    return (
        column.data_type == other.data_type
        and column.original_type == other.original_type
        and column.collation == other.collation
        and column.identity == other.identity
        and column.generated == other.generated
        and column.generated_storage == other.generated_storage
    )


def written_serial(column: Column) -> bool:
    """Written with the serial type the source declared it with. A column that merely
    copies a serial parent's type is not serial itself: writing ``serial`` would make it so."""
    return column.serial and declares_serial(column)


def definition(column: Column, baseline: Baseline = FRESH) -> str:
    written_type = column.original_type
    if written_serial(column):
        # serial itself makes the column NOT NULL with its own sequence's default; any other
        # default is set after CREATE TABLE (serial_default_fix), as PostgreSQL refuses
        # a DEFAULT clause on a serial column.
        baseline = Baseline(nullable=False, default=column.default)
    elif declares_serial(column):
        written_type = column.data_type
    # "unknown" only for a column whose type nobody knows, which no reader produces.
    parts = [quote_ident(column.name), written_type or column.data_type or "unknown"]
    if column.collation:
        parts += ["COLLATE", column.collation]
    return " ".join([*parts, *clauses(column, baseline)])


def options(column: Column, baseline: Baseline) -> str | None:
    """A partition's column options (``amount NOT NULL``), None when it has none."""
    written = clauses(column, baseline)
    return " ".join([quote_ident(column.name), *written]) if written else None


def clauses(column: Column, baseline: Baseline) -> list[str]:
    return [change.clause for change in _changes(column, baseline)]


def alter_column_fixes(table: Table, column: Column, baseline: Baseline) -> list[str]:
    """What a column's definition does not say (CREATE TABLE AS has none, an inherited
    column of unchanged type need not be defined again), said with ALTER COLUMN."""
    return [_alter_column(table, column, change.action) for change in _changes(column, baseline)]


def serial_default_fix(table: Table, column: Column) -> list[str]:
    """A serial column whose default is not the one serial gives it (changed after CREATE)."""
    if not written_serial(column):
        return []
    sequence = table_key(table.schema, make_object_name(table.name, column.name, "seq"))
    changes = _default_change(column.default, Catalog.nextval(sequence))
    return [_alter_column(table, column, change.action) for change in changes]


def select_item(column: Column) -> str:
    """A column of CREATE TABLE AS: the reader derives its type from a cast, or none."""
    value = f"NULL::{column.data_type}" if column.data_type else "NULL"
    return f"{value} AS {quote_ident(column.name)}"


class _Change(NamedTuple):
    """One difference from the baseline, as a column clause and as an ALTER COLUMN action."""

    clause: str
    action: str


def _changes(column: Column, baseline: Baseline) -> list[_Change]:
    changes = _default_change(column.default, baseline.default)
    nullable = baseline.nullable
    if column.identity is not None and column.identity != baseline.identity:
        identity = f"GENERATED {column.identity.value.upper()} AS IDENTITY"
        changes.append(_Change(identity, f"ADD {identity}"))
        nullable = False
    generation = (column.generated, column.generated_storage)
    if column.generated is not None and generation != (baseline.generated, baseline.generated_storage):
        storage = (column.generated_storage or GeneratedStorage.STORED).value.upper()
        expression = f"({column.generated})"
        changes.append(
            _Change(f"GENERATED ALWAYS AS {expression} {storage}", f"SET EXPRESSION AS {expression}")
        )
    if nullable and not column.nullable:
        changes.append(_Change("NOT NULL", "SET NOT NULL"))
    elif not nullable and column.nullable:
        changes.append(_Change("NULL", "DROP NOT NULL"))
    return changes


def _default_change(default: str | None, baseline: str | None) -> list[_Change]:
    if default == baseline:
        return []
    return [
        _Change(f"DEFAULT {default}", f"SET DEFAULT {default}")
        if default
        else _Change("DEFAULT NULL", "DROP DEFAULT")
    ]


def _alter_column(table: Table, column: Column, action: str) -> str:
    # ONLY: the reader, like PostgreSQL, would otherwise pass the change on to partitions
    # and inheriting tables, which are written out with their own columns.
    return f"ALTER TABLE ONLY {name_of(table)} ALTER COLUMN {quote_ident(column.name)} {action};"
