"""Names in MySQL, SQLite and SQL Server: table keys, quoting, and the names given to
constraints and indexes the source leaves unnamed.

Keys: MySQL ``name`` (``db.name`` when qualified with a database other than the one in use),
SQLite ``name`` (``main`` is the default schema; an attached ``aux.name`` keeps its schema),
SQL Server ``schema.name`` with ``dbo`` by default (a database part is dropped).

Unnamed constraints get a name that depends only on the source, so the content hash does too:

* MySQL: the server's own rules, which are deterministic and what ``SHOW CREATE TABLE``
  prints: the primary key is ``PRIMARY``; an index or unique key is named after its first
  column (``col``, then ``col_2``...); a foreign key ``<table>_ibfk_<n>``; a check
  ``<table>_chk_<n>``.
* SQL Server names them ``PK__Album__97B4BE37...`` with a random suffix, so a name is derived
  the way SSMS suggests them: ``PK_<table>``, ``UQ_<table>_<columns>``, ``FK_<table>_<referenced
  table>``, ``CK_<table>_<column>`` (``CK_<table>`` when several columns are involved).
* SQLite does not name constraints; keys are named like the automatic indexes it creates for
  them, ``sqlite_autoindex_<table>_<n>``, foreign keys ``<table>_fk_<n>``, checks
  ``<table>_chk_<n>``.

A name already taken on the table gets the next number (``_2``, ``_3``...).
"""

from __future__ import annotations

from collections.abc import Iterable

from app.ingest.model import Table
from app.models.enums import SqlDialect

DEFAULT_SCHEMA = {SqlDialect.MSSQL: "dbo"}


def table_key(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def quote(dialect: SqlDialect, name: str) -> str:
    """Always quoted, in the dialect's own quotes, so keywords and odd names need no list."""
    if dialect == SqlDialect.MYSQL:
        return "`" + name.replace("`", "``") + "`"
    if dialect == SqlDialect.MSSQL:
        return "[" + name.replace("]", "]]") + "]"
    return '"' + name.replace('"', '""') + '"'


def quote_table(dialect: SqlDialect, table: Table) -> str:
    if table.schema:
        return f"{quote(dialect, table.schema)}.{quote(dialect, table.name)}"
    return quote(dialect, table.name)


def quote_key(dialect: SqlDialect, key: str, schema: str | None) -> str:
    """A table key (of a table perhaps outside the source) as a quoted, qualified name."""
    if schema and key.startswith(f"{schema}."):
        return f"{quote(dialect, schema)}.{quote(dialect, key[len(schema) + 1 :])}"
    return quote(dialect, key)


def _numbered(base: str, taken: set[str], *, first: int = 1, separator: str = "_") -> str:
    """``base`` if free and ``first`` is 0, else ``base<sep><n>`` for the first free n."""
    if first == 0:
        if base not in taken:
            return base
        first = 2
    number = first
    while f"{base}{separator}{number}" in taken:
        number += 1
    return f"{base}{separator}{number}"


def key_names(table: Table) -> set[str]:
    """Names of the table's primary key, unique constraints and indexes (one namespace in MySQL)."""
    names = {unique.name for unique in table.unique_constraints} | {index.name for index in table.indexes}
    return names | ({table.primary_key.name} if table.primary_key else set())


def constraint_names(table: Table) -> set[str]:
    names = key_names(table) | {fk.name for fk in table.foreign_keys}
    return names | {check.name for check in table.check_constraints}


def primary_key_name(dialect: SqlDialect, table: Table) -> str:
    if dialect == SqlDialect.MYSQL:
        return "PRIMARY"
    if dialect == SqlDialect.MSSQL:
        return _numbered(f"PK_{table.name}", constraint_names(table), first=0)
    return _numbered(f"sqlite_autoindex_{table.name}", key_names(table))


def unique_name(dialect: SqlDialect, table: Table, columns: list[str]) -> str:
    if dialect == SqlDialect.MYSQL:
        return index_name(table, columns)
    if dialect == SqlDialect.MSSQL:
        return _numbered("_".join(["UQ", table.name, *columns]), constraint_names(table), first=0)
    return _numbered(f"sqlite_autoindex_{table.name}", key_names(table))


def index_name(table: Table, columns: Iterable[str]) -> str:
    """MySQL's name for an unnamed index: its first column, numbered if taken."""
    first = next(iter(columns), "index")
    return _numbered(first, key_names(table), first=0)


def foreign_key_name(dialect: SqlDialect, table: Table, referenced_name: str) -> str:
    taken = constraint_names(table)
    if dialect == SqlDialect.MYSQL:
        return _numbered(f"{table.name}_ibfk", taken)
    if dialect == SqlDialect.MSSQL:
        return _numbered(f"FK_{table.name}_{referenced_name}", taken, first=0)
    return _numbered(f"{table.name}_fk", taken)


def check_name(dialect: SqlDialect, table: Table, columns: set[str]) -> str:
    taken = constraint_names(table)
    if dialect == SqlDialect.MSSQL:
        suffix = f"_{next(iter(columns))}" if len(columns) == 1 else ""
        return _numbered(f"CK_{table.name}{suffix}", taken, first=0)
    return _numbered(f"{table.name}_chk", taken)
