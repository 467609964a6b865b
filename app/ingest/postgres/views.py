"""Views, materialized views and CREATE TABLE AS. Their columns are derived from the query
where the source says enough: names always (as PostgreSQL names select items), types when a
column comes straight from a known table or carries a cast."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from pglast import ast, enums

from app.ingest.model import Column, Table, TableKind
from app.ingest.postgres.catalog import Catalog, Context
from app.ingest.postgres.constraints import names_of
from app.ingest.postgres.expressions import figure_colname
from app.ingest.postgres.names import table_key
from app.ingest.postgres.tables import register_table

_CONSTANT_TYPES = {ast.Integer: "integer", ast.Float: "numeric", ast.String: "text", ast.Boolean: "boolean"}


@dataclass
class _Source:
    """A FROM item a select item can refer to: its name (alias) and its columns."""

    alias: str
    columns: list[Column]


def create_view(node: ast.ViewStmt, ctx: Context) -> None:
    assert node.view is not None, "the grammar requires a name"
    assert node.query is not None, "the grammar requires a query"
    _define(ctx, node.view, TableKind.VIEW, node.query, names_of(node.aliases), replace=bool(node.replace))


def create_table_as(node: ast.CreateTableAsStmt, ctx: Context) -> None:
    assert node.into is not None
    assert node.into.rel is not None
    assert node.query is not None
    materialized = node.objtype == enums.ObjectType.OBJECT_MATVIEW
    kind = TableKind.MATERIALIZED_VIEW if materialized else TableKind.TABLE
    _define(
        ctx,
        node.into.rel,
        kind,
        node.query,
        names_of(node.into.colNames),
        if_not_exists=bool(node.if_not_exists),
    )


def _define(
    ctx: Context,
    relation: ast.RangeVar,
    kind: TableKind,
    query: ast.Node,
    aliases: list[str],
    *,
    replace: bool = False,
    if_not_exists: bool = False,
) -> None:
    catalog = ctx.catalog
    schema = relation.schemaname or catalog.creation_schema()
    name = str(relation.relname)
    table = Table(key=table_key(schema, name), schema=schema, name=name, kind=kind)
    table.columns = derive_columns(query, catalog)
    for column, alias in zip(table.columns, aliases, strict=False):
        column.name = alias
    if kind.is_view:
        table.definition = catalog.deparse(query)
    existing = catalog.tables.get(table.key)
    if replace and existing is not None and existing.kind == kind:
        existing.columns, existing.definition = table.columns, table.definition
        return
    register_table(table, ctx, if_not_exists=if_not_exists)


def derive_columns(
    query: ast.Node, catalog: Catalog, ctes: dict[str, list[Column]] | None = None
) -> list[Column]:
    ctes = dict(ctes or {})
    select: ast.Node | None = query
    while isinstance(select, ast.SelectStmt):
        for cte in (select.withClause.ctes or ()) if select.withClause else ():
            ctes[str(cte.ctename)] = derive_columns(cte.ctequery, catalog, ctes)
        if select.op == enums.SetOperation.SETOP_NONE:
            break
        select = select.larg  # a UNION's columns are named by its first branch
    if not isinstance(select, ast.SelectStmt):
        return []
    if select.valuesLists:
        return [Column(name=f"column{n}", data_type=None) for n in range(1, len(select.valuesLists[0]) + 1)]
    sources = [source for item in select.fromClause or () for source in _sources(item, catalog, ctes)]
    columns: list[Column] = []
    for target in select.targetList or ():
        value = target.val
        fields = value.fields or () if isinstance(value, ast.ColumnRef) else ()
        if fields and isinstance(fields[-1], ast.A_Star):
            columns.extend(_expand_star(names_of(fields[:-1]), sources))
            continue
        name = str(target.name or figure_colname(value) or "?column?")
        columns.append(Column(name=name, data_type=_type_of(value, sources, catalog)))
    return columns


def _sources(item: ast.Node | None, catalog: Catalog, ctes: dict[str, list[Column]]) -> list[_Source]:
    if isinstance(item, ast.JoinExpr):
        return _sources(item.larg, catalog, ctes) + _sources(item.rarg, catalog, ctes)
    alias = getattr(item, "alias", None)
    if isinstance(item, ast.RangeVar):
        name = str(item.relname)
        table = catalog.tables.get(catalog.resolve_table(item))
        columns = ctes.get(name) if not item.schemaname and name in ctes else (table.columns if table else [])
        source = _Source(alias=str(alias.aliasname) if alias else name, columns=columns or [])
    elif isinstance(item, ast.RangeSubselect) and item.subquery is not None:
        source = _Source(
            alias=str(alias.aliasname) if alias else "", columns=derive_columns(item.subquery, catalog, ctes)
        )
    else:
        return []
    if alias is not None and alias.colnames:
        source.columns = [copy.copy(column) for column in source.columns]
        for column, new_name in zip(source.columns, names_of(alias.colnames), strict=False):
            column.name = new_name
    return [source]


def _expand_star(qualifier: list[str], sources: list[_Source]) -> list[Column]:
    chosen = [source for source in sources if not qualifier or source.alias == qualifier[-1]]
    return [
        Column(name=column.name, data_type=column.data_type) for source in chosen for column in source.columns
    ]


def _type_of(value: ast.Node | None, sources: list[_Source], catalog: Catalog) -> str | None:
    if isinstance(value, ast.TypeCast) and value.typeName is not None:
        return catalog.format_type(value.typeName)
    if isinstance(value, ast.A_Const):
        return None if value.isnull else _CONSTANT_TYPES.get(type(value.val))
    if not isinstance(value, ast.ColumnRef):
        return None
    names = names_of(value.fields)
    qualifier = names[-2] if len(names) > 1 else None
    for source in sources:
        if qualifier is None or source.alias == qualifier:
            column = next((column for column in source.columns if column.name == names[-1]), None)
            if column is not None:
                return column.data_type
    return None
