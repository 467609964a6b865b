"""ALTER TABLE, RENAME TABLE and DROP: changes to what earlier statements defined."""

from __future__ import annotations

from sqlglot import exp

from app.ingest.dialects import constraints, indexes
from app.ingest.dialects.catalog import Context
from app.ingest.dialects.columns import add_column, apply_constraints, build_column, spell_type
from app.ingest.dialects.names import table_key
from app.ingest.model import Table
from app.models.enums import SqlDialect

# Actions that change nothing the model holds: MySQL's ENGINE=, DISABLE KEYS, SQL Server's
# CHECK CONSTRAINT toggles and SET (LOCK_ESCALATION = ...).
_NO_SCHEMA = (exp.Property, exp.AlterSet)


def alter_table(node: exp.Alter, ctx: Context) -> bool:
    """Returns False for ALTER of something the model does not hold (a database, a view)."""
    if str(node.args.get("kind") or "").upper() != "TABLE":
        return False
    target = node.this
    assert isinstance(target, exp.Table), "ALTER TABLE names a table"
    table = ctx.catalog.find(ctx.key(target))
    if table is None:
        ctx.warn(f"ALTER TABLE {ctx.key(target)}: the table is not defined in this source; skipped")
        return True
    for action in node.args.get("actions") or ():
        _apply(table, action, ctx)
    return True


def _apply(table: Table, action: exp.Expr, ctx: Context) -> None:
    if isinstance(action, exp.ColumnDef):
        add_column(table, action, ctx, position=_position(table, action))
    elif isinstance(action, exp.AddConstraint):
        for element in action.expressions:
            constraints.add_element(table, element, ctx)
    elif isinstance(action, exp.Drop):
        _drop_part(table, action, ctx)
    elif isinstance(action, exp.DropPrimaryKey):
        table.primary_key = None
    elif isinstance(action, exp.ModifyColumn):
        _modify_column(table, action, ctx)
    elif isinstance(action, exp.AlterColumn):
        _alter_column(table, action, ctx)
    elif isinstance(action, exp.RenameColumn):
        _rename_column(table, action.this.name, action.args["to"].name, ctx)
    elif isinstance(action, exp.AlterRename):
        rename_table(table, action.this, ctx)
    elif not isinstance(action, _NO_SCHEMA):
        ctx.warn(f"ALTER TABLE {table.key}: {ctx.text(action)!r} is not read")


def _position(table: Table, node: exp.ColumnDef) -> int | None:
    """MySQL's FIRST / AFTER column."""
    position = node.args.get("position")
    if position is None:
        return None
    if str(position.args.get("position")).upper() == "FIRST":
        return 0
    after = table.column(position.this.name) if position.this is not None else None
    return table.columns.index(after) + 1 if after is not None else None


def _modify_column(table: Table, node: exp.ModifyColumn, ctx: Context) -> None:
    """MySQL's MODIFY (same name) and CHANGE (new name): the column is defined anew."""
    definition = node.this
    assert isinstance(definition, exp.ColumnDef), "MODIFY takes a column definition"
    old_name = node.args["rename_from"].name if node.args.get("rename_from") else definition.name
    old = table.column(old_name)
    if old is None:
        ctx.warn(f"{table.key} has no column {old_name!r} to change")
        return
    index = table.columns.index(old)
    table.columns.remove(old)
    if old_name != definition.name:
        _rename_references(table, old_name, definition.name, ctx)
    column = build_column(definition, ctx)
    position = _position(table, definition)
    table.columns.insert(index if position is None else position, column)
    if table.primary_key is not None and column.name in table.primary_key.columns:
        column.nullable = False
    apply_constraints(table, column, definition, ctx)


def _alter_column(table: Table, node: exp.AlterColumn, ctx: Context) -> None:
    column = table.column(node.this.name)
    if column is None:
        ctx.warn(f"{table.key} has no column {node.this.name!r} to alter")
        return
    if node.args.get("drop"):
        column.default = None
    elif (default := node.args.get("default")) is not None:
        column.default = None if isinstance(default, exp.Null) else ctx.text(default)
    if isinstance(node.args.get("dtype"), exp.DataType):
        # SQL Server's ALTER COLUMN c type [NULL | NOT NULL] restates nullability (NULL if unsaid).
        column.data_type, column.original_type = spell_type(node.args["dtype"], ctx)
        column.nullable = node.args.get("allow_null") is not False


def _drop_part(table: Table, node: exp.Drop, ctx: Context) -> None:
    kind = str(node.args.get("kind") or "").upper()
    for part in node.expressions or node.args.get("tables") or ():
        name = part.name
        if kind == "COLUMN":
            _drop_column(table, name, ctx)
        elif kind in ("INDEX", "KEY"):
            _drop_index(table, name, ctx)
        elif not constraints.drop_constraint(table, name):
            ctx.warn(f"{table.key} has no constraint {name!r} to drop")


def _drop_column(table: Table, name: str, ctx: Context) -> None:
    """The column goes, and with it every key, index and foreign key that uses it."""
    column = table.column(name)
    if column is None:
        ctx.warn(f"{table.key} has no column {name!r} to drop")
        return
    table.columns.remove(column)
    if table.primary_key is not None and name in table.primary_key.columns:
        table.primary_key = None
    table.unique_constraints = [c for c in table.unique_constraints if name not in c.columns]
    table.foreign_keys = [fk for fk in table.foreign_keys if name not in fk.columns]
    table.indexes = [index for index in table.indexes if name not in index.columns]


def _drop_index(table: Table, name: str, ctx: Context) -> None:
    found = indexes.find_index(table, name)
    if found is None:
        ctx.warn(f"{table.key} has no index {name!r} to drop")
        return
    table.indexes = [index for index in table.indexes if index is not found]
    table.unique_constraints = [unique for unique in table.unique_constraints if unique is not found]


def _rename_column(table: Table, old: str, new: str, ctx: Context) -> None:
    column = table.column(old)
    if column is None:
        ctx.warn(f"{table.key} has no column {old!r} to rename")
        return
    column.name = new
    _rename_references(table, old, new, ctx)


def _rename_references(table: Table, old: str, new: str, ctx: Context) -> None:
    """Keys, indexes and foreign keys (here and in tables that reference this one) follow a
    renamed column."""

    def renamed(columns: list[str]) -> list[str]:
        return [new if column == old else column for column in columns]

    if table.primary_key is not None:
        table.primary_key.columns = renamed(table.primary_key.columns)
    for unique in table.unique_constraints:
        unique.columns = renamed(unique.columns)
    for index in table.indexes:
        index.columns = renamed(index.columns)
    for foreign_key in table.foreign_keys:
        foreign_key.columns = renamed(foreign_key.columns)
    for other in ctx.catalog.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.referenced_table == table.key:
                foreign_key.referenced_columns = renamed(foreign_key.referenced_columns)


def rename_table(table: Table, new_name: exp.Expr, ctx: Context) -> None:
    """ALTER TABLE ... RENAME TO and MySQL's RENAME TABLE (SQL Server renames with sp_rename,
    a procedure call, which is not read): foreign keys that referenced the table follow it."""
    assert isinstance(new_name, exp.Table), "RENAME TO names a table"
    schema, name = ctx.name_parts(new_name)
    if not new_name.db:
        schema = table.schema
    new_key = table_key(schema, name)
    if ctx.catalog.find(new_key) not in (None, table):
        ctx.warn(f"{table.key} cannot be renamed to {new_key}, which exists; skipped")
        return
    old_key = table.key
    del ctx.catalog.tables[old_key]
    table.key, table.schema, table.name = new_key, schema, name
    ctx.catalog.tables[new_key] = table
    for other in ctx.catalog.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.referenced_table == old_key:
                foreign_key.referenced_table = new_key


def drop(node: exp.Drop, ctx: Context) -> bool:
    """DROP TABLE / VIEW / INDEX; returns False for other objects, which the model does not hold."""
    kind = str(node.args.get("kind") or "").upper()
    if kind not in ("TABLE", "VIEW", "INDEX"):
        return False
    for part in node.args.get("tables") or ():
        if kind == "INDEX":
            _drop_named_index(node, part, ctx)
        elif (dropped := ctx.catalog.find(ctx.key(part))) is not None:
            del ctx.catalog.tables[dropped.key]
        elif not node.args.get("exists"):
            ctx.warn(f"DROP {kind} {ctx.key(part)}: not defined in this source")
    return True


def _drop_named_index(node: exp.Drop, part: exp.Table, ctx: Context) -> None:
    """MySQL and SQL Server: DROP INDEX i ON t; SQL Server's old DROP INDEX t.i; SQLite: DROP
    INDEX i, whose name is unique in its schema."""
    on = node.args.get("cluster")
    if isinstance(on, exp.OnProperty) and isinstance(on.this, exp.Table):
        candidates = [ctx.catalog.find(ctx.key(on.this))]
    elif part.db and ctx.dialect == SqlDialect.MSSQL:
        candidates = [ctx.catalog.find(ctx.key(exp.Table(this=part.args["db"], db=part.args.get("catalog"))))]
    else:
        candidates = list(ctx.catalog.tables.values())
    for table in candidates:
        if table is not None and indexes.find_index(table, part.name) is not None:
            _drop_index(table, part.name, ctx)
            return
    if not node.args.get("exists"):
        ctx.warn(f"DROP INDEX {part.name}: not defined in this source")
