"""A Mermaid ``erDiagram`` into the canonical model.

Entities are tables without a schema, keyed by their name (the alias when ``p[Person]``
gives one). Attributes are columns in written order: the type lowercased as ``data_type``
and as written in ``original_type``, the quoted comment as comment. ``PK`` attributes form
the primary key (composite when several) and are NOT NULL; each ``UK`` attribute is unique
on its own. Relationships become foreign keys by the rule in ``relationships``; unnamed keys
get PostgreSQL's names (see ``app.ingest.constraint_names``).
"""

from __future__ import annotations

from collections import Counter

from app.ingest.constraint_names import UNNAMED, name_unnamed
from app.ingest.mermaid.entities import Diagram, Entity, gather
from app.ingest.mermaid.relationships import add_foreign_keys
from app.ingest.mermaid.syntax import Key, SkippedStatement, parse_statements
from app.ingest.model import Column, PrimaryKey, Table, UniqueConstraint
from app.ingest.postgres.catalog import Catalog
from app.ingest.postgres.finalize import build_model
from app.ingest.result import ParseResult
from app.models.enums import SqlDialect


def parse_mermaid(source: str, *, dialect: SqlDialect | None = None) -> ParseResult:
    """Raises ParseError, with line and column, when the text is not an erDiagram."""
    statements = parse_statements(source.removeprefix("\ufeff"))
    diagram = gather(statements)
    catalog = Catalog(warnings=list(diagram.warnings))
    _add_tables(diagram, catalog)
    add_foreign_keys(diagram, catalog)
    name_unnamed(catalog)
    model = build_model(catalog)
    model.dialect = dialect or SqlDialect.POSTGRES
    skipped = Counter(statement.kind for statement in statements if isinstance(statement, SkippedStatement))
    return ParseResult(
        model=model,
        warnings=list(catalog.warnings),
        skipped=dict(sorted(skipped.items())),
        statements=len(statements),
    )


def _add_tables(diagram: Diagram, catalog: Catalog) -> None:
    """One table per name. Aliases can give two ids one name (``a[Person]``, ``b[Person]``):
    the first with a block makes the table, and relationships of either id see it."""
    kept: dict[str, Entity] = {}
    for entity in diagram.entities.values():
        first = kept.setdefault(entity.name, entity)
        if first is entity or entity.defined_at is None:
            continue
        if first.defined_at is None:
            kept[entity.name] = entity
        else:
            catalog.warnings.append(
                f"line {entity.defined_at}: {entity.name} is defined again; "
                f"the first definition (line {first.defined_at}) is kept"
            )
    diagram.entities = {entity_id: kept[entity.name] for entity_id, entity in diagram.entities.items()}
    for name, entity in kept.items():
        catalog.tables[name] = _table(entity)


def _table(entity: Entity) -> Table:
    table = Table(key=entity.name, schema=None, name=entity.name)
    table.columns = [
        Column(
            name=attribute.name,
            data_type=attribute.type.lower(),
            original_type=attribute.type,
            nullable=Key.PK not in attribute.keys,
            comment=attribute.comment,
        )
        for attribute in entity.attributes
    ]
    key = [attribute.name for attribute in entity.attributes_with(Key.PK)]
    table.primary_key = PrimaryKey(name=UNNAMED, columns=key) if key else None
    table.unique_constraints = [
        UniqueConstraint(name=UNNAMED, columns=[attribute.name])
        for attribute in entity.attributes_with(Key.UK)
    ]
    return table
