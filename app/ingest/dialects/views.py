"""Views, and the columns of a query: names always (the alias, the column's name, else the
expression's text), types when a column comes straight from a table the source defines."""

from __future__ import annotations

from sqlglot import exp

from app.ingest.dialects.catalog import Context
from app.ingest.dialects.names import table_key
from app.ingest.model import Column, Table, TableKind


def create_view(node: exp.Create, ctx: Context) -> None:
    target = node.this
    table_node = target.this if isinstance(target, exp.Schema) else target
    assert isinstance(table_node, exp.Table), "CREATE VIEW names a view"
    query = node.expression
    assert isinstance(query, exp.Query), "the grammar requires AS <query>"
    schema, name = ctx.name_parts(table_node)
    view = Table(key=table_key(schema, name), schema=schema, name=name, kind=TableKind.VIEW)
    query = _without_current_database(query, ctx)
    view.definition = ctx.text(query)
    view.columns = derive_columns(query, ctx)
    aliases = [alias.name for alias in target.expressions] if isinstance(target, exp.Schema) else []
    for column, alias in zip(view.columns, aliases, strict=False):
        column.name = alias
    existing = ctx.catalog.find(view.key)
    # CREATE OR REPLACE VIEW (SQL Server: CREATE OR ALTER) redefines a view in place.
    if node.args.get("replace") and existing is not None and existing.kind == TableKind.VIEW:
        existing.columns, existing.definition = view.columns, view.definition
        return
    ctx.register(view, if_not_exists=bool(node.args.get("exists")))


def _without_current_database(query: exp.Query, ctx: Context) -> exp.Query:
    """MySQL: ``sakila.film`` after ``USE sakila`` is ``film``, in a view as in a table key, so
    the definition does not depend on the database the script was loaded into."""
    database = ctx.catalog.database
    if database is None:
        return query
    query = query.copy()
    for table in query.find_all(exp.Table):
        if table.db == database and not table.catalog:
            table.set("db", None)
    return query


def derive_columns(query: exp.Query, ctx: Context) -> list[Column]:
    select = query
    while isinstance(select, exp.SetOperation):
        select = select.this
    if not isinstance(select, exp.Select):
        return []
    sources = _sources(select, ctx)
    columns: list[Column] = []
    for projection in select.expressions:
        columns.extend(_columns_of(projection, sources, ctx))
    return columns


def _sources(select: exp.Select, ctx: Context) -> dict[str, Table | None]:
    """The FROM and JOIN tables, by the name a column qualifier would use."""
    found: dict[str, Table | None] = {}
    from_ = select.args.get("from_")
    items = [from_.this] if from_ is not None else []
    items += [join.this for join in select.args.get("joins") or ()]
    for item in items:
        if isinstance(item, exp.Table):
            found[item.alias_or_name] = ctx.catalog.find(ctx.key(item))
    return found


def _columns_of(projection: exp.Expr, sources: dict[str, Table | None], ctx: Context) -> list[Column]:
    if isinstance(projection, exp.Star) or (isinstance(projection, exp.Column) and projection.is_star):
        qualifier = projection.table if isinstance(projection, exp.Column) else ""
        tables = [sources.get(qualifier)] if qualifier else list(sources.values())
        return [_view_column(column) for table in tables if table for column in table.columns]
    name = projection.alias_or_name or ctx.text(projection)
    inner = projection.this if isinstance(projection, exp.Alias) else projection
    if isinstance(inner, exp.Column):
        candidates = [sources.get(inner.table)] if inner.table else list(sources.values())
        for table in candidates:
            found = table.column(inner.name) if table else None
            if found is not None:
                column = _view_column(found)
                column.name = name
                return [column]
    return [Column(name=name, data_type=None)]


def _view_column(column: Column) -> Column:
    """A table's column as a view shows it: name and type, none of the table's keys or defaults."""
    return Column(name=column.name, data_type=column.data_type, original_type=column.original_type)
