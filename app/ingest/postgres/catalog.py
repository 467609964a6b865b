"""The schema as read so far, and the name resolution PostgreSQL would do against it:
which schema an unqualified name lands in, which table or type it refers to, and which names
are taken when PostgreSQL has to make one up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pglast import ast

from app.ingest.model import Domain, Enum, Policy, Table
from app.ingest.postgres import expressions
from app.ingest.postgres.names import (
    DEFAULT_SCHEMA,
    choose_name,
    name_addition,
    quote_qualified,
    table_key,
    unique_column_names,
)
from app.ingest.postgres.statements import Statement
from app.ingest.postgres.types import format_type

# Types that extensions install into the schema they are created in.
EXTENSION_TYPES = {
    "vector": ("vector", "halfvec", "sparsevec"),
    "postgis": ("geometry", "geography", "box2d", "box3d"),
    "citext": ("citext",),
    "hstore": ("hstore",),
    "ltree": ("ltree", "lquery", "ltxtquery"),
    "cube": ("cube",),
    "seg": ("seg",),
    "isn": ("ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"),
}
# Entries of search_path that never receive objects created by a script.
_NOT_CREATION_SCHEMAS = frozenset({"$user", "pg_catalog", "pg_temp", "information_schema"})


@dataclass
class Sequence:
    key: str
    # (table key, column name) after OWNED BY or for a serial or identity column.
    owned_by: tuple[str, str] | None = None


@dataclass
class Catalog:
    tables: dict[str, Table] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    # Composite, range and base types: only needed to qualify their names in column types.
    other_types: set[str] = field(default_factory=set)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    schemas: set[str] = field(default_factory=set)
    # Extension name -> the schema its objects went to.
    extensions: dict[str, str] = field(default_factory=dict)
    search_path: list[str] = field(default_factory=lambda: [DEFAULT_SCHEMA])
    external_policies: list[Policy] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where each table was defined, to point at the first of two definitions.
    definition_lines: dict[str, int] = field(default_factory=dict)
    # Indexes, tables, views and sequences share one namespace per schema; constraints another.
    relation_names: set[tuple[str | None, str]] = field(default_factory=set)
    constraint_names: set[tuple[str | None, str]] = field(default_factory=set)

    # -- where names land and what they refer to ------------------------------------------

    def creation_schema(self) -> str:
        return next((s for s in self.search_path if s and s not in _NOT_CREATION_SCHEMAS), DEFAULT_SCHEMA)

    def _candidates(self, schema: str | None, name: str) -> Iterator[str]:
        if schema:
            yield table_key(schema, name)
            return
        for entry in self.search_path:
            if entry not in ("$user", ""):
                yield table_key(entry, name)

    def resolve_table(self, relation: ast.RangeVar) -> str:
        return self.resolve_table_name(relation.schemaname, str(relation.relname))

    def resolve_table_name(self, schema: str | None, name: str) -> str:
        """The key of an existing table the name reaches through the search path, else the key
        it would have if created now (a reference to a table defined later or elsewhere)."""
        found = next((key for key in self._candidates(schema, name) if key in self.tables), None)
        return found or table_key(schema or self.creation_schema(), name)

    def resolve_type_schema(self, name: str) -> str:
        known = {*self.enums, *self.domains, *self.other_types}
        found = next((key for key in self._candidates(None, name) if key in known), None)
        if found:
            return found.rsplit(".", 1)[0]
        for extension, types in EXTENSION_TYPES.items():
            if name in types and extension in self.extensions:
                return self.extensions[extension]
        return self.creation_schema()

    def resolve_type_key(self, names: list[str]) -> str:
        schema = names[-2] if len(names) > 1 else self.resolve_type_schema(names[-1])
        return table_key(schema, names[-1])

    def resolve_sequence(self, parts: list[str]) -> str:
        schema, name = (parts[-2] if len(parts) > 1 else None), parts[-1]
        found = next((key for key in self._candidates(schema, name) if key in self.sequences), None)
        return found or table_key(schema or self.creation_schema(), name)

    def descendants(self, key: str) -> list[Table]:
        """Partitions and inheriting tables of a table, and theirs, nearest first. A cycle
        (which PostgreSQL would have refused) ends the walk rather than the process."""
        found: dict[str, Table] = {}
        parents = [key]
        while parents:
            parent = parents.pop(0)
            for table in self.tables.values():
                is_child = table.partition_of == parent or parent in table.inherits
                if is_child and table.key != key and table.key not in found:
                    found[table.key] = table
                    parents.append(table.key)
        return list(found.values())

    # -- printing types and expressions -----------------------------------------------------

    def format_type(self, type_name: ast.TypeName, *, with_typmod: bool = True) -> str:
        return format_type(type_name, self.resolve_type_schema, with_typmod=with_typmod)

    def deparse(self, node: ast.Node | None) -> str:
        assert node is not None, "the grammar puts an expression here"
        return expressions.deparse(node, self.format_type)

    def key_text(self, node: ast.Node | None) -> str:
        assert node is not None, "the grammar puts an expression here"
        return expressions.key_text(node, self.format_type)

    def default_text(self, expression: ast.Node, data_type: str | None) -> str | None:
        """A column default the way pg_get_expr prints it; None for DEFAULT NULL, which
        PostgreSQL does not store."""
        if expressions.is_null(expression):
            return None
        if (sequence := expressions.nextval_sequence(expression)) is not None:
            return self.nextval(self.resolve_sequence(sequence))
        if isinstance(expression, ast.A_Const) and data_type:
            return expressions.literal_default(expression, type_label(data_type))
        return self.deparse(expression)

    @staticmethod
    def nextval(sequence_key: str) -> str:
        schema, _, name = sequence_key.rpartition(".")
        return f"nextval({expressions.quote_literal(quote_qualified(schema or None, name))}::regclass)"

    # -- names PostgreSQL makes up -------------------------------------------------------------

    def choose_index_name(self, table: Table, columns: list[str], label: str, *, constraint: bool) -> str:
        """ChooseIndexName: ``t_pkey``, ``t_a_b_key``, ``t_a_excl`` or ``t_a_idx``."""
        addition = name_addition(unique_column_names(columns)) if label != "pkey" and columns else None
        name = choose_name(
            table.name,
            addition,
            label,
            lambda candidate: (
                (table.schema, candidate) in self.relation_names
                or (constraint and (table.schema, candidate) in self.constraint_names)
            ),
        )
        self.relation_names.add((table.schema, name))
        if constraint:
            self.constraint_names.add((table.schema, name))
        return name

    def choose_constraint_name(self, table: Table, addition: str | None, label: str) -> str:
        """ChooseConstraintName: ``t_a_fkey``, ``t_a_check``, ``t_check``."""
        name = choose_name(table.name, addition, label, lambda c: (table.schema, c) in self.constraint_names)
        self.constraint_names.add((table.schema, name))
        return name

    def choose_sequence_name(self, table: Table, column: str) -> str:
        name = choose_name(table.name, column, "seq", lambda c: (table.schema, c) in self.relation_names)
        self.relation_names.add((table.schema, name))
        return table_key(table.schema, name)


@dataclass
class Context:
    """What a statement handler works with: the catalog, and the statement for warnings."""

    catalog: Catalog
    statement: Statement

    def warn(self, message: str) -> None:
        warning = f"line {self.statement.line}: {message}"
        if warning not in self.catalog.warnings:
            self.catalog.warnings.append(warning)


def type_label(data_type: str) -> str:
    """The type without its modifiers, as a literal's cast shows it: ``character
    varying(20)`` -> ``character varying``; a length-less ``character`` is ``bpchar``."""
    label, depth, quoted = [], 0, False
    for char in data_type:
        quoted = not quoted if char == '"' else quoted
        if not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif depth == 0:
            label.append(char)
    text = " ".join("".join(label).split())
    return "bpchar" if text == "character" else text
