"""CREATE INDEX, written the way the reader writes ``Index.definition`` (pg_get_indexdef's
form). The keys, name and table come from the model's fields, so an index renamed, or on a
table or column renamed, after ``definition`` was taken is written as it is now; the
definition adds what the fields leave out: collations, operator classes and sort orders."""

from __future__ import annotations

from pglast import ast, enums

from app.ingest.export.postgres_context import column_list, name_of
from app.ingest.export.postgres_readback import parse_query
from app.ingest.export.postgres_tables import key_text
from app.ingest.model import Index, Table
from app.ingest.postgres.names import quote_ident

_ORDERING = {enums.SortByDir.SORTBY_ASC: " ASC", enums.SortByDir.SORTBY_DESC: " DESC"}
_NULLS = {
    enums.SortByNulls.SORTBY_NULLS_FIRST: " NULLS FIRST",
    enums.SortByNulls.SORTBY_NULLS_LAST: " NULLS LAST",
}


def create_index(table: Table, index: Index) -> str:
    unique = "UNIQUE " if index.unique else ""
    text = f"CREATE {unique}INDEX {quote_ident(index.name)} ON {name_of(table)}"
    text += f" USING {index.method} ({', '.join(_keys(table, index))})"
    if index.include:
        text += f" INCLUDE {column_list(index.include)}"
    if index.nulls_not_distinct:
        text += " NULLS NOT DISTINCT"
    if index.predicate:
        text += f" WHERE ({index.predicate})"
    return text + ";"


def _keys(table: Table, index: Index) -> list[str]:
    statement = parse_query(index.definition) if index.definition else None
    elements = statement.indexParams or () if isinstance(statement, ast.IndexStmt) else ()
    if len(elements) != len(index.columns):
        return [key_text(table, key) for key in index.columns]
    return [
        (quote_ident(key) if element.name else key) + _decoration(element)
        for key, element in zip(index.columns, elements, strict=True)
    ]


def _decoration(element: ast.IndexElem) -> str:
    text = ""
    if element.collation:
        text += " COLLATE " + _dotted(element.collation)
    if element.opclass:
        text += " " + _dotted(element.opclass)
    text += _ORDERING.get(enums.SortByDir(element.ordering), "") if element.ordering else ""
    text += _NULLS.get(enums.SortByNulls(element.nulls_ordering), "") if element.nulls_ordering else ""
    return text


def _dotted(names: tuple[ast.String, ...]) -> str:
    return ".".join(quote_ident(str(name.sval)) for name in names)
