"""A DBML schema (dbdiagram.io's language, read with pydbml) into the canonical model.

- Names: a table or enum without a schema is in ``public``, as DBML defines; keys are
  ``schema.name`` like the PostgreSQL reader's.
- Types are kept as written, lowercased (``varchar(255)``); a column of a DBML enum has the
  enum's key as its type (``public.status``).
- ``Note`` of a table or column is its comment; ``//`` comments are not.
- ``pk`` on columns, or a ``[pk]`` index, is the primary key (composite when it has several
  columns); ``unique`` on a column is a unique constraint; other indexes are indexes, with
  ``type:`` as their method.
- ``increment`` is serial: NOT NULL and auto-numbered, as DBML's SQL export writes it.
- Defaults: strings become SQL literals, numbers and booleans stay as written, backtick
  expressions are kept as written; ``null`` is no default.
- References: see ``references``. Unnamed keys, constraints and indexes get PostgreSQL's
  names: see ``naming``.
"""

from __future__ import annotations

from typing import Any

from pydbml.classes import Enum as DbmlEnum
from pydbml.classes import Expression

from app.ingest.constraint_names import UNNAMED, name_unnamed
from app.ingest.dbml.references import add_references
from app.ingest.dbml.source import Definitions, read_definitions
from app.ingest.model import Column, Enum, Index, PrimaryKey, Table, UniqueConstraint
from app.ingest.postgres.catalog import Catalog
from app.ingest.postgres.expressions import quote_literal
from app.ingest.postgres.finalize import build_model
from app.ingest.result import ParseResult
from app.models.enums import SqlDialect


def parse_dbml(source: str, *, dialect: SqlDialect | None = None) -> ParseResult:
    """Raises ParseError, with line and column, on a syntax error and on what no database
    would take: a reference to or an index on a missing column, a table without columns."""
    definitions = read_definitions(source)
    catalog = Catalog(warnings=list(definitions.warnings))
    for enum in definitions.database.enums:
        key = f"{enum.schema}.{enum.name}"
        catalog.enums[key] = Enum(
            key=key, schema=enum.schema, name=enum.name, values=[item.name for item in enum]
        )
    for table in definitions.database.tables:
        catalog.tables[table.full_name] = _table(table, definitions, catalog)
    add_references(definitions, catalog)
    name_unnamed(catalog)
    model = build_model(catalog)
    model.dialect = dialect or SqlDialect.POSTGRES
    return ParseResult(
        model=model,
        warnings=list(catalog.warnings),
        skipped=dict(sorted(definitions.skipped.items())),
        statements=definitions.statements,
    )


def _table(source: Any, definitions: Definitions, catalog: Catalog) -> Table:
    table = Table(key=source.full_name, schema=source.schema, name=source.name, comment=_note(source))
    table.columns = [_column(column) for column in source.columns]
    table.primary_key = _primary_key(source, definitions, catalog)
    for name in table.primary_key.columns if table.primary_key else ():
        column = table.column(name)
        assert column is not None, "source.read_definitions checked the index's columns"
        column.nullable = False
    table.unique_constraints = [
        UniqueConstraint(name=UNNAMED, columns=[column.name]) for column in source.columns if column.unique
    ]
    table.indexes = [
        Index(
            name=index.name or UNNAMED,
            columns=[_key(subject) for subject in index.subjects],
            unique=index.unique,
            method=index.type or "btree",
        )
        for index in source.indexes
        if not index.pk
    ]
    return table


def _column(source: Any) -> Column:
    if isinstance(source.type, DbmlEnum):
        data_type = f"{source.type.schema}.{source.type.name}"
        written = source.type.name if source.type.schema == "public" else data_type
    else:
        written = str(source.type)
        data_type = written.lower()
    return Column(
        name=source.name,
        data_type=data_type,
        original_type=written,
        nullable=not (source.not_null or source.pk or source.autoinc),
        default=_default(source.default),
        serial=source.autoinc,
        comment=_note(source),
    )


def _primary_key(source: Any, definitions: Definitions, catalog: Catalog) -> PrimaryKey | None:
    """Column ``pk`` flags together are one key; a ``[pk]`` index is another. A table has one,
    so only the first declared is kept."""
    candidates: list[tuple[str | None, list[str]]] = []
    flagged = [column.name for column in source.columns if column.pk]
    if flagged:
        candidates.append((None, flagged))
    candidates += [(index.name, [_key(s) for s in index.subjects]) for index in source.indexes if index.pk]
    if not candidates:
        return None
    name, columns = candidates[0]
    if any(other != columns for _, other in candidates[1:]):
        catalog.warnings.append(
            f"line {definitions.position(source).line}: {source.full_name} declares more than one "
            f"primary key; the first ({', '.join(columns)}) is kept"
        )
    return PrimaryKey(name=name or UNNAMED, columns=columns)


def _key(subject: Any) -> str:
    return subject.text if isinstance(subject, Expression) else str(subject.name)


def _note(source: Any) -> str | None:
    return source.note.text or None


def _default(value: object) -> str | None:
    # pydbml reads ``default: null`` as the string "NULL", the same as ``default: 'NULL'``;
    # the first is by far the likelier.
    if value is None or value == "NULL":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Expression):
        return str(value.text)
    return quote_literal(str(value))
