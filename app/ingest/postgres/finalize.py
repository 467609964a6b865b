"""From the catalog read statement by statement to the canonical model: references resolved
once everything is defined, derived column flags set, unordered lists sorted."""

from __future__ import annotations

from app.ingest.model import SchemaModel, Table, dangling_reference_warnings
from app.ingest.postgres.catalog import Catalog
from app.models.enums import SqlDialect


def build_model(catalog: Catalog) -> SchemaModel:
    owned_defaults = _owned_sequence_defaults(catalog)
    for table in catalog.tables.values():
        _complete_references(table, catalog)
        table.mark_key_columns()
        _mark_serial_columns(table, owned_defaults.get(table.key, {}))
        _sort(table)
    catalog.warnings.extend(dangling_reference_warnings(catalog.tables))
    schemas = {*catalog.schemas, *(t.schema for t in catalog.tables.values())}
    schemas |= {enum.schema for enum in catalog.enums.values()}
    schemas |= {domain.schema for domain in catalog.domains.values()}
    return SchemaModel(
        dialect=SqlDialect.POSTGRES,
        schemas=sorted(schema for schema in schemas if schema),
        tables=sorted(catalog.tables.values(), key=lambda table: table.key),
        enums=sorted(catalog.enums.values(), key=lambda enum: enum.key),
        domains=sorted(catalog.domains.values(), key=lambda domain: domain.key),
        extensions=sorted(catalog.extensions),
        external_policies=sorted(catalog.external_policies, key=lambda policy: (policy.table, policy.name)),
    )


def _complete_references(table: Table, catalog: Catalog) -> None:
    """``REFERENCES t`` without columns means t's primary key, known once t is defined."""
    for foreign_key in table.foreign_keys:
        target = catalog.tables.get(foreign_key.referenced_table)
        if not foreign_key.referenced_columns and target is not None and target.primary_key is not None:
            foreign_key.referenced_columns = list(target.primary_key.columns)


def _owned_sequence_defaults(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Table key → {the nextval() default of a sequence it owns → the owning column}."""
    by_table: dict[str, dict[str, str]] = {}
    for sequence in catalog.sequences.values():
        if sequence.owned_by:
            table_key, column = sequence.owned_by
            by_table.setdefault(table_key, {})[catalog.nextval(sequence.key)] = column
    return by_table


def _mark_serial_columns(table: Table, owned_defaults: dict[str, str]) -> None:
    for column in table.columns:
        # pg_dump writes a serial column as integer + nextval() + ALTER SEQUENCE ... OWNED BY.
        column.serial = column.serial or owned_defaults.get(column.default or "") == column.name


def _sort(table: Table) -> None:
    table.unique_constraints.sort(key=lambda constraint: constraint.name)
    table.check_constraints.sort(key=lambda constraint: constraint.name)
    table.exclusion_constraints.sort(key=lambda constraint: constraint.name)
    table.foreign_keys.sort(key=lambda constraint: constraint.name)
    table.indexes.sort(key=lambda index: index.name)
    table.policies.sort(key=lambda policy: policy.name)
