"""CREATE TABLE: columns, inline and table-level constraints and keys, table options that the
model holds (comments, SQLite's WITHOUT ROWID), ``LIKE`` and ``AS SELECT``."""

from __future__ import annotations

import copy

from sqlglot import exp

from app.ingest.dialects import constraints, views
from app.ingest.dialects.catalog import Context
from app.ingest.dialects.columns import add_column
from app.ingest.dialects.names import quote_table, table_key
from app.ingest.model import Table
from app.models.enums import SqlDialect


def create_table(node: exp.Create, ctx: Context) -> bool:
    """Returns False for a temporary table, which lives for one session, not in the schema."""
    properties = _properties(node)
    target = node.this
    table_node = target.this if isinstance(target, exp.Schema) else target
    assert isinstance(table_node, exp.Table), "CREATE TABLE names a table"
    if _is_temporary(table_node, properties, ctx):
        return False
    schema, name = ctx.name_parts(table_node)
    table = Table(key=table_key(schema, name), schema=schema, name=name)
    if not ctx.register(table, if_not_exists=bool(node.args.get("exists"))):
        return True
    like = next((p for p in properties if isinstance(p, exp.LikeProperty)), None)
    if like is not None:
        _copy_like(table, like, ctx)
    if isinstance(node.expression, exp.Query):
        table.columns = views.derive_columns(node.expression, ctx)
    elements = target.expressions if isinstance(target, exp.Schema) else []
    for element in elements:
        if isinstance(element, exp.ColumnDef):
            add_column(table, element, ctx)
        elif isinstance(element, exp.Identifier):
            # SQLite: a column with neither type nor constraint is just its name.
            add_column(table, exp.ColumnDef(this=element), ctx)
    for element in elements:
        if not isinstance(element, exp.ColumnDef | exp.Identifier):
            constraints.add_element(table, element, ctx)
    for option in properties:
        if isinstance(option, exp.SchemaCommentProperty):
            table.comment = option.this.name
        elif isinstance(option, exp.WithoutRowidProperty) and table.primary_key is not None:
            # Only WITHOUT ROWID tables make their key columns NOT NULL in SQLite.
            constraints.mark_not_null(table, table.primary_key.columns, ctx)
    return True


def _properties(node: exp.Create) -> list[exp.Expr]:
    properties = node.args.get("properties")
    return list(properties.expressions) if properties is not None else []


def _is_temporary(table: exp.Table, properties: list[exp.Expr], ctx: Context) -> bool:
    if any(isinstance(p, exp.TemporaryProperty) for p in properties):
        return True
    if ctx.dialect == SqlDialect.MSSQL:
        return table.name.startswith("#")
    return ctx.dialect == SqlDialect.SQLITE and table.db.lower() in ("temp", "temporary")


def _copy_like(table: Table, like: exp.LikeProperty, ctx: Context) -> None:
    """MySQL's CREATE TABLE t LIKE s copies columns, keys, checks and indexes, not foreign keys."""
    source_node = like.this
    source = ctx.catalog.find(ctx.key(source_node)) if isinstance(source_node, exp.Table) else None
    if source is None:
        ctx.warn(f"{table.key} is LIKE a table that is not defined in this source")
        return
    table.columns = copy.deepcopy(source.columns)
    table.primary_key = copy.deepcopy(source.primary_key)
    table.unique_constraints = copy.deepcopy(source.unique_constraints)
    table.check_constraints = copy.deepcopy(source.check_constraints)
    table.indexes = copy.deepcopy(source.indexes)
    old_name, new_name = quote_table(ctx.dialect, source), quote_table(ctx.dialect, table)
    for index in table.indexes:
        index.definition = index.definition.replace(f" ON {old_name}", f" ON {new_name}", 1)
