"""The schema as read so far, and what a statement handler works with."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from sqlglot import exp
from sqlglot.tokenizer_core import Token

from app.ingest.dialects.grammar import SQLGLOT_DIALECTS
from app.ingest.dialects.names import DEFAULT_SCHEMA, table_key
from app.ingest.dialects.source import Statement
from app.ingest.model import Table
from app.models.enums import SqlDialect


@dataclass
class Catalog:
    dialect: SqlDialect
    tables: dict[str, Table] = field(default_factory=dict)
    schemas: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # Where each table was defined, to point at the first of two definitions.
    definition_lines: dict[str, int] = field(default_factory=dict)
    # MySQL: the database of the last USE; a name qualified with it is the unqualified name.
    database: str | None = None

    def find(self, key: str) -> Table | None:
        """The table or view of a key. SQLite and SQL Server (with its default collation)
        ignore the case of names, so there ``album`` finds ``Album``; MySQL on Linux does not."""
        found = self.tables.get(key)
        if found is None and self.dialect != SqlDialect.MYSQL:
            folded = key.casefold()
            found = next((table for other, table in self.tables.items() if other.casefold() == folded), None)
        return found


@dataclass
class Context:
    catalog: Catalog
    statement: Statement
    # The script as read: token and syntax-tree offsets point into it.
    sql: str

    @property
    def dialect(self) -> SqlDialect:
        return self.catalog.dialect

    def warn(self, message: str) -> None:
        warning = f"line {self.statement.line}: {message}"
        if warning not in self.catalog.warnings:
            self.catalog.warnings.append(warning)

    def register(self, table: Table, *, if_not_exists: bool = False) -> bool:
        """Add a new table or view; a second definition of the same name is ignored, as the
        database would refuse it (the PostgreSQL reader does the same)."""
        catalog = self.catalog
        if catalog.find(table.key) is not None:
            if not if_not_exists:
                first = catalog.definition_lines.get(table.key)
                self.warn(f"{table.key} is defined again; the first definition (line {first}) is kept")
            return False
        catalog.tables[table.key] = table
        catalog.definition_lines[table.key] = self.statement.line
        return True

    def text(self, node: exp.Expr) -> str:
        """An expression re-printed from its syntax tree, names always quoted, so the same
        expression reads the same whatever its spacing or quoting in the source."""
        while isinstance(node, exp.Paren):
            node = node.this
        return node.sql(dialect=SQLGLOT_DIALECTS[self.dialect], identify=True)

    def name_parts(self, table: exp.Table) -> tuple[str | None, str]:
        """(schema, name) of a table reference, as the dialect resolves it."""
        database = table.db or None
        is_current = self.dialect == SqlDialect.MYSQL and database == self.catalog.database
        is_main = self.dialect == SqlDialect.SQLITE and (database or "").lower() == "main"
        if is_current or is_main:
            database = None
        return database or DEFAULT_SCHEMA.get(self.dialect), table.name

    def key(self, table: exp.Table) -> str:
        return table_key(*self.name_parts(table))

    @cached_property
    def _token_starts(self) -> list[int]:
        return [token.start for token in self.statement.tokens]

    def tokens_between(self, start: int, end: int) -> tuple[Token, ...]:
        """The statement's tokens that start in [start, end)."""
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        return self.statement.tokens[first:last]
