"""Primary keys, unique and check constraints and foreign keys, written on a column or on their
own in CREATE TABLE and ALTER TABLE ... ADD, named as ``names`` says when unnamed."""

from __future__ import annotations

from sqlglot import exp

from app.ingest.dialects import indexes, names
from app.ingest.dialects.catalog import Context
from app.ingest.dialects.indexes import column_names
from app.ingest.model import (
    CheckConstraint,
    ForeignKey,
    MatchType,
    PrimaryKey,
    ReferentialAction,
    Table,
    UniqueConstraint,
)
from app.models.enums import SqlDialect

_ACTIONS = {
    "NO ACTION": ReferentialAction.NO_ACTION,
    "RESTRICT": ReferentialAction.RESTRICT,
    "CASCADE": ReferentialAction.CASCADE,
    "SET NULL": ReferentialAction.SET_NULL,
    "SET DEFAULT": ReferentialAction.SET_DEFAULT,
}
_MATCH = {"MATCH FULL": MatchType.FULL, "MATCH PARTIAL": MatchType.PARTIAL, "MATCH SIMPLE": MatchType.SIMPLE}
_CLUSTER = (exp.ClusteredColumnConstraint, exp.NonClusteredColumnConstraint)
# How SQL Server stores a key (CLUSTERED, WITH (options), ON filegroup): not in the model.
_STORAGE = (*_CLUSTER, exp.Properties, exp.OnProperty)


def add_element(table: Table, node: exp.Expr, ctx: Context) -> None:
    """A constraint or index written on its own in CREATE TABLE, or added by ALTER TABLE."""
    name = node.name if isinstance(node, exp.Constraint) else None
    kinds = node.expressions if isinstance(node, exp.Constraint) else [node]
    # SQL Server writes PRIMARY KEY CLUSTERED (a): the columns come with CLUSTERED.
    clustered: list[exp.Expr] = next(
        (kind.this for kind in kinds if isinstance(kind, _CLUSTER) and kind.this), []
    )
    for kind in kinds:
        if isinstance(kind, exp.PrimaryKey):
            add_primary_key(table, column_names(kind.expressions), name, ctx)
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            add_primary_key(table, column_names(clustered), name, ctx)
        elif isinstance(kind, exp.UniqueColumnConstraint):
            index_name, columns = _unique_parts(kind)
            add_unique(table, columns, index_name or name, ctx)
        elif isinstance(kind, exp.ForeignKey):
            add_foreign_key(table, column_names(kind.expressions), kind, name, ctx)
        elif isinstance(kind, exp.CheckColumnConstraint):
            add_check(table, kind.this, name, ctx)
        elif isinstance(kind, exp.IndexColumnConstraint):
            indexes.add_key_index(table, kind, ctx)
        elif not isinstance(kind, _STORAGE):
            ctx.warn(f"{table.key}: {ctx.text(kind)!r} is not read")


def _unique_parts(node: exp.UniqueColumnConstraint) -> tuple[str | None, list[str]]:
    """MySQL's index name, if any, and the columns of a table-level UNIQUE."""
    this = node.this
    if isinstance(this, exp.Schema):
        return (this.this.name if this.this else None), column_names(this.expressions)
    if isinstance(this, _CLUSTER):
        return None, column_names(this.this or [])
    return None, []


def add_primary_key(table: Table, columns: list[str], name: str | None, ctx: Context) -> None:
    if table.primary_key is not None:
        ctx.warn(f"{table.key} already has a primary key; the second one is ignored")
        return
    # MySQL names every primary key PRIMARY, whatever the source calls it.
    if ctx.dialect == SqlDialect.MYSQL or not name:
        name = names.primary_key_name(ctx.dialect, table)
    table.primary_key = PrimaryKey(name=name, columns=columns)
    # A key column is NOT NULL, except in SQLite, where only WITHOUT ROWID tables enforce it
    # (see tables.create_table).
    if ctx.dialect != SqlDialect.SQLITE:
        mark_not_null(table, columns, ctx)


def mark_not_null(table: Table, columns: list[str], ctx: Context) -> None:
    for name in table.make_not_null(columns):
        ctx.warn(f"{table.key} has no column {name!r} for its key")


def add_unique(table: Table, columns: list[str], name: str | None, ctx: Context) -> None:
    table.unique_constraints.append(
        UniqueConstraint(name=name or names.unique_name(ctx.dialect, table, columns), columns=columns)
    )


def add_check(table: Table, expression: exp.Expr, name: str | None, ctx: Context) -> None:
    if not name:
        mentioned = {column.name for column in expression.find_all(exp.Column)}
        name = names.check_name(ctx.dialect, table, mentioned)
    table.check_constraints.append(CheckConstraint(name=name, expression=ctx.text(expression)))


def add_foreign_key(
    table: Table, columns: list[str], node: exp.ForeignKey | exp.Reference, name: str | None, ctx: Context
) -> None:
    reference = node.args.get("reference") if isinstance(node, exp.ForeignKey) else node
    assert isinstance(reference, exp.Reference), "the grammar requires REFERENCES"
    target = reference.this
    referenced_columns = column_names(target.expressions) if isinstance(target, exp.Schema) else []
    referenced = target.this if isinstance(target, exp.Schema) else target
    assert isinstance(referenced, exp.Table), "REFERENCES names a table"
    foreign_key = ForeignKey(
        name=name or names.foreign_key_name(ctx.dialect, table, referenced.name),
        columns=columns,
        referenced_table=ctx.key(referenced),
        referenced_columns=referenced_columns,
    )
    options = [str(option).upper() for option in reference.args.get("options") or ()]
    if isinstance(node, exp.ForeignKey):
        options += [
            f"ON {kind.upper()} {node.args[kind]}" for kind in ("delete", "update") if node.args.get(kind)
        ]
        options += [str(option).upper() for option in node.args.get("options") or ()]
    for option in options:
        _apply_option(foreign_key, option)
    table.foreign_keys.append(foreign_key)


def _apply_option(foreign_key: ForeignKey, option: str) -> None:
    if option.startswith("ON DELETE "):
        foreign_key.on_delete = _ACTIONS.get(option.removeprefix("ON DELETE "), foreign_key.on_delete)
    elif option.startswith("ON UPDATE "):
        foreign_key.on_update = _ACTIONS.get(option.removeprefix("ON UPDATE "), foreign_key.on_update)
    elif option in _MATCH:
        foreign_key.match = _MATCH[option]
    elif option == "DEFERRABLE":
        foreign_key.deferrable = True
    elif option == "INITIALLY DEFERRED":
        foreign_key.deferrable = foreign_key.initially_deferred = True


def drop_constraint(table: Table, name: str) -> bool:
    """Remove the named constraint of any kind; False when the table has none of that name."""
    before = (
        table.primary_key,
        len(table.unique_constraints),
        len(table.check_constraints),
        len(table.foreign_keys),
    )
    if table.primary_key is not None and table.primary_key.name == name:
        table.primary_key = None
    table.unique_constraints = [c for c in table.unique_constraints if c.name != name]
    table.check_constraints = [c for c in table.check_constraints if c.name != name]
    table.foreign_keys = [c for c in table.foreign_keys if c.name != name]
    after = (
        table.primary_key,
        len(table.unique_constraints),
        len(table.check_constraints),
        len(table.foreign_keys),
    )
    return after != before
