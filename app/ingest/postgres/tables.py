"""CREATE TABLE and its columns, including partitions (PARTITION OF, which takes the parent's
columns), inheritance (INHERITS), LIKE and foreign tables."""

from __future__ import annotations

import copy
import itertools

from pglast import ast, enums

from app.ingest.model import (
    Column,
    GeneratedStorage,
    Identity,
    PrimaryKey,
    Table,
    TableKind,
    UniqueConstraint,
)
from app.ingest.postgres.catalog import Context, Sequence
from app.ingest.postgres.constraints import Constraint, add_constraint, apply_attribute, mark_not_null
from app.ingest.postgres.names import quote_ident, table_key
from app.ingest.postgres.types import is_serial, written_type

ConstrType = enums.ConstrType
_ATTRIBUTES = frozenset(
    {
        ConstrType.CONSTR_ATTR_DEFERRABLE,
        ConstrType.CONSTR_ATTR_NOT_DEFERRABLE,
        ConstrType.CONSTR_ATTR_DEFERRED,
        ConstrType.CONSTR_ATTR_IMMEDIATE,
    }
)
_STRATEGIES = {
    enums.PartitionStrategy.PARTITION_STRATEGY_RANGE: "RANGE",
    enums.PartitionStrategy.PARTITION_STRATEGY_LIST: "LIST",
    enums.PartitionStrategy.PARTITION_STRATEGY_HASH: "HASH",
}
_LIKE_DEFAULTS = 1 << 3  # CREATE_TABLE_LIKE_DEFAULTS in parsenodes.h
# What ALTER, RENAME and DROP may name that the model holds as a table.
TABLE_LIKE_OBJECTS = (
    enums.ObjectType.OBJECT_TABLE,
    enums.ObjectType.OBJECT_FOREIGN_TABLE,
    enums.ObjectType.OBJECT_VIEW,
    enums.ObjectType.OBJECT_MATVIEW,
)


def create_table(node: ast.CreateStmt, ctx: Context, *, kind: TableKind = TableKind.TABLE) -> bool:
    """Returns False for a temporary table, which lives for one session, not in the schema."""
    catalog = ctx.catalog
    relation = node.relation
    assert relation is not None, "the grammar requires a table name"
    if relation.relpersistence == "t":
        return False
    schema = relation.schemaname or catalog.creation_schema()
    table = Table(key=table_key(schema, str(relation.relname)), schema=schema, name=str(relation.relname))
    table.kind = TableKind.PARTITIONED_TABLE if node.partspec is not None else kind
    if not register_table(table, ctx, if_not_exists=bool(node.if_not_exists)):
        return True
    if node.ofTypename is not None:
        ctx.warn(f"{table.key} is a typed table (OF a composite type); its columns are not read")
    parents = [catalog.resolve_table(parent) for parent in node.inhRelations or ()]
    if node.partbound is not None:
        table.partition_of, table.partition_bound = parents[0], partition_bound(node.partbound, ctx)
    else:
        table.inherits = parents
    for parent_key in parents:
        _take_parent_columns(table, parent_key, ctx)
    elements = node.tableElts or ()
    for element, following in itertools.pairwise((*elements, None)):
        if isinstance(element, ast.ColumnDef):
            add_column(table, element, ctx, next_element_at=following.location if following else None)
        elif isinstance(element, ast.TableLikeClause):
            _copy_like(table, element, ctx)
    for element in elements:
        if isinstance(element, ast.Constraint):
            add_constraint(table, element, ctx)
    if node.partspec is not None:
        table.partition_key = partition_key(node.partspec, ctx)
    parent = catalog.tables.get(table.partition_of or "")
    if parent is not None:
        inherit_keys(parent, table, ctx)
    return True


def create_foreign_table(node: ast.CreateForeignTableStmt, ctx: Context) -> bool:
    assert node.base is not None, "the grammar requires the table definition"
    return create_table(node.base, ctx, kind=TableKind.FOREIGN_TABLE)


def register_table(table: Table, ctx: Context, *, if_not_exists: bool = False) -> bool:
    """Add a new table or view; a second definition of the same name is ignored, as
    PostgreSQL would refuse it."""
    catalog = ctx.catalog
    if table.key in catalog.tables:
        if not if_not_exists:
            first = catalog.definition_lines.get(table.key)
            ctx.warn(f"{table.key} is defined again; the first definition (line {first}) is kept")
        return False
    catalog.tables[table.key] = table
    catalog.definition_lines[table.key] = ctx.statement.line
    catalog.relation_names.add((table.schema, table.name))
    return True


def add_column(
    table: Table, node: ast.ColumnDef, ctx: Context, *, next_element_at: int | None = None
) -> Column:
    """Add a column, or apply the options of ``PARTITION OF``/``INHERITS`` to an inherited
    one. ``next_element_at``: where the next column or constraint of the statement begins."""
    name = str(node.colname)
    column = table.column(name)
    if column is None:
        column = build_column(node, ctx, next_element_at=next_element_at)
        table.columns.append(column)
    elif node.typeName is not None:
        # A local definition merged with an inherited column keeps its place, its NOT NULL
        # and, unless it sets its own, its default.
        merged = build_column(node, ctx, next_element_at=next_element_at)
        merged.nullable, merged.default = column.nullable, column.default
        table.columns[table.columns.index(column)] = merged
        column = merged
    if node.typeName is not None and is_serial(node.typeName):
        _make_serial(table, column, ctx)
    _apply_column_constraints(table, column, node, ctx)
    return column


def build_column(node: ast.ColumnDef, ctx: Context, *, next_element_at: int | None = None) -> Column:
    catalog = ctx.catalog
    column = Column(name=str(node.colname), data_type=None)
    if node.typeName is not None:
        column.data_type = catalog.format_type(node.typeName)
        column.original_type = written_type(ctx.statement, node.typeName, _type_end(node, next_element_at))
    if node.collClause is not None:
        column.collation = ".".join(quote_ident(str(part.sval)) for part in node.collClause.collname or ())
    return column


def _type_end(node: ast.ColumnDef, next_element_at: int | None) -> int | None:
    """Where what follows the column's type begins, if the tree says: its first constraint,
    its collation, else the next element. Options the tree keeps no position for
    (``COMPRESSION``, ``STORAGE``) leave it unknown."""
    if node.compression or node.storage_name:
        return None
    following = [constraint.location for constraint in node.constraints or ()]
    following += [node.collClause.location if node.collClause else None, next_element_at]
    known = [location for location in following if location is not None]
    return min(known) if known else None


def _make_serial(table: Table, column: Column, ctx: Context) -> None:
    """serial is integer NOT NULL DEFAULT nextval() of a sequence the column owns (the type
    itself is already integer: see types.SERIAL_TYPES)."""
    sequence = ctx.catalog.choose_sequence_name(table, column.name)
    ctx.catalog.sequences[sequence] = Sequence(key=sequence, owned_by=(table.key, column.name))
    column.default = ctx.catalog.nextval(sequence)
    column.serial = True
    column.nullable = False


def _apply_column_constraints(table: Table, column: Column, node: ast.ColumnDef, ctx: Context) -> None:
    previous: Constraint | None = None
    for constraint in node.constraints or ():
        contype = constraint.contype
        if contype == ConstrType.CONSTR_NULL:
            column.nullable = True
        elif contype == ConstrType.CONSTR_NOTNULL:
            column.nullable = False
        elif contype == ConstrType.CONSTR_DEFAULT:
            column.default = ctx.catalog.default_text(constraint.raw_expr, column.data_type)
        elif contype == ConstrType.CONSTR_IDENTITY:
            set_identity(table, column, constraint, ctx)
        elif contype == ConstrType.CONSTR_GENERATED:
            column.generated = ctx.catalog.deparse(constraint.raw_expr)
            stored = constraint.generated_kind == "s"
            column.generated_storage = GeneratedStorage.STORED if stored else GeneratedStorage.VIRTUAL
        elif contype in _ATTRIBUTES:
            apply_attribute(previous, constraint)
        else:
            previous = add_constraint(table, constraint, ctx, column=column.name)


def set_identity(table: Table, column: Column, constraint: ast.Constraint, ctx: Context) -> None:
    column.identity = Identity.ALWAYS if constraint.generated_when == "a" else Identity.BY_DEFAULT
    column.nullable = False
    # The identity's sequence takes a name PostgreSQL may otherwise have given something else.
    sequence = ctx.catalog.choose_sequence_name(table, column.name)
    ctx.catalog.sequences[sequence] = Sequence(key=sequence, owned_by=(table.key, column.name))


def _take_parent_columns(table: Table, parent_key: str, ctx: Context) -> None:
    parent = ctx.catalog.tables.get(parent_key)
    if parent is None:
        ctx.warn(f"{table.key} inherits from {parent_key}, which is not defined in this source")
        return
    for inherited in parent.columns:
        if table.column(inherited.name) is None:
            table.columns.append(_inherited_copy(inherited))
    table.check_constraints.extend(copy.deepcopy(parent.check_constraints))


def _inherited_copy(column: Column) -> Column:
    """The parent's column as a child gets it: type, NOT NULL and default, but no comment, and
    not serial, since the sequence stays owned by the parent's column."""
    inherited = copy.deepcopy(column)
    inherited.is_primary_key = inherited.is_unique = inherited.serial = False
    inherited.comment = None
    return inherited


def _copy_like(table: Table, node: ast.TableLikeClause, ctx: Context) -> None:
    assert node.relation is not None, "the grammar requires LIKE <table>"
    source = ctx.catalog.tables.get(ctx.catalog.resolve_table(node.relation))
    if source is None:
        ctx.warn(f"{table.key} is LIKE a table that is not defined in this source")
        return
    for column in source.columns:
        like = _inherited_copy(column)
        if not (node.options or 0) & _LIKE_DEFAULTS:
            like.default = None
        table.columns.append(like)


def add_columns_to_descendants(table: Table, column: Column, ctx: Context) -> None:
    for child in ctx.catalog.descendants(table.key):
        if child.column(column.name) is None:
            child.columns.append(_inherited_copy(column))


def inherit_keys(parent: Table, partition: Table, ctx: Context) -> None:
    """PostgreSQL gives every partition its own primary key and unique constraints matching
    the parent's, named after the partition (``payment_p2022_01_pkey``)."""
    catalog = ctx.catalog
    changed = False
    if parent.primary_key is not None and partition.primary_key is None:
        name = catalog.choose_index_name(partition, [], "pkey", constraint=True)
        partition.primary_key = PrimaryKey(name=name, columns=list(parent.primary_key.columns))
        mark_not_null(partition, partition.primary_key.columns, ctx)
        changed = True
    present = [unique.columns for unique in partition.unique_constraints]
    for unique in parent.unique_constraints:
        if unique.columns not in present:
            name = catalog.choose_index_name(partition, unique.columns, "key", constraint=True)
            partition.unique_constraints.append(UniqueConstraint(name=name, columns=list(unique.columns)))
            changed = True
    # Only a change can reach sub-partitions; stopping otherwise also ends any cycle.
    for child in list(catalog.tables.values()) if changed else ():
        if child.partition_of == partition.key:
            inherit_keys(partition, child, ctx)


def partition_bound(node: ast.PartitionBoundSpec, ctx: Context) -> str:
    if node.is_default:
        return "DEFAULT"
    if node.strategy == "h":
        return f"FOR VALUES WITH (modulus {node.modulus}, remainder {node.remainder})"
    if node.strategy == "l":
        return f"FOR VALUES IN ({_datums(node.listdatums, ctx)})"
    return f"FOR VALUES FROM ({_datums(node.lowerdatums, ctx)}) TO ({_datums(node.upperdatums, ctx)})"


def _datums(datums: tuple[ast.Node, ...] | None, ctx: Context) -> str:
    printed = []
    for datum in datums or ():
        name = datum.fields[0].sval if isinstance(datum, ast.ColumnRef) and datum.fields else None
        printed.append(name.upper() if name in ("minvalue", "maxvalue") else ctx.catalog.deparse(datum))
    return ", ".join(printed)


def partition_key(node: ast.PartitionSpec, ctx: Context) -> str:
    keys = [
        quote_ident(str(element.name)) if element.name else ctx.catalog.key_text(element.expr)
        for element in node.partParams or ()
    ]
    strategy = _STRATEGIES[enums.PartitionStrategy(node.strategy)]
    return f"{strategy} ({', '.join(keys)})"
