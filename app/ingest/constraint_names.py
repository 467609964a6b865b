"""Names for the keys, constraints and indexes a source leaves unnamed, for readers of formats
that rarely name them (DBML, Mermaid).

They get the names PostgreSQL would give (``orders_pkey``, ``orders_user_id_fkey``,
``orders_a_b_idx``), so a DBML file and the SQL exported from it agree. PostgreSQL numbers a
clashing name by declaration order (``_fkey1``); here clashes are resolved in an order fixed
by content, so that reordering the source renames nothing and leaves the content hash alone.
"""

from __future__ import annotations

from app.ingest.model import Index, PrimaryKey, Table, UniqueConstraint
from app.ingest.postgres.catalog import Catalog
from app.ingest.postgres.names import name_addition, quote_ident, quote_qualified

# What an unnamed key, constraint or index is named in the meantime.
UNNAMED = ""
# PostgreSQL names an index on an expression after the expression's function, if any; a
# source's expressions are not parsed, so they are all "expr".
_EXPRESSION = "expr"


def name_unnamed(catalog: Catalog) -> None:
    tables = sorted(catalog.tables.values(), key=lambda table: table.key)
    for table in tables:
        _reserve_given_names(table, catalog)
    for table in tables:
        _name_table(table, catalog)


def _reserve_given_names(table: Table, catalog: Catalog) -> None:
    # Tables, indexes and the indexes behind keys share one namespace per schema; constraints another.
    catalog.relation_names.add((table.schema, table.name))
    keys: list[PrimaryKey | UniqueConstraint] = [*table.unique_constraints]
    if table.primary_key is not None:
        keys.append(table.primary_key)
    for named in keys:
        if named.name:
            catalog.relation_names.add((table.schema, named.name))
            catalog.constraint_names.add((table.schema, named.name))
    for index in table.indexes:
        if index.name:
            catalog.relation_names.add((table.schema, index.name))
    for foreign_key in table.foreign_keys:
        if foreign_key.name:
            catalog.constraint_names.add((table.schema, foreign_key.name))


def _name_table(table: Table, catalog: Catalog) -> None:
    if table.primary_key is not None and not table.primary_key.name:
        table.primary_key.name = catalog.choose_index_name(table, [], "pkey", constraint=True)
    for unique in sorted(table.unique_constraints, key=lambda unique: unique.columns):
        if not unique.name:
            unique.name = catalog.choose_index_name(table, unique.columns, "key", constraint=True)
    for index in sorted(table.indexes, key=lambda index: (index.columns, index.unique, index.method)):
        if not index.name:
            keys = [key if table.column(key) else _EXPRESSION for key in index.columns]
            index.name = catalog.choose_index_name(table, keys, "idx", constraint=False)
        index.definition = _index_definition(table, index)
    foreign_keys = sorted(
        table.foreign_keys, key=lambda key: (key.columns, key.referenced_table, key.referenced_columns)
    )
    for foreign_key in foreign_keys:
        if not foreign_key.name:
            foreign_key.name = catalog.choose_constraint_name(
                table, name_addition(foreign_key.columns), "fkey"
            )


def _index_definition(table: Table, index: Index) -> str:
    """The index the way pg_get_indexdef prints it; expressions as the source wrote them."""
    keys = ", ".join(quote_ident(key) if table.column(key) else f"({key})" for key in index.columns)
    unique = "UNIQUE " if index.unique else ""
    target = quote_qualified(table.schema, table.name)
    return f"CREATE {unique}INDEX {quote_ident(index.name)} ON {target} USING {index.method} ({keys})"
