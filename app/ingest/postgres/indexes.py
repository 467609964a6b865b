"""CREATE INDEX: keys (columns or expressions), method, INCLUDE and WHERE, with the name
PostgreSQL chooses when the source gives none."""

from __future__ import annotations

from pglast import ast, enums

from app.ingest.model import Index, Table
from app.ingest.postgres.catalog import Context
from app.ingest.postgres.constraints import names_of
from app.ingest.postgres.expressions import figure_colname
from app.ingest.postgres.names import quote_ident, quote_qualified

_ORDERING = {enums.SortByDir.SORTBY_ASC: " ASC", enums.SortByDir.SORTBY_DESC: " DESC"}
_NULLS = {
    enums.SortByNulls.SORTBY_NULLS_FIRST: " NULLS FIRST",
    enums.SortByNulls.SORTBY_NULLS_LAST: " NULLS LAST",
}


def create_index(node: ast.IndexStmt, ctx: Context) -> None:
    catalog = ctx.catalog
    assert node.relation is not None, "the grammar requires ON <table>"
    table_key = catalog.resolve_table(node.relation)
    table = catalog.tables.get(table_key)
    if table is None:
        ctx.warn(f"index {node.idxname or ''} is on {table_key}, which this source does not define; skipped")
        return
    elements = node.indexParams or ()
    included = [str(element.name) for element in node.indexIncludingParams or ()]
    if node.idxname:
        name = str(node.idxname)
        if find_index(ctx, table.schema, name) is not None:
            if not node.if_not_exists:
                ctx.warn(f"index {name} is defined again; the first definition is kept")
            return
        catalog.relation_names.add((table.schema, name))
    else:
        key_names = [str(element.name or figure_colname(element.expr) or "expr") for element in elements]
        name = catalog.choose_index_name(table, key_names + included, "idx", constraint=False)
    index = Index(
        name=name,
        columns=[_key(element, ctx) for element in elements],
        unique=bool(node.unique),
        method=str(node.accessMethod or "btree"),
        predicate=catalog.deparse(node.whereClause) if node.whereClause is not None else None,
        include=included,
        nulls_not_distinct=bool(node.nulls_not_distinct),
    )
    index.definition = _definition(table, index, elements)
    table.indexes.append(index)


def find_index(ctx: Context, schema: str | None, name: str) -> tuple[Table, Index] | None:
    for table in ctx.catalog.tables.values():
        if table.schema == schema:
            for index in table.indexes:
                if index.name == name:
                    return table, index
    return None


def _key(element: ast.IndexElem, ctx: Context) -> str:
    """A column's name as is (so it matches the table's column), else the expression."""
    return str(element.name) if element.name else ctx.catalog.key_text(element.expr)


def _definition(table: Table, index: Index, elements: tuple[ast.IndexElem, ...]) -> str:
    """The index as pg_get_indexdef prints it, with what ``columns`` leaves out: collations,
    operator classes and sort orders."""
    keys = []
    for column, element in zip(index.columns, elements, strict=True):
        key = quote_ident(column) if element.name else column
        if element.collation:
            key += " COLLATE " + ".".join(quote_ident(part) for part in names_of(element.collation))
        if element.opclass:
            key += " " + ".".join(quote_ident(part) for part in names_of(element.opclass))
        key += _ORDERING.get(element.ordering, "") if element.ordering else ""
        key += _NULLS.get(element.nulls_ordering, "") if element.nulls_ordering else ""
        keys.append(key)
    unique = "UNIQUE " if index.unique else ""
    text = f"CREATE {unique}INDEX {quote_ident(index.name)} ON {quote_qualified(table.schema, table.name)}"
    text += f" USING {index.method} ({', '.join(keys)})"
    if index.include:
        text += f" INCLUDE ({', '.join(quote_ident(name) for name in index.include)})"
    if index.nulls_not_distinct:
        text += " NULLS NOT DISTINCT"
    if index.predicate:
        text += f" WHERE ({index.predicate})"
    return text
