"""Views and materialized views, after every table and each after the views it reads.

The reader derives a view's columns from its query, so the query alone decides what reads
back, through the search path it is read under: the view is written under the one that
gives the model's column types, with a column list where the derived names differ."""

from __future__ import annotations

from typing import Any

from pglast import ast
from pglast.stream import IndentedStream

from app.ingest.export.postgres_context import (
    Export,
    column_list,
    comment_on,
    dependency_order,
    name_of,
    with_search_path,
)
from app.ingest.export.postgres_indexes import create_index
from app.ingest.export.postgres_readback import ReadBack, parse_query, relations_read
from app.ingest.model import Table, TableKind
from app.ingest.postgres.names import quote_ident, table_key


def views_in_order(export: Export) -> list[Table]:
    views = [table for table in export.model.tables if table.kind.is_view]

    def reads(view: Table) -> list[str]:
        keys = []
        for relation in relations_read(parse_query(view.definition or "")):
            name = str(relation.relname)
            if relation.schemaname:
                keys.append(table_key(relation.schemaname, name))
            else:  # whichever schema the search path finds it in
                keys += [other.key for other in views if other.name == name]
        return keys

    return dependency_order(views, lambda view: view.key, reads)


def create_view(view: Table, export: Export) -> list[str]:
    name = name_of(view)
    materialized = view.kind == TableKind.MATERIALIZED_VIEW
    kind = "MATERIALIZED VIEW" if materialized else "VIEW"
    if view.definition is None:
        return [f"-- {kind} {name} is left out: the model does not hold its query."]
    reading = export.readback.view_reading(view)
    names = [column.name for column in view.columns]
    derived = [column.name for column in reading.columns]
    columns = f" {column_list(names)}" if names != derived and len(names) == len(derived) else ""
    statements = with_search_path(
        reading.search_path,
        "-- The tables of this query, found where the source found them.",
        [f"CREATE {kind} {name}{columns} AS\n{_laid_out(view.definition, export.readback)};"],
    )
    statements += [create_index(view, index) for index in view.indexes]
    statements += comment_on(kind, name, view.comment)
    for column in view.columns:
        statements += comment_on("COLUMN", f"{name}.{quote_ident(column.name)}", column.comment)
    return statements


class _LaidOutStream(IndentedStream):
    """pglast's layout, one select item and join per line, with casts written
    ``value::type`` as the reader writes them rather than ``CAST(value AS type)``."""

    def __init__(self, readback: ReadBack) -> None:
        super().__init__(comma_at_eoln=True)
        self._readback = readback

    def print_node(self, node: Any, is_name: bool = False, is_symbol: bool = False) -> None:
        if isinstance(node, ast.TypeCast) and node.typeName is not None and node.arg is not None:
            self.print_c_expr(node.arg)
            self.write("::" + self._readback.format_type(node.typeName))
            self.separator()
        else:
            super().print_node(node, is_name=is_name, is_symbol=is_symbol)


def _laid_out(definition: str, readback: ReadBack) -> str:
    """The query on several lines, when that reads back to the same definition; the
    definition as the model holds it (one line) otherwise."""
    query = parse_query(definition)
    text = _LaidOutStream(readback)(query) if query is not None else definition
    return text if readback.reads_as_query(text, definition) else definition
