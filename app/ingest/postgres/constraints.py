"""Table constraints (primary key, unique, check, foreign key, exclusion), written inline on
a column or on their own in CREATE TABLE and ALTER TABLE, named as PostgreSQL names them
when the source does not."""

from __future__ import annotations

from pglast import ast, enums

from app.ingest.model import (
    CheckConstraint,
    ExclusionConstraint,
    ExclusionElement,
    ForeignKey,
    MatchType,
    PrimaryKey,
    ReferentialAction,
    Table,
    UniqueConstraint,
)
from app.ingest.postgres.catalog import Context
from app.ingest.postgres.expressions import figure_colname, referenced_columns
from app.ingest.postgres.names import name_addition

ConstrType = enums.ConstrType
Constraint = PrimaryKey | UniqueConstraint | CheckConstraint | ForeignKey | ExclusionConstraint

_ACTIONS = {
    "a": ReferentialAction.NO_ACTION,
    "r": ReferentialAction.RESTRICT,
    "c": ReferentialAction.CASCADE,
    "n": ReferentialAction.SET_NULL,
    "d": ReferentialAction.SET_DEFAULT,
}
_MATCH = {"s": MatchType.SIMPLE, "f": MatchType.FULL, "p": MatchType.PARTIAL}


def names_of(nodes: object) -> list[str]:
    """The strings of a name list (``(String('public'), String('film'))``)."""
    if not isinstance(nodes, tuple):
        return []
    return [str(node.sval) for node in nodes if isinstance(node, ast.String)]


def add_constraint(
    table: Table, node: ast.Constraint, ctx: Context, column: str | None = None
) -> Constraint | None:
    """Add a key, check, foreign key or exclusion constraint; ``column`` is set when it was
    written on a column. Returns what was added, for a DEFERRABLE written after it."""
    contype = node.contype
    if contype == ConstrType.CONSTR_PRIMARY:
        return _primary_key(table, node, ctx, column)
    if contype == ConstrType.CONSTR_UNIQUE:
        return _unique(table, node, ctx, column)
    if contype == ConstrType.CONSTR_CHECK:
        return _check(table, node, ctx)
    if contype == ConstrType.CONSTR_FOREIGN:
        return _foreign_key(table, node, ctx, column)
    if contype == ConstrType.CONSTR_EXCLUSION:
        return _exclusion(table, node, ctx)
    return None


def apply_attribute(target: Constraint | None, node: ast.Constraint) -> None:
    """A column constraint's DEFERRABLE / INITIALLY DEFERRED applies to the one before it."""
    if not isinstance(target, ForeignKey | UniqueConstraint):
        return
    if node.contype == ConstrType.CONSTR_ATTR_DEFERRABLE:
        target.deferrable = True
    elif node.contype == ConstrType.CONSTR_ATTR_NOT_DEFERRABLE:
        target.deferrable = False
    elif node.contype == ConstrType.CONSTR_ATTR_DEFERRED:
        target.deferrable = target.initially_deferred = True
    elif node.contype == ConstrType.CONSTR_ATTR_IMMEDIATE:
        target.initially_deferred = False


def mark_not_null(table: Table, columns: list[str], ctx: Context) -> None:
    for name in table.make_not_null(columns):
        ctx.warn(f"{table.key} has no column {name!r} for its key")


def _key_columns(table: Table, node: ast.Constraint, column: str | None) -> list[str]:
    if node.indexname:
        # ... PRIMARY KEY USING INDEX idx: the index becomes the constraint's.
        index = next((index for index in table.indexes if index.name == node.indexname), None)
        if index is not None:
            table.indexes.remove(index)
            return list(index.columns)
    return [column] if column else names_of(node.keys)


def _primary_key(table: Table, node: ast.Constraint, ctx: Context, column: str | None) -> PrimaryKey | None:
    if table.primary_key is not None:
        ctx.warn(f"{table.key} already has a primary key; the second one is ignored")
        return None
    columns = _key_columns(table, node, column)
    name = node.conname or node.indexname or ctx.catalog.choose_index_name(table, [], "pkey", constraint=True)
    _claim(ctx, table, str(name), index=True)
    table.primary_key = PrimaryKey(name=str(name), columns=columns)
    mark_not_null(table, columns, ctx)
    return table.primary_key


def _unique(table: Table, node: ast.Constraint, ctx: Context, column: str | None) -> UniqueConstraint:
    columns = _key_columns(table, node, column)
    name = node.conname or node.indexname
    if not name:
        included = names_of(node.including)
        name = ctx.catalog.choose_index_name(table, columns + included, "key", constraint=True)
    _claim(ctx, table, str(name), index=True)
    unique = UniqueConstraint(
        name=str(name),
        columns=columns,
        nulls_not_distinct=bool(node.nulls_not_distinct),
        deferrable=bool(node.deferrable),
        initially_deferred=bool(node.initdeferred),
    )
    table.unique_constraints.append(unique)
    return unique


def _check(table: Table, node: ast.Constraint, ctx: Context) -> CheckConstraint:
    if node.conname:
        name = str(node.conname)
        _claim(ctx, table, name, index=False)
    else:
        # PostgreSQL names a check after its column when the expression mentions only one.
        mentioned = referenced_columns(node.raw_expr) if node.raw_expr is not None else set()
        addition = next(iter(mentioned)) if len(mentioned) == 1 else None
        name = ctx.catalog.choose_constraint_name(table, addition, "check")
    check = CheckConstraint(name=name, expression=ctx.catalog.deparse(node.raw_expr))
    table.check_constraints.append(check)
    return check


def _foreign_key(table: Table, node: ast.Constraint, ctx: Context, column: str | None) -> ForeignKey:
    columns = names_of(node.fk_attrs) or ([column] if column else [])
    if node.conname:
        name = str(node.conname)
        _claim(ctx, table, name, index=False)
    else:
        name = ctx.catalog.choose_constraint_name(table, name_addition(columns), "fkey")
    assert node.pktable is not None, "the grammar requires REFERENCES <table>"
    foreign_key = ForeignKey(
        name=name,
        columns=columns,
        referenced_table=ctx.catalog.resolve_table(node.pktable),
        referenced_columns=names_of(node.pk_attrs),
        on_delete=_ACTIONS.get(str(node.fk_del_action), ReferentialAction.NO_ACTION),
        on_update=_ACTIONS.get(str(node.fk_upd_action), ReferentialAction.NO_ACTION),
        match=_MATCH.get(str(node.fk_matchtype), MatchType.SIMPLE),
        deferrable=bool(node.deferrable),
        initially_deferred=bool(node.initdeferred),
    )
    table.foreign_keys.append(foreign_key)
    return foreign_key


def _exclusion(table: Table, node: ast.Constraint, ctx: Context) -> ExclusionConstraint:
    elements: list[ExclusionElement] = []
    key_names: list[str] = []
    for element, operator in node.exclusions or ():
        expression = element.name or ctx.catalog.key_text(element.expr)
        elements.append(ExclusionElement(expression=str(expression), operator=".".join(names_of(operator))))
        key_names.append(str(element.name or figure_colname(element.expr) or "expr"))
    name = node.conname or ctx.catalog.choose_index_name(table, key_names, "excl", constraint=True)
    _claim(ctx, table, str(name), index=True)
    exclusion = ExclusionConstraint(
        name=str(name),
        method=str(node.access_method or "gist"),
        elements=elements,
        predicate=ctx.catalog.deparse(node.where_clause) if node.where_clause is not None else None,
    )
    table.exclusion_constraints.append(exclusion)
    return exclusion


def _claim(ctx: Context, table: Table, name: str, *, index: bool) -> None:
    ctx.catalog.constraint_names.add((table.schema, name))
    if index:
        ctx.catalog.relation_names.add((table.schema, name))


def drop_constraint(table: Table, name: str) -> bool:
    """Remove the named constraint; False when the table has none of that name."""
    before = constraint_count(table)
    if table.primary_key is not None and table.primary_key.name == name:
        table.primary_key = None
    table.unique_constraints = [c for c in table.unique_constraints if c.name != name]
    table.check_constraints = [c for c in table.check_constraints if c.name != name]
    table.foreign_keys = [c for c in table.foreign_keys if c.name != name]
    table.exclusion_constraints = [c for c in table.exclusion_constraints if c.name != name]
    return constraint_count(table) < before


def constraint_count(table: Table) -> int:
    return (
        (table.primary_key is not None)
        + len(table.unique_constraints)
        + len(table.check_constraints)
        + len(table.foreign_keys)
        + len(table.exclusion_constraints)
    )
