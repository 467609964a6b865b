"""ALTER TABLE: columns added, dropped and changed after CREATE TABLE, constraints added and
dropped, row-level security switched on, partitions attached. Without ONLY, column changes
reach partitions and inheriting tables too, as in PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from pglast import ast, enums

from app.ingest.model import Column, GeneratedStorage, Identity, Table
from app.ingest.postgres.catalog import Context
from app.ingest.postgres.constraints import add_constraint, drop_constraint
from app.ingest.postgres.expressions import expression_columns
from app.ingest.postgres.tables import (
    TABLE_LIKE_OBJECTS,
    add_column,
    add_columns_to_descendants,
    build_column,
    inherit_keys,
    partition_bound,
    set_identity,
)

AT = enums.AlterTableType
Command = Callable[[Table, ast.AlterTableCmd, Context], None]


def alter_table(node: ast.AlterTableStmt, ctx: Context) -> None:
    # ALTER INDEX ... ATTACH PARTITION and ALTER SEQUENCE-as-table change nothing modelled.
    if node.objtype not in TABLE_LIKE_OBJECTS:
        return
    assert node.relation is not None, "the grammar requires a table name"
    catalog = ctx.catalog
    key = catalog.resolve_table(node.relation)
    table = catalog.tables.get(key)
    commands = [(cmd, _COMMANDS.get(AT(cmd.subtype))) for cmd in node.cmds or ()]
    if table is None:
        if any(command for _, command in commands) and not node.missing_ok and key not in catalog.sequences:
            ctx.warn(f"ALTER TABLE {key}: the table is not defined in this source")
        return
    recurse = bool(node.relation.inh)
    for cmd, command in commands:
        if command is None:
            continue
        # Column changes recurse to partitions and children; ONLY keeps them on this table.
        column_change = cmd.subtype in _RECURSIVE and recurse
        for target in [table, *catalog.descendants(key)] if column_change else [table]:
            command(target, cmd, ctx)
        if cmd.subtype == AT.AT_AddConstraint and recurse:
            for child in catalog.tables.values():
                if child.partition_of == key:
                    inherit_keys(table, child, ctx)


def _column(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> Column | None:
    column = table.column(str(cmd.name))
    if column is None and not cmd.missing_ok:
        ctx.warn(f"ALTER TABLE {table.key}: no column {cmd.name!r}")
    return column


def _add_column(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    assert isinstance(cmd.def_, ast.ColumnDef)
    if table.column(str(cmd.def_.colname)) is not None:
        if not cmd.missing_ok:
            ctx.warn(f"ALTER TABLE {table.key}: column {cmd.def_.colname!r} already exists")
        return
    add_columns_to_descendants(table, add_column(table, cmd.def_, ctx), ctx)


def _drop_column(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    """Indexes and constraints of the table that involve the column go with it; so do
    foreign keys pointing at it (which PostgreSQL requires CASCADE for)."""
    column = _column(table, cmd, ctx)
    if column is None:
        return
    name = column.name
    table.columns.remove(column)
    if table.primary_key is not None and name in table.primary_key.columns:
        table.primary_key = None
    table.unique_constraints = [u for u in table.unique_constraints if name not in u.columns]
    table.foreign_keys = [fk for fk in table.foreign_keys if name not in fk.columns]
    table.check_constraints = [
        c for c in table.check_constraints if name not in expression_columns(c.expression)
    ]
    table.indexes = [
        index
        for index in table.indexes
        if not any(name == key or name in expression_columns(key) for key in [*index.columns, *index.include])
    ]
    for other in ctx.catalog.tables.values():
        other.foreign_keys = [
            fk
            for fk in other.foreign_keys
            if not (fk.referenced_table == table.key and name in fk.referenced_columns)
        ]


def _set_default(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    if column := _column(table, cmd, ctx):
        expression = cmd.def_ if isinstance(cmd.def_, ast.Node) else None
        column.default = ctx.catalog.default_text(expression, column.data_type) if expression else None


def _set_not_null(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    if column := _column(table, cmd, ctx):
        column.nullable = cmd.subtype == AT.AT_DropNotNull


def _alter_type(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    assert isinstance(cmd.def_, ast.ColumnDef)
    if column := _column(table, cmd, ctx):
        changed = build_column(cmd.def_, ctx)
        column.data_type, column.original_type = changed.data_type, changed.original_type
        column.collation = changed.collation or column.collation


def _add_constraint(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    assert isinstance(cmd.def_, ast.Constraint)
    add_constraint(table, cmd.def_, ctx)


def _drop_constraint(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    if not drop_constraint(table, str(cmd.name)) and not cmd.missing_ok:
        ctx.warn(f"ALTER TABLE {table.key}: no constraint {cmd.name!r}")


def _alter_constraint(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    change = cmd.def_
    if not isinstance(change, ast.ATAlterConstraint) or not change.alterDeferrability:
        return
    for foreign_key in table.foreign_keys:
        if foreign_key.name == change.conname:
            foreign_key.deferrable = bool(change.deferrable)
            foreign_key.initially_deferred = bool(change.initdeferred)


def _row_security(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    if cmd.subtype in (AT.AT_EnableRowSecurity, AT.AT_DisableRowSecurity):
        table.rls_enabled = cmd.subtype == AT.AT_EnableRowSecurity
    else:
        table.rls_forced = cmd.subtype == AT.AT_ForceRowSecurity


def _attach_partition(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    assert isinstance(cmd.def_, ast.PartitionCmd)
    assert cmd.def_.name is not None
    child_key = ctx.catalog.resolve_table(cmd.def_.name)
    child = ctx.catalog.tables.get(child_key)
    if child is None:
        ctx.warn(f"ALTER TABLE {table.key}: partition {child_key} is not defined in this source")
        return
    if cmd.subtype == AT.AT_DetachPartition:
        child.partition_of = child.partition_bound = None
        return
    assert cmd.def_.bound is not None, "ATTACH PARTITION requires FOR VALUES or DEFAULT"
    child.partition_of, child.partition_bound = table.key, partition_bound(cmd.def_.bound, ctx)
    inherit_keys(table, child, ctx)


def _inherit(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    assert isinstance(cmd.def_, ast.RangeVar)
    parent = ctx.catalog.resolve_table(cmd.def_)
    table.inherits = [key for key in table.inherits if key != parent]
    if cmd.subtype == AT.AT_AddInherit:
        table.inherits.append(parent)


def _identity(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    column = _column(table, cmd, ctx)
    if column is None:
        return
    if cmd.subtype == AT.AT_AddIdentity:
        assert isinstance(cmd.def_, ast.Constraint)
        set_identity(table, column, cmd.def_, ctx)
    elif cmd.subtype == AT.AT_DropIdentity:
        column.identity = None
    else:  # SET GENERATED { ALWAYS | BY DEFAULT } arrives as a DefElem of the character code
        options = cmd.def_ if isinstance(cmd.def_, tuple) else ()
        for option in options:
            if option.defname == "generated" and isinstance(option.arg, ast.Integer):
                column.identity = Identity.ALWAYS if chr(option.arg.ival or 0) == "a" else Identity.BY_DEFAULT


def _generation(table: Table, cmd: ast.AlterTableCmd, ctx: Context) -> None:
    if column := _column(table, cmd, ctx):
        if cmd.subtype == AT.AT_DropExpression:
            column.generated = column.generated_storage = None
        else:
            column.generated = ctx.catalog.deparse(cmd.def_ if isinstance(cmd.def_, ast.Node) else None)
            column.generated_storage = column.generated_storage or GeneratedStorage.STORED


_COMMANDS: dict[AT, Command] = {
    AT.AT_AddColumn: _add_column,
    AT.AT_DropColumn: _drop_column,
    AT.AT_ColumnDefault: _set_default,
    AT.AT_SetNotNull: _set_not_null,
    AT.AT_DropNotNull: _set_not_null,
    AT.AT_AlterColumnType: _alter_type,
    AT.AT_AddConstraint: _add_constraint,
    AT.AT_DropConstraint: _drop_constraint,
    AT.AT_AlterConstraint: _alter_constraint,
    AT.AT_EnableRowSecurity: _row_security,
    AT.AT_DisableRowSecurity: _row_security,
    AT.AT_ForceRowSecurity: _row_security,
    AT.AT_NoForceRowSecurity: _row_security,
    AT.AT_AttachPartition: _attach_partition,
    AT.AT_DetachPartition: _attach_partition,
    AT.AT_AddInherit: _inherit,
    AT.AT_DropInherit: _inherit,
    AT.AT_AddIdentity: _identity,
    AT.AT_SetIdentity: _identity,
    AT.AT_DropIdentity: _identity,
    AT.AT_SetExpression: _generation,
    AT.AT_DropExpression: _generation,
}
# ADD COLUMN recurses by itself (add_columns_to_descendants): it must not run twice.
_RECURSIVE = frozenset(
    {
        AT.AT_DropColumn,
        AT.AT_ColumnDefault,
        AT.AT_SetNotNull,
        AT.AT_DropNotNull,
        AT.AT_AlterColumnType,
    }
)
