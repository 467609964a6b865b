"""What the PostgreSQL reader will make of the exported script where the text alone does not
decide it: unqualified type names and the tables a view reads, both resolved through the
search path. The reader's own catalog and functions give the answer, so the exporter can
choose the search path under which the script reads back to the model it was given.
"""

from __future__ import annotations

from dataclasses import dataclass

from pglast import ast, parse_sql
from pglast.parser import ParseError

from app.ingest.model import Column, SchemaModel, Table
from app.ingest.postgres.catalog import EXTENSION_TYPES, Catalog
from app.ingest.postgres.expressions import walk
from app.ingest.postgres.names import DEFAULT_SCHEMA
from app.ingest.postgres.types import is_serial
from app.ingest.postgres.views import derive_columns

SearchPath = list[str]


def parse_type(text: str) -> ast.TypeName | None:
    """A type as written in a column definition (``VARCHAR(20)``, ``public.mood[]``)."""
    try:
        statement = parse_sql(f"CREATE TABLE t (c {text})")[0].stmt
    except ParseError:
        return None
    elements = statement.tableElts if isinstance(statement, ast.CreateStmt) else None
    column = elements[0] if elements else None
    return column.typeName if isinstance(column, ast.ColumnDef) else None


def type_schema(text: str) -> tuple[str, str] | None:
    """(schema, name) of a schema-qualified type such as ``extensions.vector(384)``."""
    type_name = parse_type(text)
    names = [str(part.sval) for part in type_name.names or ()] if type_name else []
    return (names[0], names[1]) if len(names) == 2 else None


def parse_query(text: str) -> ast.Node | None:
    """The first statement of ``text``; None for no statement or a syntax error."""
    try:
        statements = parse_sql(text)
    except ParseError:
        return None
    return statements[0].stmt if statements else None


def relations_read(query: ast.Node | None) -> list[ast.RangeVar]:
    """The tables and views a query names (CTE names included: they cannot be told apart
    without resolving them)."""
    return [node for node in walk(query) if isinstance(node, ast.RangeVar)]


def declares_serial(column: Column) -> bool:
    """Written as serial/bigserial/..., which the reader turns into a default of its own."""
    type_name = parse_type(column.original_type) if column.original_type else None
    return type_name is not None and is_serial(type_name)


def extension_schemas(model: SchemaModel) -> dict[str, str]:
    """The schema each extension was created in, as far as the model shows it: the model
    keeps extension names only, but a column typed ``extensions.vector`` says where vector
    went, and an unqualified ``vector`` reads back there only if the extension goes there."""
    written = [column.data_type for table in model.tables for column in table.columns]
    written += [domain.base_type for domain in model.domains]
    qualified = [found for text in written if text and (found := type_schema(text))]
    schemas = {}
    for extension in model.extensions:
        types = EXTENSION_TYPES.get(extension, ())
        schemas[extension] = next((schema for schema, name in qualified if name in types), DEFAULT_SCHEMA)
    return schemas


@dataclass(frozen=True)
class ViewReading:
    """How a view reads back: under which search path (None: the default), with which
    derived columns (whose names a column list may still correct)."""

    search_path: SearchPath | None
    columns: list[Column]


class ReadBack:
    """The reader's catalog as it stands once the exported types, tables and views exist."""

    def __init__(self, model: SchemaModel, extensions: dict[str, str]) -> None:
        self._schemas = model.schemas
        self._catalog = Catalog(
            tables={table.key: table for table in model.tables},
            enums={enum.key: enum for enum in model.enums},
            domains={domain.key: domain for domain in model.domains},
            extensions=dict(extensions),
        )

    def type_search_path(self, table: Table) -> SearchPath | None:
        """The search path under which the column types, written as the source wrote them,
        resolve to the model's types; None when the default path does. A type written
        unqualified after ``SET search_path TO app`` is ``app.mood`` in the model."""
        misread = [
            column
            for column in table.columns
            if column.original_type and column.data_type and not self._reads_as(column)
        ]
        needed = [found[0] for column in misread if (found := type_schema(column.data_type or ""))]
        if not needed:
            return None
        return list(dict.fromkeys([*needed, DEFAULT_SCHEMA]))

    def view_reading(self, view: Table) -> ViewReading:
        """The first search path under which the view's columns get the model's types: the
        default, then the view's own schema first, then each other schema of the model."""
        query = parse_query(view.definition or "")
        wanted = [column.data_type for column in view.columns]
        schemas = dict.fromkeys(schema for schema in [view.schema, *self._schemas] if schema)
        candidates = [None, *([schema, DEFAULT_SCHEMA] for schema in schemas if schema != DEFAULT_SCHEMA)]
        first: ViewReading | None = None
        for path in candidates:
            reading = ViewReading(path, self._derive(query, path))
            if [column.data_type for column in reading.columns] == wanted:
                return reading
            first = first or reading
        assert first is not None, "the default path is always a candidate"
        return first

    def reads_as_query(self, text: str, definition: str) -> bool:
        """Whether the reader prints ``text`` as it printed the view's ``definition``."""
        query = parse_query(text)
        self._catalog.search_path = [DEFAULT_SCHEMA]
        return query is not None and self._catalog.deparse(query) == definition

    def format_type(self, type_name: ast.TypeName) -> str:
        self._catalog.search_path = [DEFAULT_SCHEMA]
        return self._catalog.format_type(type_name)

    def _reads_as(self, column: Column) -> bool:
        """Whether the written type reads as the model's type under the default path."""
        type_name = parse_type(column.original_type or "")
        return type_name is not None and self.format_type(type_name) == column.data_type

    def _derive(self, query: ast.Node | None, path: SearchPath | None) -> list[Column]:
        if query is None:
            return []
        self._catalog.search_path = path or [DEFAULT_SCHEMA]
        return derive_columns(query, self._catalog)
