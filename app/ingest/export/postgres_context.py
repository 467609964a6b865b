"""What every part of the PostgreSQL export needs: the model's tables by key, names spelled
the way the reader reads them back, and the read-back of what the search path decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from app.ingest.export.postgres_readback import ReadBack, extension_schemas
from app.ingest.model import SchemaModel, Table
from app.ingest.postgres.expressions import quote_literal
from app.ingest.postgres.names import quote_ident, quote_qualified

Item = TypeVar("Item")

# Written for the roles PostgreSQL names by keyword; quoted, they would be ordinary roles.
_ROLE_KEYWORDS = {
    "public": "PUBLIC",
    "current_user": "CURRENT_USER",
    "session_user": "SESSION_USER",
    "current_role": "CURRENT_ROLE",
}


@dataclass
class Export:
    model: SchemaModel
    tables: dict[str, Table] = field(init=False)
    # Extension name -> the schema it is created in.
    extensions: dict[str, str] = field(init=False)
    readback: ReadBack = field(init=False)
    # Keys of the tables that have partitions or inheriting tables.
    parent_keys: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.tables = {table.key: table for table in self.model.tables}
        self.parent_keys = {
            key for table in self.model.tables for key in (table.partition_of, *table.inherits) if key
        }
        self.extensions = extension_schemas(self.model)
        self.readback = ReadBack(self.model, self.extensions)

    def relation(self, key: str) -> str:
        """A table by its key, schema-qualified so that no search path can change it."""
        table = self.tables.get(key)
        if table is not None:
            return name_of(table)
        # A table outside the source (``auth.users``) is known by its key only, which does
        # not say where a name with a dot in it splits; the schema is taken to end first.
        schema, dot, name = key.partition(".")
        return quote_qualified(schema, name) if dot else quote_ident(key)

    def parents(self, table: Table) -> list[Table]:
        """The tables ``table`` is a partition of or inherits from, that the model defines."""
        keys = [table.partition_of] if table.partition_of else table.inherits
        return [self.tables[key] for key in keys if key in self.tables]


def name_of(table: Table) -> str:
    return quote_qualified(table.schema, table.name)


def column_list(names: Iterable[str]) -> str:
    return "(" + ", ".join(quote_ident(name) for name in names) + ")"


def role(name: str) -> str:
    return _ROLE_KEYWORDS.get(name, quote_ident(name))


def comment_on(kind: str, target: str, text: str | None) -> list[str]:
    return [] if text is None else [f"COMMENT ON {kind} {target} IS {quote_literal(text)};"]


def indented(lines: Iterable[str]) -> str:
    """Elements of a parenthesised list, one per line."""
    return ",\n".join(f"    {line}" for line in lines)


def with_search_path(path: list[str] | None, why: str, statements: list[str]) -> list[str]:
    """``statements`` read under ``path`` (None: the default path, nothing to set)."""
    if path is None:
        return statements
    schemas = ", ".join(quote_ident(schema) for schema in path)
    return [why, f"SET search_path TO {schemas};", *statements, "RESET search_path;"]


def dependency_order(
    items: list[Item], key: Callable[[Item], str], depends_on: Callable[[Item], Iterable[str]]
) -> list[Item]:
    """Items after those they depend on, otherwise in their given order. A cycle, which
    PostgreSQL would have refused, is cut where it closes."""
    by_key = {key(item): item for item in items}
    placed: set[str] = set()
    visiting: set[str] = set()
    ordered: list[Item] = []

    def place(item: Item) -> None:
        item_key = key(item)
        if item_key in placed or item_key in visiting:
            return
        visiting.add(item_key)
        for dependency in depends_on(item):
            if dependency in by_key:
                place(by_key[dependency])
        visiting.discard(item_key)
        placed.add(item_key)
        ordered.append(item)

    for item in items:
        place(item)
    return ordered
