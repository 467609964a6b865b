"""From the catalog read statement by statement to the canonical model: references resolved
once everything is defined, derived column flags set, MySQL's ENUM and SET columns listed as
enums, unordered lists sorted."""

from __future__ import annotations

from sqlglot import exp

from app.ingest.dialects.catalog import Catalog
from app.ingest.model import Enum, SchemaModel, Table, dangling_reference_warnings
from app.models.enums import SqlDialect


def build_model(catalog: Catalog) -> SchemaModel:
    for table in catalog.tables.values():
        _complete_references(table, catalog)
        table.mark_key_columns()
        _sort(table)
    catalog.warnings.extend(dangling_reference_warnings(catalog.tables))
    schemas = catalog.schemas | {table.schema for table in catalog.tables.values() if table.schema}
    return SchemaModel(
        dialect=catalog.dialect,
        schemas=sorted(schemas),
        tables=sorted(catalog.tables.values(), key=lambda table: table.key),
        enums=sorted(_column_enums(catalog), key=lambda enum: enum.key),
    )


def _complete_references(table: Table, catalog: Catalog) -> None:
    """A reference names its table by the key the table is defined with, and ``REFERENCES t``
    without columns means t's primary key: both known once t is defined."""
    for foreign_key in table.foreign_keys:
        target = catalog.find(foreign_key.referenced_table)
        if target is None:
            continue
        foreign_key.referenced_table = target.key
        if not foreign_key.referenced_columns and target.primary_key is not None:
            foreign_key.referenced_columns = list(target.primary_key.columns)


def _sort(table: Table) -> None:
    table.unique_constraints.sort(key=lambda constraint: constraint.name)
    table.check_constraints.sort(key=lambda constraint: constraint.name)
    table.foreign_keys.sort(key=lambda constraint: constraint.name)
    table.indexes.sort(key=lambda index: index.name)


def _column_enums(catalog: Catalog) -> list[Enum]:
    """MySQL's ENUM and SET columns, keyed ``table.column`` as ``information_schema`` reports
    them: their labels are a type of their own, declared on the column. A SET holds any
    subset of its labels, but the labels are listed the same way."""
    if catalog.dialect != SqlDialect.MYSQL:
        return []
    found = []
    for table in catalog.tables.values():
        if table.kind.is_view:
            continue
        for column in table.columns:
            if column.data_type and column.data_type.startswith(("enum(", "set(")):
                data_type = exp.DataType.build(column.data_type, dialect="mysql")
                labels = [label.name for label in data_type.expressions]
                found.append(
                    Enum(
                        key=f"{table.key}.{column.name}",
                        schema=table.schema,
                        name=f"{table.name}.{column.name}",
                        values=labels,
                    )
                )
    return found
