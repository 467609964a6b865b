"""From catalog rows to the canonical model, through the DDL reader's own pieces.

An introspected schema and the script that created it must give the same model, or every
comparison between a database and its migrations would be noise. So the rows fill the DDL
reader's ``Catalog`` and ``build_model`` finishes it (flags, serial columns, sorting). Where
PostgreSQL prints an object as DDL (``pg_get_constraintdef``, ``pg_get_indexdef``, partition
keys and bounds), that text is read by the reader's handler for the same clause; where it
prints an expression (defaults, checks, view queries, policies), the text is parsed and
printed again with the reader's printer.

What stays different is what PostgreSQL rewrites when it stores an object, which a script
read alone cannot know: the casts it infers (``CHECK (price > 0)`` on numeric reads
``price > 0::numeric``, ``status = 'a'`` reads ``status = 'a'::text``), operators it rewrites
(``IN (...)`` is ``= ANY (ARRAY[...])``, ``BETWEEN`` two comparisons, ``LIKE`` ``~~``), view
queries as stored (``*`` expanded, tables schema-qualified, needless column qualifiers
dropped), ``CURRENT_USER`` in a policy resolved to the role's name, and the types of view
columns the reader cannot derive (``count(*)`` is ``bigint``). A column's ``original_type`` is
the catalog's spelling (``integer``), not the script's (``INT``, ``serial``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import asyncpg
from pglast import ast, parse_sql
from pglast.parser import ParseError

from app.connections import catalog_queries as queries
from app.ingest.model import (
    CheckConstraint,
    Column,
    Domain,
    Enum,
    GeneratedStorage,
    Identity,
    Policy,
    PolicyCommand,
    SchemaModel,
    Table,
    TableKind,
)
from app.ingest.postgres.catalog import Catalog, Context
from app.ingest.postgres.catalog import Sequence as OwnedSequence
from app.ingest.postgres.constraints import add_constraint
from app.ingest.postgres.finalize import build_model
from app.ingest.postgres.indexes import create_index
from app.ingest.postgres.names import DEFAULT_SCHEMA, quote_ident, quote_qualified, table_key
from app.ingest.postgres.statements import Statement, StatementKind
from app.ingest.postgres.tables import partition_bound, partition_key

Row = Any  # asyncpg.Record: a mapping from column names to values
NodeT = TypeVar("NodeT", bound=ast.Node)

_KINDS = {
    "r": TableKind.TABLE,
    "p": TableKind.PARTITIONED_TABLE,
    "f": TableKind.FOREIGN_TABLE,
    "v": TableKind.VIEW,
    "m": TableKind.MATERIALIZED_VIEW,
}
_IDENTITY = {"a": Identity.ALWAYS, "d": Identity.BY_DEFAULT}
_GENERATED = {"s": GeneratedStorage.STORED, "v": GeneratedStorage.VIRTUAL}
_COMMANDS = {
    "*": PolicyCommand.ALL,
    "r": PolicyCommand.SELECT,
    "a": PolicyCommand.INSERT,
    "w": PolicyCommand.UPDATE,
    "d": PolicyCommand.DELETE,
}


async def read_schema_model(
    connection: asyncpg.Connection, schemas: Sequence[str]
) -> tuple[SchemaModel, list[str]]:
    """The model of ``schemas`` (every non-system schema when empty), and warnings."""
    namespaces = await connection.fetch(queries.SCHEMAS, list(schemas))
    found = {str(row["nspname"]) for row in namespaces}
    missing = [name for name in schemas if name not in found]
    warnings = [f"schema {name} does not exist; nothing was read from it" for name in missing]
    namespace_oids = [row["oid"] for row in namespaces]
    builder = CatalogBuilder(found)
    builder.add_relations(await connection.fetch(queries.RELATIONS, namespace_oids))
    relation_oids = list(builder.tables)
    builder.add_columns(await connection.fetch(queries.COLUMNS, relation_oids))
    builder.add_owned_sequences(await connection.fetch(queries.OWNED_SEQUENCES, relation_oids))
    builder.add_constraints(await connection.fetch(queries.CONSTRAINTS, relation_oids))
    builder.add_indexes(await connection.fetch(queries.INDEXES, relation_oids))
    builder.add_policies(await connection.fetch(queries.POLICIES, relation_oids))
    builder.add_enums(await connection.fetch(queries.ENUMS, namespace_oids))
    builder.add_domains(await connection.fetch(queries.DOMAINS, namespace_oids))
    builder.add_extensions(await connection.fetch(queries.EXTENSIONS, namespace_oids))
    model = build_model(builder.catalog)
    return model, [*warnings, *builder.catalog.warnings]


class CatalogBuilder:
    """Fills a DDL reader ``Catalog`` from catalog rows; relations are keyed by oid."""

    def __init__(self, schemas: Iterable[str]) -> None:
        # public exists in every database, created or not; like a script that never says
        # CREATE SCHEMA public, it shows in the model only when something lives in it.
        self.catalog = Catalog(schemas={schema for schema in schemas if schema != DEFAULT_SCHEMA})
        self.tables: dict[int, Table] = {}

    # -- relations and their columns ----------------------------------------------------------

    def add_relations(self, rows: Iterable[Row]) -> None:
        for row in rows:
            table = Table(
                key=table_key(row["schema"], row["name"]),
                schema=row["schema"],
                name=row["name"],
                kind=_KINDS[row["kind"]],
                comment=row["comment"],
                rls_enabled=row["rls_enabled"],
                rls_forced=row["rls_forced"],
            )
            parents = [table_key(schema, name) for schema, name in row["parents"]]
            if row["is_partition"]:
                table.partition_of = parents[0]
                table.partition_bound = self._partition_bound(row["partition_bound"])
            else:
                table.inherits = parents
            if row["partition_key"]:
                table.partition_key = self._partition_key(row["partition_key"])
            if row["definition"]:
                table.definition = self._view_query(row["definition"])
            self.tables[row["oid"]] = table
            self.catalog.tables[table.key] = table

    def add_columns(self, rows: Iterable[Row]) -> None:
        for row in rows:
            table = self.tables[row["relation"]]
            table.columns.append(self._column(row, is_view=table.kind.is_view))

    def _column(self, row: Row, *, is_view: bool) -> Column:
        data_type = str(row["data_type"])
        column = Column(
            name=row["name"],
            data_type=data_type,
            # A database keeps no written spelling: the type is the one format_type prints.
            # A view's columns are derived, never declared, as in the DDL reader.
            original_type=None if is_view else data_type,
            nullable=not row["not_null"],
            identity=_IDENTITY.get(row["identity"]),
            comment=row["comment"],
        )
        expression = row["expression"]
        if row["generated"] in _GENERATED:
            column.generated = self.expression(expression)
            column.generated_storage = _GENERATED[row["generated"]]
        elif expression is not None:
            column.default = self._default(expression, data_type)
        if row["collation"] and not is_view:
            # As a COLLATE clause names it; a view column's collation is derived, not declared.
            schema = row["collation_schema"]
            column.collation = quote_qualified(None if schema == "pg_catalog" else schema, row["collation"])
        return column

    def add_owned_sequences(self, rows: Iterable[Row]) -> None:
        """A default of nextval() on a sequence the column owns is what marks it serial."""
        for row in rows:
            key = table_key(row["schema"], row["name"])
            owner = self.tables[row["relation"]].key
            self.catalog.sequences[key] = OwnedSequence(key=key, owned_by=(owner, row["column_name"]))

    # -- constraints, indexes, policies -------------------------------------------------------

    def add_constraints(self, rows: Iterable[Row]) -> None:
        for row in rows:
            table = self.tables[row["relation"]]
            text = (
                f"ALTER TABLE {quote_qualified(table.schema, table.name)} "
                f"ADD CONSTRAINT {quote_ident(row['name'])} {row['definition']}"
            )
            statement = self._parse(text, ast.AlterTableStmt)
            command = statement.cmds[0] if statement is not None and statement.cmds else None
            if command is not None and isinstance(command.def_, ast.Constraint):
                add_constraint(table, command.def_, self._context(text))

    def add_indexes(self, rows: Iterable[Row]) -> None:
        for row in rows:
            statement = self._parse(row["definition"], ast.IndexStmt)
            if statement is not None:
                create_index(statement, self._context(row["definition"]))

    def add_policies(self, rows: Iterable[Row]) -> None:
        for row in rows:
            table = self.tables[row["relation"]]
            using, check = row["using_expression"], row["check_expression"]
            table.policies.append(
                Policy(
                    name=row["name"],
                    table=table.key,
                    command=_COMMANDS[row["command"]],
                    permissive=row["permissive"],
                    roles=list(row["roles"]),
                    using=self.expression(using) if using is not None else None,
                    with_check=self.expression(check) if check is not None else None,
                )
            )

    # -- types and extensions -------------------------------------------------------------------

    def add_enums(self, rows: Iterable[Row]) -> None:
        for row in rows:
            key = table_key(row["schema"], row["name"])
            values = list(row["labels"])
            enum = Enum(
                key=key, schema=row["schema"], name=row["name"], values=values, comment=row["comment"]
            )
            self.catalog.enums[key] = enum

    def add_domains(self, rows: Iterable[Row]) -> None:
        for row in rows:
            key = table_key(row["schema"], row["name"])
            base_type = str(row["base_type"])
            default, checks = row["default_expression"], row["checks"]
            domain = Domain(
                key=key,
                schema=row["schema"],
                name=row["name"],
                base_type=base_type,
                not_null=row["not_null"],
                default=self._default(default, base_type) if default is not None else None,
                checks=[
                    CheckConstraint(name=name, expression=self.expression(check)) for name, check in checks
                ],
                comment=row["comment"],
            )
            if row["collation"]:
                # The DDL reader keeps a domain's COLLATE as its bare name parts.
                schema, name = row["collation_schema"], row["collation"]
                domain.collation = name if schema == "pg_catalog" else f"{schema}.{name}"
            self.catalog.domains[key] = domain

    def add_extensions(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.catalog.extensions[row["name"]] = row["schema"]

    # -- printing what PostgreSQL printed the way the DDL reader prints it ---------------------

    def expression(self, text: str) -> str:
        node = self._expression_node(text)
        return self.catalog.deparse(node) if node is not None else text

    def _default(self, text: str, data_type: str) -> str | None:
        node = self._expression_node(text)
        if node is None:
            return text
        return self.catalog.default_text(node, data_type)

    def _view_query(self, text: str) -> str:
        statement = self._parse(text, ast.SelectStmt)
        return self.catalog.deparse(statement) if statement is not None else text.strip().rstrip(";")

    def _partition_key(self, text: str) -> str:
        statement = self._parse(f"CREATE TABLE partitioned () PARTITION BY {text}", ast.CreateStmt)
        if statement is None or statement.partspec is None:
            return text
        return partition_key(statement.partspec, self._context(text))

    def _partition_bound(self, text: str) -> str:
        statement = self._parse(f"CREATE TABLE part PARTITION OF parent {text}", ast.CreateStmt)
        if statement is None or statement.partbound is None:
            return text
        return partition_bound(statement.partbound, self._context(text))

    def _expression_node(self, text: str) -> ast.Node | None:
        statement = self._parse(f"SELECT {text}", ast.SelectStmt)
        targets = statement.targetList if statement is not None else None
        return targets[0].val if targets else None

    def _parse(self, text: str, kind: type[NodeT]) -> NodeT | None:
        """The one statement of ``text``; None, with a warning, when pglast cannot read what
        the server printed (a server newer than pglast's grammar)."""
        try:
            statement = parse_sql(text)[0].stmt
        except ParseError:
            statement = None
        if not isinstance(statement, kind):
            self.catalog.warnings.append(
                f"could not parse {text[:200]!r} as the server printed it; it is kept as printed "
                "where the model holds text, and left out otherwise"
            )
            return None
        return statement

    def _context(self, text: str) -> Context:
        statement = Statement(kind=StatementKind.SQL, text=text, offset=0, line=1, column=1)
        return Context(catalog=self.catalog, statement=statement)
