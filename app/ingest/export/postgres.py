"""A canonical model (dialect POSTGRES) back to PostgreSQL DDL.

Two promises: PostgreSQL can run the script top to bottom (every object after what it
depends on, foreign keys after all tables so that cycles work), and the PostgreSQL reader
reads it back to the same model (equal ``content_hash``). Where the two pull apart, the
second decides; the modules beside this one say where and why.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.ingest.export.postgres_context import Export, dependency_order
from app.ingest.export.postgres_indexes import create_index
from app.ingest.export.postgres_readback import type_schema
from app.ingest.export.postgres_security import create_policy, row_security
from app.ingest.export.postgres_tables import (
    attached_indexes,
    create_table,
    deferred_constraints,
    foreign_keys,
)
from app.ingest.export.postgres_types import create_domain, create_enum, create_sequences, owned_sequences
from app.ingest.export.postgres_views import create_view, views_in_order
from app.ingest.model import Domain, SchemaModel, Table
from app.ingest.postgres.names import DEFAULT_SCHEMA, quote_ident, table_key
from app.ingest.postgres.trees import unchecked_nodes

HEADER = """\
-- PostgreSQL schema exported by Vizora from its canonical model.
-- In the order PostgreSQL can run it: schemas, extensions, types, sequences, domains, tables,
-- their constraints, indexes, foreign keys, views, row-level security. Functions, triggers,
-- composite types and grants are not part of the model and are not written here."""


def to_postgres_ddl(model: SchemaModel) -> str:
    # Writing reads type and default spellings back with the parser, thousands of times for
    # a large schema: the trees are built unchecked, as the reader builds them.
    with unchecked_nodes():
        return _ddl(model)


def _ddl(model: SchemaModel) -> str:
    export = Export(model)
    tables = _tables_in_order(export)
    sections = [
        ("Schemas", [_joined(_schemas(model))]),
        ("Extensions", [_joined(_extensions(export))]),
        ("Types", [_joined(create_enum(enum)) for enum in model.enums]),
        # Before the domains: a default's nextval('seq'::regclass) needs the sequence.
        ("Sequences", [_joined(create_sequences(export))]),
        ("Domains", [_joined(create_domain(domain, export)) for domain in _domains_in_order(model)]),
        ("Tables", [_joined(create_table(table, export)) for table in tables]),
        ("Constraints added once every table exists", [_joined(_deferred(tables, export))]),
        (
            "Sequences owned by serial columns",
            [_joined(s for table in tables for s in owned_sequences(table))],
        ),
        ("Indexes", [_joined(create_index(table, index) for index in table.indexes) for table in tables]),
        ("Foreign keys", [_joined(foreign_keys(table, export)) for table in tables]),
        ("Views", [_joined(create_view(view, export)) for view in views_in_order(export)]),
        ("Row-level security", [_joined(_security(table, export)) for table in model.tables]),
        ("Policies on tables defined elsewhere", [_joined(_external_policies(export))]),
    ]
    blocks = [HEADER]
    for title, section in sections:
        written = [block for block in section if block]
        if written:
            blocks += [f"-- {title}", *written]
    return "\n\n".join(blocks) + "\n"


def _joined(statements: Iterable[str]) -> str:
    return "\n".join(statements)


def _schemas(model: SchemaModel) -> list[str]:
    """Every schema of the model; ``public`` only when nothing in it says it exists."""
    in_use = {table.schema for table in model.tables}
    in_use |= {enum.schema for enum in model.enums} | {domain.schema for domain in model.domains}
    return [
        f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)};"
        for schema in model.schemas
        if schema != DEFAULT_SCHEMA or schema not in in_use
    ]


def _extensions(export: Export) -> list[str]:
    statements = []
    for extension, schema in export.extensions.items():
        where = f" WITH SCHEMA {quote_ident(schema)}" if schema != DEFAULT_SCHEMA else ""
        statements.append(f"CREATE EXTENSION IF NOT EXISTS {quote_ident(extension)}{where};")
    return statements


def _domains_in_order(model: SchemaModel) -> list[Domain]:
    """A domain over another domain after it."""

    def base(domain: Domain) -> list[str]:
        found = type_schema(domain.base_type)
        return [table_key(*found)] if found else []

    return dependency_order(model.domains, lambda domain: domain.key, base)


def _tables_in_order(export: Export) -> list[Table]:
    """Tables (not views), each after the tables it is a partition of or inherits from."""
    tables = [table for table in export.model.tables if not table.kind.is_view]
    return dependency_order(
        tables,
        lambda table: table.key,
        lambda table: [key for key in (table.partition_of, *table.inherits) if key],
    )


def _deferred(tables: list[Table], export: Export) -> list[str]:
    statements = [statement for table in tables for statement in deferred_constraints(table, export)]
    return statements + [statement for table in tables for statement in attached_indexes(table, export)]


def _security(table: Table, export: Export) -> list[str]:
    return row_security(table) + [create_policy(policy, export) for policy in table.policies]


def _external_policies(export: Export) -> list[str]:
    return [create_policy(policy, export) for policy in export.model.external_policies]
