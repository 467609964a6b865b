"""Types, sequences, extensions, comments and the search path: the statements that define no
table themselves but decide how the tables read."""

from __future__ import annotations

from pglast import ast, enums

from app.ingest.model import CheckConstraint, Domain, Enum
from app.ingest.postgres.catalog import Context, Sequence
from app.ingest.postgres.constraints import names_of
from app.ingest.postgres.names import table_key

ObjectType = enums.ObjectType
ConstrType = enums.ConstrType
_COMMENTED_RELATIONS = frozenset(
    {
        ObjectType.OBJECT_TABLE,
        ObjectType.OBJECT_VIEW,
        ObjectType.OBJECT_MATVIEW,
        ObjectType.OBJECT_FOREIGN_TABLE,
        ObjectType.OBJECT_COLUMN,
    }
)


def _qualified(ctx: Context, names: list[str]) -> tuple[str, str]:
    """(schema, name) of a possibly qualified name being created."""
    return (names[-2] if len(names) > 1 else ctx.catalog.creation_schema()), names[-1]


def create_enum(node: ast.CreateEnumStmt, ctx: Context) -> None:
    schema, name = _qualified(ctx, names_of(node.typeName))
    key = table_key(schema, name)
    if key in ctx.catalog.enums:
        ctx.warn(f"type {key} is defined again; the first definition is kept")
        return
    ctx.catalog.enums[key] = Enum(key=key, schema=schema, name=name, values=names_of(node.vals))


def alter_enum(node: ast.AlterEnumStmt, ctx: Context) -> None:
    names = names_of(node.typeName)
    enum = ctx.catalog.enums.get(ctx.catalog.resolve_type_key(names))
    if enum is None:
        ctx.warn(f"ALTER TYPE {'.'.join(names)}: the enum is not defined in this source")
        return
    new_value = str(node.newVal)
    if node.oldVal:  # RENAME VALUE
        enum.values = [new_value if value == node.oldVal else value for value in enum.values]
    elif new_value not in enum.values:
        neighbour = str(node.newValNeighbor) if node.newValNeighbor else None
        if neighbour in enum.values:
            position = enum.values.index(neighbour) + (1 if node.newValIsAfter else 0)
            enum.values.insert(position, new_value)
        else:
            enum.values.append(new_value)


def create_domain(node: ast.CreateDomainStmt, ctx: Context) -> None:
    catalog = ctx.catalog
    schema, name = _qualified(ctx, names_of(node.domainname))
    key = table_key(schema, name)
    assert node.typeName is not None, "the grammar requires AS <type>"
    domain = Domain(key=key, schema=schema, name=name, base_type=catalog.format_type(node.typeName))
    if node.collClause is not None:
        domain.collation = ".".join(names_of(node.collClause.collname))
    for constraint in node.constraints or ():
        if constraint.contype == ConstrType.CONSTR_NOTNULL:
            domain.not_null = True
        elif constraint.contype == ConstrType.CONSTR_DEFAULT:
            domain.default = catalog.default_text(constraint.raw_expr, domain.base_type)
        elif constraint.contype == ConstrType.CONSTR_CHECK:
            check_name = str(constraint.conname or f"{name}_check")
            domain.checks.append(
                CheckConstraint(name=check_name, expression=catalog.deparse(constraint.raw_expr))
            )
    catalog.domains.setdefault(key, domain)


def define(node: ast.DefineStmt, ctx: Context) -> bool:
    """CREATE TYPE name (INPUT = ...) is a type; aggregates, operators and the like are not
    part of the schema model."""
    if node.kind != ObjectType.OBJECT_TYPE:
        return False
    create_other_type(node, ctx)
    return True


def create_other_type(
    node: ast.CompositeTypeStmt | ast.CreateRangeStmt | ast.DefineStmt, ctx: Context
) -> None:
    """Composite, range and base types are not modelled yet; their names still qualify the
    columns that use them."""
    if isinstance(node, ast.CompositeTypeStmt):
        assert node.typevar is not None, "the grammar requires a type name"
        names = [part for part in (node.typevar.schemaname, node.typevar.relname) if part]
    elif isinstance(node, ast.CreateRangeStmt):
        names = names_of(node.typeName)
    else:
        names = names_of(node.defnames)
    ctx.catalog.other_types.add(table_key(*_qualified(ctx, [str(part) for part in names])))


def create_sequence(node: ast.CreateSeqStmt, ctx: Context) -> None:
    assert node.sequence is not None, "the grammar requires a sequence name"
    schema = node.sequence.schemaname or ctx.catalog.creation_schema()
    key = table_key(schema, str(node.sequence.relname))
    ctx.catalog.sequences.setdefault(key, Sequence(key=key))
    ctx.catalog.relation_names.add((schema, str(node.sequence.relname)))
    _apply_owned_by(key, node.options, ctx)


def alter_sequence(node: ast.AlterSeqStmt, ctx: Context) -> None:
    assert node.sequence is not None, "the grammar requires a sequence name"
    key = ctx.catalog.resolve_sequence(
        [part for part in (node.sequence.schemaname, str(node.sequence.relname)) if part]
    )
    if key in ctx.catalog.sequences:
        _apply_owned_by(key, node.options, ctx)
    elif not node.missing_ok:
        ctx.warn(f"ALTER SEQUENCE {key}: the sequence is not defined in this source")


def _apply_owned_by(key: str, options: tuple[ast.DefElem, ...] | None, ctx: Context) -> None:
    """OWNED BY table.column is how pg_dump writes a serial column."""
    for option in options or ():
        if option.defname != "owned_by":
            continue
        parts = names_of(option.arg)
        if parts == ["none"] or len(parts) < 2:
            ctx.catalog.sequences[key].owned_by = None
        else:
            table = ctx.catalog.resolve_table_name(parts[-3] if len(parts) > 2 else None, parts[-2])
            ctx.catalog.sequences[key].owned_by = (table, parts[-1])


def create_extension(node: ast.CreateExtensionStmt, ctx: Context) -> None:
    schema = next(
        (str(option.arg.sval) for option in node.options or () if option.defname == "schema"),
        ctx.catalog.creation_schema(),
    )
    ctx.catalog.extensions.setdefault(str(node.extname), schema)


def search_path_assignment(node: ast.Node) -> list[str] | None:
    """The new search path of ``SET search_path ...`` or pg_dump's
    ``SELECT pg_catalog.set_config('search_path', '', false)``; None for anything else."""
    if isinstance(node, ast.VariableSetStmt) and node.name == "search_path":
        if node.kind != enums.VariableSetKind.VAR_SET_VALUE:
            return ["public"]  # SET search_path TO DEFAULT / RESET
        return [
            str(arg.val.sval)
            for arg in node.args or ()
            if isinstance(arg, ast.A_Const) and isinstance(arg.val, ast.String)
        ]
    if not isinstance(node, ast.SelectStmt) or len(node.targetList or ()) != 1 or node.fromClause:
        return None
    call = (node.targetList or ())[0].val
    if not isinstance(call, ast.FuncCall) or names_of(call.funcname)[-1:] != ["set_config"]:
        return None
    arguments = [
        arg.val.sval if isinstance(arg, ast.A_Const) and isinstance(arg.val, ast.String) else None
        for arg in call.args or ()
    ]
    if len(arguments) < 2 or arguments[0] != "search_path" or not isinstance(arguments[1], str):
        return None
    return [part.strip().strip('"') for part in arguments[1].split(",") if part.strip()]


def comment_on(node: ast.CommentStmt, ctx: Context) -> bool:
    """Apply COMMENT ON for tables, views, columns and types; False for other objects."""
    catalog = ctx.catalog
    comment = str(node.comment) if node.comment is not None else None
    if node.objtype in _COMMENTED_RELATIONS:
        names = names_of(node.object)
        column_name = names.pop() if node.objtype == ObjectType.OBJECT_COLUMN else None
        key = catalog.resolve_table_name(names[-2] if len(names) > 1 else None, names[-1])
        table = catalog.tables.get(key)
        target = table.column(column_name) if table and column_name else table
        if target is None:
            described = ".".join([*names, column_name] if column_name else names)
            ctx.warn(f"COMMENT ON {described}: not defined in this source")
        else:
            target.comment = comment
        return True
    if node.objtype in (ObjectType.OBJECT_TYPE, ObjectType.OBJECT_DOMAIN) and isinstance(
        node.object, ast.TypeName
    ):
        key = catalog.resolve_type_key(names_of(node.object.names))
        if key in catalog.enums:
            catalog.enums[key].comment = comment
        elif key in catalog.domains:
            catalog.domains[key].comment = comment
        return True
    return False
