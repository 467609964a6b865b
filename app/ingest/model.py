"""The canonical schema model: the one shape every schema source is read into, and the only
input of diffs, diagrams, reviews, documentation and search.

Canonical means two sources that define the same schema give equal models, whatever their
whitespace, comments or statement order: names are resolved (``public.film``), types are
spelled the way PostgreSQL's ``format_type`` spells them (``character varying(255)``),
expressions are re-printed from their syntax tree, and every list whose order carries no
meaning is sorted. Lists whose order does mean something (columns, key columns, enum labels)
keep the declared order.

The parser fills these dataclasses in place while it reads; once returned, treat a model as a
value. ``to_json``/``from_json`` give the JSON stored in ``schema_versions.canonical_model``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter

from app.models.enums import SqlDialect


class TableKind(StrEnum):
    TABLE = "table"
    PARTITIONED_TABLE = "partitioned_table"
    FOREIGN_TABLE = "foreign_table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"

    @property
    def is_view(self) -> bool:
        return self in (TableKind.VIEW, TableKind.MATERIALIZED_VIEW)


class Identity(StrEnum):
    ALWAYS = "always"
    BY_DEFAULT = "by default"


class GeneratedStorage(StrEnum):
    STORED = "stored"
    VIRTUAL = "virtual"


class ReferentialAction(StrEnum):
    NO_ACTION = "no action"
    RESTRICT = "restrict"
    CASCADE = "cascade"
    SET_NULL = "set null"
    SET_DEFAULT = "set default"


class MatchType(StrEnum):
    SIMPLE = "simple"
    FULL = "full"
    PARTIAL = "partial"


class PolicyCommand(StrEnum):
    ALL = "all"
    SELECT = "select"
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(kw_only=True, slots=True)
class Column:
    name: str
    # None only for a view column whose type cannot be derived without a database.
    data_type: str | None
    original_type: str | None = None
    nullable: bool = True
    default: str | None = None
    identity: Identity | None = None
    # Declared serial, or a nextval() default on a sequence owned by this column (pg_dump's form).
    serial: bool = False
    generated: str | None = None
    generated_storage: GeneratedStorage | None = None
    collation: str | None = None
    comment: str | None = None
    is_primary_key: bool = False
    # The sole column of a unique constraint or of a unique, non-partial index.
    is_unique: bool = False


@dataclass(kw_only=True, slots=True)
class PrimaryKey:
    name: str
    columns: list[str]


@dataclass(kw_only=True, slots=True)
class UniqueConstraint:
    name: str
    columns: list[str]
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(kw_only=True, slots=True)
class CheckConstraint:
    name: str
    expression: str


@dataclass(kw_only=True, slots=True)
class ExclusionElement:
    expression: str
    operator: str


@dataclass(kw_only=True, slots=True)
class ExclusionConstraint:
    name: str
    method: str
    elements: list[ExclusionElement]
    predicate: str | None = None


@dataclass(kw_only=True, slots=True)
class ForeignKey:
    name: str
    columns: list[str]
    # A table key; the table may be outside the source (``auth.users`` on Supabase).
    referenced_table: str
    referenced_columns: list[str]
    on_delete: ReferentialAction = ReferentialAction.NO_ACTION
    on_update: ReferentialAction = ReferentialAction.NO_ACTION
    match: MatchType = MatchType.SIMPLE
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(kw_only=True, slots=True)
class Index:
    """An index created by CREATE INDEX. Indexes that back a primary key, unique or exclusion
    constraint are described by that constraint instead."""

    name: str
    # One entry per key: a column name, or an expression's text.
    columns: list[str]
    unique: bool = False
    method: str = "btree"
    predicate: str | None = None
    include: list[str] = field(default_factory=list)
    nulls_not_distinct: bool = False
    # The whole index as PostgreSQL would print it, with operator classes and sort orders.
    definition: str = ""


@dataclass(kw_only=True, slots=True)
class Policy:
    name: str
    table: str
    command: PolicyCommand = PolicyCommand.ALL
    permissive: bool = True
    roles: list[str] = field(default_factory=lambda: ["public"])
    using: str | None = None
    with_check: str | None = None


@dataclass(kw_only=True, slots=True)
class Table:
    """A table, partitioned table, foreign table, view or materialized view.

    A partition lists its parent's columns and carries its own primary key and unique
    constraints, as PostgreSQL creates them; foreign keys and indexes cloned onto partitions
    are implied by ``partition_of`` and stay on the parent.
    """

    key: str
    schema: str | None
    name: str
    kind: TableKind = TableKind.TABLE
    comment: str | None = None
    columns: list[Column] = field(default_factory=list)
    primary_key: PrimaryKey | None = None
    unique_constraints: list[UniqueConstraint] = field(default_factory=list)
    check_constraints: list[CheckConstraint] = field(default_factory=list)
    exclusion_constraints: list[ExclusionConstraint] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    # "RANGE (payment_date)" on a partitioned table.
    partition_key: str | None = None
    partition_of: str | None = None
    # "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')", "DEFAULT", ...
    partition_bound: str | None = None
    inherits: list[str] = field(default_factory=list)
    # The SELECT of a view or materialized view.
    definition: str | None = None
    rls_enabled: bool = False
    rls_forced: bool = False
    policies: list[Policy] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)

    def mark_key_columns(self) -> None:
        """Sets the derived column flags from the keys: ``is_primary_key``, and ``is_unique``
        for the sole column of a unique constraint or of a unique, non-partial index."""
        key_columns = set(self.primary_key.columns) if self.primary_key else set()
        unique_columns = {unique.columns[0] for unique in self.unique_constraints if len(unique.columns) == 1}
        unique_columns |= {
            index.columns[0]
            for index in self.indexes
            if index.unique and index.predicate is None and len(index.columns) == 1
        }
        for column in self.columns:
            column.is_primary_key = column.name in key_columns
            column.is_unique = column.name in unique_columns

    def make_not_null(self, names: list[str]) -> list[str]:
        """Marks key columns NOT NULL; returns the names this table has no column for."""
        missing = []
        for name in names:
            column = self.column(name)
            if column is None:
                missing.append(name)
            else:
                column.nullable = False
        return missing


@dataclass(kw_only=True, slots=True)
class Enum:
    key: str
    schema: str | None
    name: str
    values: list[str]
    comment: str | None = None


@dataclass(kw_only=True, slots=True)
class Domain:
    key: str
    schema: str | None
    name: str
    base_type: str
    not_null: bool = False
    default: str | None = None
    checks: list[CheckConstraint] = field(default_factory=list)
    collation: str | None = None
    comment: str | None = None


@dataclass(kw_only=True, slots=True)
class SchemaModel:
    dialect: SqlDialect
    schemas: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    enums: list[Enum] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    # Policies on tables the source does not define (Supabase's ``storage.objects``).
    external_policies: list[Policy] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


_ADAPTER = TypeAdapter(SchemaModel)


def to_json(model: SchemaModel) -> dict[str, Any]:
    """The JSON form stored as JSONB; ``from_json`` reads it back."""
    data: dict[str, Any] = _ADAPTER.dump_python(model, mode="json")
    return data


def from_json(data: dict[str, Any]) -> SchemaModel:
    return _ADAPTER.validate_python(data)


def canonical_json(model: SchemaModel) -> str:
    return _canonical_text(to_json(model))


def content_hash(model: SchemaModel) -> str:
    """sha256 of the canonical JSON: equal for sources that differ only in whitespace,
    comments or the order of their statements, so an unchanged upload finds its version."""
    return json_content_hash(to_json(model))


def json_content_hash(data: dict[str, Any]) -> str:
    """``content_hash`` of a model already in its ``to_json`` form, for a caller that needs
    both: dumping a large model costs as much as hashing it."""
    return hashlib.sha256(_canonical_text(data).encode()).hexdigest()


def _canonical_text(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def stats(model: SchemaModel) -> dict[str, int]:
    """Counts shown next to a version. ``columns`` and ``foreign_keys`` count those of tables,
    not of views; ``indexes`` include those on materialized views."""
    tables = [table for table in model.tables if not table.kind.is_view]
    return {
        "tables": len(tables),
        "views": len(model.tables) - len(tables),
        "columns": sum(len(table.columns) for table in tables),
        "foreign_keys": sum(len(table.foreign_keys) for table in tables),
        "indexes": sum(len(table.indexes) for table in model.tables),
        "enums": len(model.enums),
    }


def dangling_reference_warnings(tables: dict[str, Table]) -> list[str]:
    """Foreign keys to tables the source does not define are kept (``auth.users`` on
    Supabase); the author is told, once per missing table."""
    missing = Counter(
        foreign_key.referenced_table
        for table in tables.values()
        for foreign_key in table.foreign_keys
        if foreign_key.referenced_table not in tables
    )
    return [
        f"{count} {'foreign keys reference' if count > 1 else 'foreign key references'} {key}, "
        "which this source does not define; kept as written"
        for key, count in sorted(missing.items())
    ]
