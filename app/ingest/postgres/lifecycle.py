"""Renames, SET SCHEMA and DROP: what migration histories do to objects after creating them.

A rename follows the references the model holds by name (keys, foreign keys, partitions,
policies, sequences, plain index columns), as PostgreSQL's references by OID do. Expressions
the model holds as text (checks, index expressions, view definitions) keep the old name.
"""

from __future__ import annotations

from collections.abc import Callable

from pglast import ast, enums

from app.ingest.model import Table
from app.ingest.postgres.catalog import Catalog, Context
from app.ingest.postgres.constraints import names_of
from app.ingest.postgres.indexes import find_index
from app.ingest.postgres.names import quote_qualified, table_key
from app.ingest.postgres.policies import find_policy
from app.ingest.postgres.tables import TABLE_LIKE_OBJECTS

ObjectType = enums.ObjectType
_TYPES = (ObjectType.OBJECT_TYPE, ObjectType.OBJECT_DOMAIN)


def rename(node: ast.RenameStmt, ctx: Context) -> bool:
    """Apply a rename; False for objects the model does not hold (functions, triggers...)."""
    catalog = ctx.catalog
    new_name = str(node.newname)
    if node.renameType in _TYPES:
        _rename_type(catalog, names_of(node.object), new_name)
        return True
    if node.relation is None:
        return False
    key = catalog.resolve_table(node.relation)
    table = catalog.tables.get(key)
    if node.renameType == ObjectType.OBJECT_INDEX:
        _rename_index(ctx, node.relation, new_name)
    elif table is None:
        if not node.missing_ok and node.renameType in (*TABLE_LIKE_OBJECTS, ObjectType.OBJECT_COLUMN):
            ctx.warn(f"rename on {key}: the table is not defined in this source")
    elif node.renameType in TABLE_LIKE_OBJECTS:
        _move_table(catalog, table, table.schema, new_name)
    elif node.renameType == ObjectType.OBJECT_COLUMN:
        for target in [table, *catalog.descendants(key)]:
            _rename_column(catalog, target, str(node.subname), new_name)
    elif node.renameType == ObjectType.OBJECT_TABCONSTRAINT:
        _rename_constraint(table, str(node.subname), new_name)
    elif node.renameType == ObjectType.OBJECT_POLICY:
        if policy := find_policy(ctx, key, str(node.subname)):
            policy.name = new_name
    else:
        return False
    return True


def set_schema(node: ast.AlterObjectSchemaStmt, ctx: Context) -> bool:
    if node.objectType not in TABLE_LIKE_OBJECTS or node.relation is None:
        return False
    table = ctx.catalog.tables.get(ctx.catalog.resolve_table(node.relation))
    if table is not None:
        _move_table(ctx.catalog, table, str(node.newschema), table.name)
    return True


def _move_table(catalog: Catalog, table: Table, schema: str | None, name: str) -> None:
    old_key, new_key = table.key, table_key(schema, name)
    catalog.relation_names.discard((table.schema, table.name))
    catalog.relation_names.add((schema, name))
    del catalog.tables[old_key]
    table.key, table.schema, table.name = new_key, schema, name
    catalog.tables[new_key] = table
    catalog.definition_lines[new_key] = catalog.definition_lines.pop(old_key, 0)
    for other in catalog.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.referenced_table == old_key:
                foreign_key.referenced_table = new_key
        if other.partition_of == old_key:
            other.partition_of = new_key
        other.inherits = [new_key if parent == old_key else parent for parent in other.inherits]
    for policy in table.policies:
        policy.table = new_key
    for sequence in catalog.sequences.values():
        if sequence.owned_by and sequence.owned_by[0] == old_key:
            sequence.owned_by = (new_key, sequence.owned_by[1])


def _rename_column(catalog: Catalog, table: Table, old: str, new: str) -> None:
    column = table.column(old)
    if column is None:
        return
    column.name = new

    def renamed(names: list[str]) -> list[str]:
        return [new if name == old else name for name in names]

    if table.primary_key is not None:
        table.primary_key.columns = renamed(table.primary_key.columns)
    for unique in table.unique_constraints:
        unique.columns = renamed(unique.columns)
    for foreign_key in table.foreign_keys:
        foreign_key.columns = renamed(foreign_key.columns)
    for exclusion in table.exclusion_constraints:
        for element in exclusion.elements:
            element.expression = new if element.expression == old else element.expression
    for index in table.indexes:
        index.columns, index.include = renamed(index.columns), renamed(index.include)
    for other in catalog.tables.values():
        for foreign_key in other.foreign_keys:
            if foreign_key.referenced_table == table.key:
                foreign_key.referenced_columns = renamed(foreign_key.referenced_columns)
    for sequence in catalog.sequences.values():
        if sequence.owned_by == (table.key, old):
            sequence.owned_by = (table.key, new)


def _rename_constraint(table: Table, old: str, new: str) -> None:
    if table.primary_key is not None and table.primary_key.name == old:
        table.primary_key.name = new
    for constraints in (
        table.unique_constraints,
        table.check_constraints,
        table.foreign_keys,
        table.exclusion_constraints,
    ):
        for constraint in constraints:
            if constraint.name == old:
                constraint.name = new


def _rename_index(ctx: Context, relation: ast.RangeVar, new: str) -> None:
    """ALTER INDEX ... RENAME; renaming the index of a key renames the key constraint."""
    index_schema = relation.schemaname or ctx.catalog.creation_schema()
    old = str(relation.relname)
    found = find_index(ctx, index_schema, old)
    if found is not None:
        found[1].name = new
        return
    for table in ctx.catalog.tables.values():
        if table.schema == index_schema:
            _rename_constraint(table, old, new)


def _rename_type(catalog: Catalog, names: list[str], new: str) -> None:
    old_key = catalog.resolve_type_key(names)
    schema = old_key.rpartition(".")[0]
    new_key = table_key(schema, new)
    enum = catalog.enums.pop(old_key, None)
    domain = catalog.domains.pop(old_key, None) if enum is None else None
    if enum is not None:
        enum.key, enum.name = new_key, new
        catalog.enums[new_key] = enum
    elif domain is not None:
        domain.key, domain.name = new_key, new
        catalog.domains[new_key] = domain
    else:
        return
    old_type, new_type = quote_qualified(schema, names[-1]), quote_qualified(schema, new)
    for table in catalog.tables.values():
        for column in table.columns:
            if column.data_type in (old_type, old_type + "[]"):
                column.data_type = new_type + column.data_type.removeprefix(old_type)


def drop(node: ast.DropStmt, ctx: Context) -> bool:
    """Apply DROP for tables, views, indexes, types, sequences and policies; False for
    objects the model does not hold."""
    dropper = _DROPPERS.get(node.removeType) if node.removeType else None
    if dropper is None:
        return False
    for target in node.objects or ():
        dropper(ctx, target, bool(node.missing_ok))
    return True


def _split(names: list[str]) -> tuple[str | None, str]:
    return (names[-2] if len(names) > 1 else None), names[-1]


def _drop_relation(ctx: Context, target: object, missing_ok: bool) -> None:
    _drop_table(ctx, ctx.catalog.resolve_table_name(*_split(names_of(target))), missing_ok)


def _drop_index(ctx: Context, target: object, missing_ok: bool) -> None:
    schema, name = _split(names_of(target))
    found = find_index(ctx, schema or ctx.catalog.creation_schema(), name)
    if found is not None:
        found[0].indexes.remove(found[1])


def _drop_type(ctx: Context, target: object, missing_ok: bool) -> None:
    if isinstance(target, ast.TypeName):
        key = ctx.catalog.resolve_type_key(names_of(target.names))
        ctx.catalog.enums.pop(key, None)
        ctx.catalog.domains.pop(key, None)
        ctx.catalog.other_types.discard(key)


def _drop_sequence(ctx: Context, target: object, missing_ok: bool) -> None:
    ctx.catalog.sequences.pop(ctx.catalog.resolve_sequence(names_of(target)), None)


def _drop_policy(ctx: Context, target: object, missing_ok: bool) -> None:
    *table_names, name = names_of(target)
    key = ctx.catalog.resolve_table_name(*_split(table_names))
    policy = find_policy(ctx, key, name)
    owner = ctx.catalog.tables.get(key)
    if policy is not None:
        (owner.policies if owner is not None else ctx.catalog.external_policies).remove(policy)


_DROPPERS: dict[ObjectType, Callable[[Context, object, bool], None]] = {
    **dict.fromkeys(TABLE_LIKE_OBJECTS, _drop_relation),
    **dict.fromkeys(_TYPES, _drop_type),
    ObjectType.OBJECT_INDEX: _drop_index,
    ObjectType.OBJECT_SEQUENCE: _drop_sequence,
    ObjectType.OBJECT_POLICY: _drop_policy,
}


def _drop_table(ctx: Context, key: str, missing_ok: bool) -> None:
    """Dropping a table drops its partitions and the foreign keys that point at it."""
    catalog = ctx.catalog
    table = catalog.tables.pop(key, None)
    if table is None:
        if not missing_ok:
            ctx.warn(f"DROP {key}: not defined in this source")
        return
    catalog.relation_names.discard((table.schema, table.name))
    catalog.relation_names -= {(table.schema, index.name) for index in table.indexes}
    for other in list(catalog.tables.values()):
        other.foreign_keys = [fk for fk in other.foreign_keys if fk.referenced_table != key]
        if other.partition_of == key:
            _drop_table(ctx, other.key, missing_ok=True)
