"""DBML references (``Ref: a.x > b.y``, ``Ref { ... }``, inline ``[ref: > b.y]``, composite
``a.(x, y) > b.(x, y)``) as foreign keys.

A foreign key lives on the many side: ``>`` (many-to-one) puts it on the left endpoint, ``<``
(one-to-many) on the right. ``-`` (one-to-one) has no many side: like DBML's own SQL export
and pydbml's, we put it on the left endpoint, so write the referencing column first.
``<>`` (many-to-many) cannot be one foreign key: it becomes the junction table DBML's SQL
export creates (``a_b``, with columns ``a_x`` and ``b_y`` forming its primary key and
referencing each side), with a warning saying so.

A reference to a table the source does not define is kept, as the PostgreSQL reader keeps
``REFERENCES`` to such tables, and the model warns about it; one *from* such a table has
nowhere to live and is skipped with a warning. A column its (defined) table does not have is
an error, as it is in dbdiagram.io.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.ingest.constraint_names import UNNAMED
from app.ingest.dbml.source import Definitions, Position
from app.ingest.model import Column, ForeignKey, PrimaryKey, ReferentialAction, Table
from app.ingest.postgres.catalog import Catalog
from app.ingest.postgres.names import unique_column_names


@dataclass(frozen=True)
class _Endpoint:
    key: str
    # None when the source does not define the table.
    table: Table | None
    columns: list[str]

    def __str__(self) -> str:
        columns = self.columns[0] if len(self.columns) == 1 else f"({', '.join(self.columns)})"
        return f"{self.key}.{columns}"


def add_references(definitions: Definitions, catalog: Catalog) -> None:
    for blueprint in definitions.references:
        position = definitions.position(blueprint)
        left = _endpoint(blueprint.schema1, blueprint.table1, blueprint.col1, definitions, catalog, position)
        right = _endpoint(blueprint.schema2, blueprint.table2, blueprint.col2, definitions, catalog, position)
        if len(left.columns) != len(right.columns):
            raise position.error(f"{left} {blueprint.type} {right}: both sides need as many columns")
        if blueprint.type == "<>":
            _add_junction_table(left, right, catalog, position)
            continue
        child, parent = (right, left) if blueprint.type == "<" else (left, right)
        _add_foreign_key(child, parent, blueprint, catalog, position)


def _endpoint(
    schema: str, name: str, columns: str, definitions: Definitions, catalog: Catalog, position: Position
) -> _Endpoint:
    # pydbml's own lookup: an alias first, then schema.name. Composite columns come as "(a, b)".
    found = definitions.database.table_dict.get(name) or definitions.database.table_dict.get(
        f"{schema}.{name}"
    )
    key = found.full_name if found is not None else f"{schema}.{name}"
    endpoint = _Endpoint(key, catalog.tables.get(key), [part.strip("() ") for part in columns.split(",")])
    if endpoint.table is not None:
        for column in endpoint.columns:
            if endpoint.table.column(column) is None:
                raise position.error(f"reference to {endpoint}: {key} has no column {column}")
    return endpoint


def _add_foreign_key(
    child: _Endpoint, parent: _Endpoint, blueprint: Any, catalog: Catalog, position: Position
) -> None:
    if child.table is None:
        catalog.warnings.append(
            f"line {position.line}: the reference {child} → {parent} belongs to {child.key}, "
            "which this source does not define; skipped"
        )
        return
    foreign_key = ForeignKey(
        name=blueprint.name or UNNAMED,
        columns=child.columns,
        referenced_table=parent.key,
        referenced_columns=parent.columns,
        on_delete=ReferentialAction(blueprint.on_delete or ReferentialAction.NO_ACTION),
        on_update=ReferentialAction(blueprint.on_update or ReferentialAction.NO_ACTION),
    )
    # An inline ref and a Ref block may say the same thing; dbdiagram.io rejects that, we keep one.
    if any(_same(foreign_key, known) for known in child.table.foreign_keys):
        catalog.warnings.append(
            f"line {position.line}: the reference {child} → {parent} repeats another; kept once"
        )
        return
    child.table.foreign_keys.append(foreign_key)


def _same(new: ForeignKey, known: ForeignKey) -> bool:
    same_target = (new.columns, new.referenced_table, new.referenced_columns) == (
        known.columns,
        known.referenced_table,
        known.referenced_columns,
    )
    return same_target and new.name in (UNNAMED, known.name)


def _add_junction_table(left: _Endpoint, right: _Endpoint, catalog: Catalog, position: Position) -> None:
    if left.table is None or right.table is None:
        missing = left.key if left.table is None else right.key
        catalog.warnings.append(
            f"line {position.line}: the many-to-many reference {left} <> {right} involves {missing}, "
            "which this source does not define; skipped"
        )
        return
    schema, name = left.table.schema, f"{left.table.name}_{right.table.name}"
    key = f"{schema}.{name}"
    if key in catalog.tables:
        catalog.warnings.append(
            f"line {position.line}: the many-to-many reference {left} <> {right} would create the "
            f"junction table {key}, which already exists; skipped"
        )
        return
    sides = [(left.table, column) for column in left.columns] + [
        (right.table, column) for column in right.columns
    ]
    # A table related to itself would otherwise get the same column twice.
    names = unique_column_names(f"{table.name}_{column}" for table, column in sides)
    junction = Table(key=key, schema=schema, name=name)
    junction.columns = [
        _junction_column(table, column, name) for (table, column), name in zip(sides, names, strict=True)
    ]
    junction.primary_key = PrimaryKey(name=UNNAMED, columns=names)
    split = len(left.columns)
    for endpoint, columns in ((left, names[:split]), (right, names[split:])):
        junction.foreign_keys.append(
            ForeignKey(
                name=UNNAMED,
                columns=columns,
                referenced_table=endpoint.key,
                referenced_columns=endpoint.columns,
            )
        )
    catalog.tables[key] = junction
    catalog.warnings.append(
        f"line {position.line}: the many-to-many reference {left} <> {right} is read as the junction "
        f"table {key}, as DBML's SQL export creates it"
    )


def _junction_column(table: Table, column_name: str, name: str) -> Column:
    column = table.column(column_name)
    assert column is not None, "_endpoint checked the columns"
    return Column(name=name, data_type=column.data_type, original_type=column.original_type, nullable=False)
