"""A canonical model whose dialect is MySQL, SQLite or SQL Server back to that dialect's DDL.

Two promises, as for PostgreSQL: the database can run the script top to bottom (tables, then
indexes, then foreign keys, so references may point forward or form cycles; views in the
order they use each other), and the dialect reader reads it back to the same model (equal
``content_hash``). Hence types are written as they were (``original_type``, from which the
reader spells ``data_type`` again) and constraints with their names, generated ones included.

Per dialect: SQLite cannot add a foreign key later, so its foreign keys stay in CREATE TABLE
(SQLite checks references only when rows change); SQLite's AUTOINCREMENT exists only on an
``INTEGER PRIMARY KEY`` column, so the key is written on that column; SQL Server needs
CREATE VIEW alone in its batch, so every statement is followed by ``GO``.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlglot
from sqlglot import exp

from app.ingest.dialects.grammar import SQLGLOT_DIALECTS
from app.ingest.dialects.indexes import KeyPart, index_definition
from app.ingest.dialects.names import quote, quote_key, quote_table
from app.ingest.model import (
    Column,
    ForeignKey,
    GeneratedStorage,
    Index,
    MatchType,
    ReferentialAction,
    SchemaModel,
    Table,
    UniqueConstraint,
)
from app.models.enums import SqlDialect

_NAMES = {SqlDialect.MYSQL: "MySQL", SqlDialect.SQLITE: "SQLite", SqlDialect.MSSQL: "SQL Server"}
# Defaults written without parentheses; any other expression needs them in MySQL and SQLite.
_BARE_DEFAULTS = (exp.Literal, exp.Boolean, exp.Null, exp.CurrentTimestamp, exp.Neg, exp.National)


def to_dialect_ddl(model: SchemaModel) -> str:
    if model.dialect not in _NAMES:
        raise ValueError(f"{model.dialect} models are exported by their own exporter, not to_dialect_ddl")
    dialect = model.dialect
    tables = [table for table in model.tables if not table.kind.is_view]
    views = _views_in_order(model)
    # SQL Server's dbo exists in every database; MySQL's databases are its schemas.
    schemas = [f"CREATE SCHEMA {quote(dialect, s)}" for s in model.schemas if s != "dbo"]
    sections = [
        ("Databases", list(_databases(model)) if dialect == SqlDialect.MYSQL else []),
        ("Schemas", schemas if dialect == SqlDialect.MSSQL else []),
        ("Tables", [_create_table(table, model) for table in tables]),
        ("Indexes", [_index(table, index, dialect) for table in tables for index in table.indexes]),
        ("Foreign keys", [] if dialect == SqlDialect.SQLITE else list(_foreign_keys(tables, model))),
        ("Views", [_create_view(view, dialect) for view in views]),
        ("Indexes of views", [_index(view, index, dialect) for view in views for index in view.indexes]),
    ]
    end = ";\nGO" if dialect == SqlDialect.MSSQL else ";"
    blocks = [f"-- {_NAMES[dialect]} schema exported by Vizora from its canonical model."]
    for title, statements in sections:
        if statements:
            blocks += [f"-- {title}", "\n\n".join(statement + end for statement in statements)]
    return "\n\n".join(blocks) + "\n"


def _databases(model: SchemaModel) -> Iterator[str]:
    """MySQL: a table qualified with a database needs the database."""
    for schema in model.schemas:
        yield f"CREATE DATABASE IF NOT EXISTS {quote(SqlDialect.MYSQL, schema)}"


def _create_table(table: Table, model: SchemaModel) -> str:
    dialect = model.dialect
    serial_unique = _serial_unique(table) if dialect == SqlDialect.MYSQL else None
    lines = [_column(column, table, dialect) for column in table.columns]
    # SQL Server clusters a key unless told not to, and a table has one clustered index.
    clustered = any(index.method.startswith("clustered") for index in table.indexes)
    cluster = " NONCLUSTERED" if dialect == SqlDialect.MSSQL and clustered else ""
    key = table.primary_key
    if key is not None and not _inline_sqlite_key(table, dialect):
        name = "" if dialect == SqlDialect.MYSQL else f"CONSTRAINT {quote(dialect, key.name)} "
        lines.append(f"{name}PRIMARY KEY{cluster} ({_names(key.columns, dialect)})")
    for unique in table.unique_constraints:
        if unique is not serial_unique:
            columns = _names(unique.columns, dialect)
            lines.append(f"CONSTRAINT {quote(dialect, unique.name)} UNIQUE{cluster} ({columns})")
    for check in table.check_constraints:
        lines.append(f"CONSTRAINT {quote(dialect, check.name)} CHECK ({check.expression})")
    if dialect == SqlDialect.SQLITE:
        lines += [_foreign_key_clause(fk, model) for fk in table.foreign_keys]
    body = ",\n".join(f"    {line}" for line in lines)
    text = f"CREATE TABLE {quote_table(dialect, table)} (\n{body}\n)"
    if table.comment and dialect == SqlDialect.MYSQL:
        text += f" COMMENT={_string(table.comment)}"
    return text


def _column(column: Column, table: Table, dialect: SqlDialect) -> str:
    written = column.original_type or column.data_type or ""
    parts = [quote(dialect, column.name)]
    if column.generated and dialect == SqlDialect.MSSQL:
        persisted = " PERSISTED" if column.generated_storage == GeneratedStorage.STORED else ""
        not_null = "" if column.nullable else " NOT NULL"
        return f"{parts[0]} AS ({column.generated}){persisted}{not_null}"
    if written:
        parts.append(written)
    if column.collation:
        parts.append(f"COLLATE {column.collation}")
    if column.generated:
        parts.append(
            f"GENERATED ALWAYS AS ({column.generated}) {str(column.generated_storage or 'virtual').upper()}"
        )
    if _is_serial(column, dialect):
        return " ".join(parts)
    if not column.nullable:
        parts.append("NOT NULL")
    elif dialect == SqlDialect.MSSQL:
        # Without it, nullability depends on the session's ANSI_NULL_DFLT settings.
        parts.append("NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {_default(column.default, dialect)}")
    if column.identity is not None:
        parts.append(_identity(column, table, dialect))
    if column.comment and dialect == SqlDialect.MYSQL:
        parts.append(f"COMMENT {_string(column.comment)}")
    return " ".join(part for part in parts if part)


def _identity(column: Column, table: Table, dialect: SqlDialect) -> str:
    if dialect == SqlDialect.MYSQL:
        return "AUTO_INCREMENT"
    if dialect == SqlDialect.MSSQL:
        return "IDENTITY"
    if _inline_sqlite_key(table, dialect) and table.primary_key is not None:
        return f"CONSTRAINT {quote(dialect, table.primary_key.name)} PRIMARY KEY AUTOINCREMENT"
    return ""


def _inline_sqlite_key(table: Table, dialect: SqlDialect) -> bool:
    """SQLite's AUTOINCREMENT is written on its column, as part of the column's PRIMARY KEY."""
    key = table.primary_key
    if dialect != SqlDialect.SQLITE or key is None or len(key.columns) != 1:
        return False
    column = table.column(key.columns[0])
    return column is not None and column.identity is not None


def _is_serial(column: Column, dialect: SqlDialect) -> bool:
    """MySQL's SERIAL says NOT NULL, AUTO_INCREMENT and UNIQUE itself."""
    return dialect == SqlDialect.MYSQL and (column.original_type or "").upper() == "SERIAL"


def _serial_unique(table: Table) -> UniqueConstraint | None:
    """The unique key a SERIAL column brings, which the reader adds when it reads SERIAL."""
    serial = next((c.name for c in table.columns if _is_serial(c, SqlDialect.MYSQL)), None)
    return next((u for u in table.unique_constraints if u.columns == [serial]), None)


def _default(text: str, dialect: SqlDialect) -> str:
    try:
        parsed = sqlglot.parse_one(text, read=SQLGLOT_DIALECTS[dialect])
    except sqlglot.errors.ParseError:
        return f"({text})"
    return text if isinstance(parsed, _BARE_DEFAULTS) and dialect != SqlDialect.MSSQL else f"({text})"


def _foreign_keys(tables: list[Table], model: SchemaModel) -> Iterator[str]:
    for table in tables:
        for foreign_key in table.foreign_keys:
            clause = _foreign_key_clause(foreign_key, model)
            yield f"ALTER TABLE {quote_table(model.dialect, table)} ADD {clause}"


def _foreign_key_clause(foreign_key: ForeignKey, model: SchemaModel) -> str:
    dialect = model.dialect
    target = model.table(foreign_key.referenced_table)
    referenced = (
        quote_table(dialect, target)
        if target is not None
        else quote_key(
            dialect, foreign_key.referenced_table, _schema_of(foreign_key.referenced_table, dialect)
        )
    )
    text = (
        f"CONSTRAINT {quote(dialect, foreign_key.name)} FOREIGN KEY ({_names(foreign_key.columns, dialect)})"
    )
    text += f" REFERENCES {referenced}"
    if foreign_key.referenced_columns:
        text += f" ({_names(foreign_key.referenced_columns, dialect)})"
    if foreign_key.match != MatchType.SIMPLE:
        text += f" MATCH {foreign_key.match.upper()}"
    for event, action in (("DELETE", foreign_key.on_delete), ("UPDATE", foreign_key.on_update)):
        if action != ReferentialAction.NO_ACTION:
            text += f" ON {event} {action.upper()}"
    if foreign_key.deferrable:
        text += " DEFERRABLE INITIALLY DEFERRED" if foreign_key.initially_deferred else " DEFERRABLE"
    return text


def _schema_of(key: str, dialect: SqlDialect) -> str | None:
    """The schema part of a key of a table outside the model: SQL Server keys always have one."""
    return key.split(".", 1)[0] if "." in key and dialect != SqlDialect.SQLITE else None


def _index(table: Table, index: Index, dialect: SqlDialect) -> str:
    if index.definition:
        return index.definition
    parts = [KeyPart(name, is_column=table.column(name) is not None) for name in index.columns]
    return index_definition(dialect, table, index, parts)


def _create_view(view: Table, dialect: SqlDialect) -> str:
    # The column list keeps names the query alone would not give (CREATE VIEW v (x) AS ...).
    names = f" ({_names([column.name for column in view.columns], dialect)})" if view.columns else ""
    return f"CREATE VIEW {quote_table(dialect, view)}{names} AS {view.definition or ''}"


def _views_in_order(model: SchemaModel) -> list[Table]:
    """Views after the views they select from, as the reader types a view's columns from
    what is defined before it."""
    pending = {view.key: view for view in model.tables if view.kind.is_view}
    uses = {key: _used_views(view, model, set(pending)) for key, view in pending.items()}
    ordered: list[Table] = []
    while pending:
        ready = sorted(key for key in pending if not uses[key] & set(pending)) or sorted(pending)[:1]
        for key in ready:
            ordered.append(pending.pop(key))
    return ordered


def _used_views(view: Table, model: SchemaModel, views: set[str]) -> set[str]:
    try:
        query = sqlglot.parse_one(view.definition or "", read=SQLGLOT_DIALECTS[model.dialect])
    except sqlglot.errors.ParseError:
        return set()
    used = set()
    for table in query.find_all(exp.Table):
        schema = table.db or ("dbo" if model.dialect == SqlDialect.MSSQL else None)
        key = f"{schema}.{table.name}" if schema else table.name
        if key in views and key != view.key:
            used.add(key)
    return used


def _names(columns: list[str], dialect: SqlDialect) -> str:
    return ", ".join(quote(dialect, column) for column in columns)


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
