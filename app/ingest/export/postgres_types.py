"""Enums, domains and the sequences that column defaults call ``nextval()`` on."""

from __future__ import annotations

from pglast import ast

from app.ingest.export.postgres_columns import written_serial
from app.ingest.export.postgres_context import Export, comment_on, indented, name_of
from app.ingest.export.postgres_readback import parse_query
from app.ingest.model import Domain, Enum, Table
from app.ingest.postgres.expressions import nextval_sequence, quote_literal, walk
from app.ingest.postgres.names import make_object_name, quote_ident, quote_qualified

# A sequence by (schema, name); the schema is None where the source left it to the search path.
SequenceName = tuple[str | None, str]


def create_enum(enum: Enum) -> list[str]:
    name = quote_qualified(enum.schema, enum.name)
    values = f"(\n{indented(map(quote_literal, enum.values))}\n)" if enum.values else "()"
    return [f"CREATE TYPE {name} AS ENUM {values};", *comment_on("TYPE", name, enum.comment)]


def create_domain(domain: Domain, export: Export) -> list[str]:
    name = quote_qualified(domain.schema, domain.name)
    parts = [f"CREATE DOMAIN {name} AS {domain.base_type}"]
    if domain.collation:
        parts.append(f"COLLATE {_collation(domain.collation, export)}")
    if domain.default is not None:
        parts.append(f"DEFAULT {domain.default}")
    if domain.not_null:
        parts.append("NOT NULL")
    parts += [f"CONSTRAINT {quote_ident(check.name)} CHECK ({check.expression})" for check in domain.checks]
    return ["\n    ".join(parts) + ";", *comment_on("DOMAIN", name, domain.comment)]


def _collation(text: str, export: Export) -> str:
    """The model holds a domain's collation with its parts joined by a dot and unquoted, so
    ``en_US.utf8`` is one name unless what precedes the dot is a schema."""
    schema, dot, name = text.partition(".")
    if dot and (schema == "pg_catalog" or schema in export.model.schemas):
        return f"{quote_ident(schema)}.{quote_ident(name)}"
    return quote_ident(text)


def create_sequences(export: Export) -> list[str]:
    """A sequence for every ``nextval()`` of a default, so that PostgreSQL can resolve it,
    except those a serial column creates (and names) itself."""
    created_by_serial = {
        (table.schema, make_object_name(table.name, column.name, "seq"))
        for table in export.model.tables
        for column in table.columns
        if written_serial(column)
    }
    defaults = [column.default for table in export.model.tables for column in table.columns]
    defaults += [domain.default for domain in export.model.domains]
    called = dict.fromkeys(sequence for default in defaults for sequence in _called(default))
    return [
        f"CREATE SEQUENCE {quote_qualified(*sequence)};"
        for sequence in called
        if sequence not in created_by_serial
    ]


def owned_sequences(table: Table) -> list[str]:
    """pg_dump's form of serial: the sequence of the default owned by the column, which is
    how the reader recognises a serial column not written as one."""
    statements = []
    for column in table.columns:
        called = _called(column.default)
        if column.serial and not written_serial(column) and len(called) == 1:
            owner = f"{name_of(table)}.{quote_ident(column.name)}"
            statements.append(f"ALTER SEQUENCE {quote_qualified(*called[0])} OWNED BY {owner};")
    return statements


def _called(expression: str | None) -> list[SequenceName]:
    query = parse_query(f"SELECT {expression}") if expression else None
    names = [
        parts
        for node in walk(query)
        if isinstance(node, ast.FuncCall) and (parts := nextval_sequence(node)) is not None
    ]
    return [(parts[-2] if len(parts) > 1 else None, parts[-1]) for parts in names if parts]
