"""CREATE TABLE, in the form that reads back to the model's table.

A partition is written ``PARTITION OF`` its parent and an inheriting table with
``INHERITS``, when the reader's copy of the parent's columns gives the model's columns; else
(columns in another order, a type of their own) the table is written whole and attached
after. The constraints of a table that has partitions or children are added after all
tables, with ALTER TABLE ONLY: the reader, like PostgreSQL, copies a parent's keys and checks
onto a partition or child created after them, and the model lists each table's own.
"""

from __future__ import annotations

from app.ingest.export.postgres_columns import (
    FRESH,
    alter_column_fixes,
    definition,
    inherited,
    merged,
    options,
    same_type,
    select_item,
    serial_default_fix,
)
from app.ingest.export.postgres_context import (
    Export,
    column_list,
    comment_on,
    indented,
    name_of,
    with_search_path,
)
from app.ingest.model import (
    CheckConstraint,
    Column,
    ExclusionConstraint,
    ForeignKey,
    MatchType,
    ReferentialAction,
    Table,
    TableKind,
    UniqueConstraint,
)
from app.ingest.postgres.names import quote_ident, quote_qualified

# The model does not keep a foreign table's server; this name stands in for it.
FOREIGN_SERVER = "foreign_server"


def create_table(table: Table, export: Export) -> list[str]:
    """CREATE TABLE and what has to follow it at once: attaching it to its parent when it is
    written whole, defaults a serial type does not give, comments."""
    if _is_created_as_select(table):
        statements = _create_table_as(table)
    else:
        statements = with_search_path(
            export.readback.type_search_path(table),
            "-- Column types as the source wrote them, found where the source found them.",
            _create_table(table, export),
        )
    statements += [fix for column in table.columns for fix in serial_default_fix(table, column)]
    kind = "FOREIGN TABLE" if table.kind == TableKind.FOREIGN_TABLE else "TABLE"
    statements += comment_on(kind, name_of(table), table.comment)
    for column in table.columns:
        statements += comment_on("COLUMN", f"{name_of(table)}.{quote_ident(column.name)}", column.comment)
    return statements


def deferred_constraints(table: Table, export: Export) -> list[str]:
    """The constraints of a table not written inside its CREATE TABLE. Checks first and
    without ONLY, which PostgreSQL requires for a table with children; then keys with ONLY,
    so the reader does not copy them onto partitions that list their own."""
    if not _constraints_deferred(table, export):
        return []
    name = name_of(table)
    checks = [f"ALTER TABLE {name} ADD {_check(check)};" for check in table.check_constraints]
    return checks + [f"ALTER TABLE ONLY {name} ADD {clause};" for clause in _key_clauses(table)]


def attached_indexes(table: Table, export: Export) -> list[str]:
    """A partition's key indexes attached to its parent's, so that PostgreSQL marks the
    parent's keys valid (the reader has no use for these statements)."""
    parent = export.tables.get(table.partition_of or "")
    if parent is None:
        return []
    pairs = []
    if table.primary_key and parent.primary_key and table.primary_key.columns == parent.primary_key.columns:
        pairs.append((parent.primary_key.name, table.primary_key.name))
    for unique in table.unique_constraints:
        parent_unique = next((u for u in parent.unique_constraints if u.columns == unique.columns), None)
        if parent_unique is not None:
            pairs.append((parent_unique.name, unique.name))
    return [
        f"ALTER INDEX {quote_qualified(parent.schema, parent_index)} "
        f"ATTACH PARTITION {quote_qualified(table.schema, index)};"
        for parent_index, index in pairs
    ]


def foreign_keys(table: Table, export: Export) -> list[str]:
    # Without ONLY: PostgreSQL refuses ONLY for a foreign key on a partitioned table.
    return [f"ALTER TABLE {name_of(table)} ADD {_foreign_key(key, export)};" for key in table.foreign_keys]


# -- the forms of CREATE TABLE ---------------------------------------------------------------


def _create_table(table: Table, export: Export) -> list[str]:
    parents = export.parents(table)
    constraints = [] if _constraints_deferred(table, export) else _constraint_clauses(table)
    head = f"CREATE {'FOREIGN ' if table.kind == TableKind.FOREIGN_TABLE else ''}TABLE {name_of(table)}"
    after: list[str] = []
    if table.partition_of and parents and _fits_partition_of(table, parents[0]):
        elements = [
            written
            for column, parent_column in zip(table.columns, parents[0].columns, strict=True)
            if (written := options(column, inherited(parent_column)))
        ]
        elements += constraints
        text = f"{head} PARTITION OF {name_of(parents[0])}{_elements(elements, empty='')}"
        text += ("\n" if elements else " ") + f"{table.partition_bound}"
    elif table.inherits and _fits_inherits(table, parents):
        elements, after = _inheriting_columns(table, parents)
        text = f"{head}{_elements(elements + constraints)}"
        text += f"\nINHERITS ({', '.join(export.relation(key) for key in table.inherits)})"
    else:
        text = f"{head}{_elements([definition(column) for column in table.columns] + constraints)}"
        after = _attach(table, export)
    if table.partition_key:
        text += f"\nPARTITION BY {table.partition_key}"
    if table.kind == TableKind.FOREIGN_TABLE:
        text += f"\nSERVER {FOREIGN_SERVER}"
    return [f"{text};", *after]


def _elements(elements: list[str], empty: str = " ()") -> str:
    return f" (\n{indented(elements)}\n)" if elements else empty


def _fits_partition_of(table: Table, parent: Table) -> bool:
    """PARTITION OF takes the parent's columns; options may change NOT NULL and defaults."""
    return len(table.columns) == len(parent.columns) and all(
        column.name == parent_column.name and same_type(column, parent_column) and not column.serial
        for column, parent_column in zip(table.columns, parent.columns, strict=True)
    )


def _inherited_columns(parents: list[Table]) -> dict[str, Column]:
    """The columns INHERITS gives a table, in order: each parent's, a name only once."""
    columns: dict[str, Column] = {}
    for parent in parents:
        for column in parent.columns:
            columns.setdefault(column.name, column)
    return columns


def _fits_inherits(table: Table, parents: list[Table]) -> bool:
    names = list(_inherited_columns(parents))
    return [column.name for column in table.columns[: len(names)]] == names


def _inheriting_columns(table: Table, parents: list[Table]) -> tuple[list[str], list[str]]:
    """The child's own columns and the inherited ones it defines with another type; an
    inherited column of the same type is left to INHERITS, and a NOT NULL or default of its
    own set after (a definition would have to repeat the type, and ``serial`` again would
    make the column serial, not merely copy the parent's)."""
    parent_columns = _inherited_columns(parents)
    written: list[str] = []
    fixes: list[str] = []
    for column in table.columns:
        parent_column = parent_columns.get(column.name)
        if parent_column is None:
            written.append(definition(column))
        elif same_type(column, parent_column):
            fixes += alter_column_fixes(table, column, inherited(parent_column))
        else:
            written.append(definition(column, merged(parent_column)))
    return written, fixes


def _attach(table: Table, export: Export) -> list[str]:
    """A partition or child written whole becomes one with ALTER TABLE."""
    name = name_of(table)
    if table.partition_of:
        parent = export.relation(table.partition_of)
        return [f"ALTER TABLE ONLY {parent} ATTACH PARTITION {name} {table.partition_bound};"]
    return [f"ALTER TABLE {name} INHERIT {export.relation(key)};" for key in table.inherits]


def _is_created_as_select(table: Table) -> bool:
    """CREATE TABLE AS gives columns with a type but without a written one; nothing else
    does, so only that statement reads back to them."""
    plain = table.kind == TableKind.TABLE and not (
        table.partition_of or table.inherits or table.partition_key
    )
    return plain and any(column.original_type is None for column in table.columns)


def _create_table_as(table: Table) -> list[str]:
    """Columns without a written type from CREATE TABLE AS, those with one added after; a
    table whose added columns came first cannot be read back in that order."""
    name = name_of(table)
    selected = [column for column in table.columns if column.original_type is None]
    statements = [f"CREATE TABLE {name} AS\nSELECT\n{indented(map(select_item, selected))}\nWITH NO DATA;"]
    statements += [fix for column in selected for fix in alter_column_fixes(table, column, FRESH)]
    statements += [
        f"ALTER TABLE ONLY {name} ADD COLUMN {definition(column)};"
        for column in table.columns
        if column.original_type is not None
    ]
    return statements


def _constraints_deferred(table: Table, export: Export) -> bool:
    return table.key in export.parent_keys or _is_created_as_select(table)


# -- constraints ----------------------------------------------------------------------------------


def _constraint_clauses(table: Table) -> list[str]:
    return _key_clauses(table) + [_check(check) for check in table.check_constraints]


def _key_clauses(table: Table) -> list[str]:
    clauses = []
    if table.primary_key is not None:
        key = table.primary_key
        clauses.append(f"CONSTRAINT {quote_ident(key.name)} PRIMARY KEY {column_list(key.columns)}")
    clauses += [_unique(unique) for unique in table.unique_constraints]
    clauses += [_exclusion(table, exclusion) for exclusion in table.exclusion_constraints]
    return clauses


def _unique(unique: UniqueConstraint) -> str:
    nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
    text = f"CONSTRAINT {quote_ident(unique.name)} UNIQUE{nulls} {column_list(unique.columns)}"
    return text + _deferral(unique.deferrable, unique.initially_deferred)


def _check(check: CheckConstraint) -> str:
    return f"CONSTRAINT {quote_ident(check.name)} CHECK ({check.expression})"


def _exclusion(table: Table, exclusion: ExclusionConstraint) -> str:
    elements = ", ".join(
        f"{key_text(table, element.expression)} WITH {_operator(element.operator)}"
        for element in exclusion.elements
    )
    text = f"CONSTRAINT {quote_ident(exclusion.name)} EXCLUDE USING {exclusion.method} ({elements})"
    return text + (f" WHERE ({exclusion.predicate})" if exclusion.predicate else "")


def key_text(table: Table, key: str) -> str:
    """An index or exclusion key: the model holds a column by its bare name and an
    expression as text that already reads as a key (``lower(email)``, ``(a + b)``)."""
    return quote_ident(key) if table.column(key) is not None else key


def _operator(operator: str) -> str:
    """``&&``, or ``OPERATOR(pg_catalog.&&)`` for one the model holds schema-qualified."""
    schema, dot, symbol = operator.rpartition(".")
    return f"OPERATOR({quote_ident(schema)}.{symbol})" if dot and schema else operator


def _foreign_key(key: ForeignKey, export: Export) -> str:
    text = f"CONSTRAINT {quote_ident(key.name)} FOREIGN KEY {column_list(key.columns)}"
    text += f" REFERENCES {export.relation(key.referenced_table)}"
    # No column list means the referenced table's primary key, as the reader completes it.
    text += f" {column_list(key.referenced_columns)}" if key.referenced_columns else ""
    text += f" MATCH {key.match.value.upper()}" if key.match != MatchType.SIMPLE else ""
    if key.on_update != ReferentialAction.NO_ACTION:
        text += f" ON UPDATE {key.on_update.value.upper()}"
    if key.on_delete != ReferentialAction.NO_ACTION:
        text += f" ON DELETE {key.on_delete.value.upper()}"
    return text + _deferral(key.deferrable, key.initially_deferred)


def _deferral(deferrable: bool, initially_deferred: bool) -> str:
    return (" DEFERRABLE" if deferrable else "") + (" INITIALLY DEFERRED" if initially_deferred else "")
