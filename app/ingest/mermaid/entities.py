"""The entities of a diagram, gathered from its statements: those with a ``{ }`` block, those
only named (alone on a line or in a relationship), and their aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ingest.mermaid.syntax import Attribute, EntityStatement, Key, RelationshipStatement, Statement


@dataclass
class Entity:
    # As statements refer to it: ``p`` in ``p[Person]``.
    id: str
    alias: str | None = None
    attributes: list[Attribute] = field(default_factory=list)
    # The line of its ``{ }`` block; None when it is only named.
    defined_at: int | None = None

    @property
    def name(self) -> str:
        """The table's name: what the diagram shows, the alias if there is one."""
        return self.alias or self.id

    def attributes_with(self, key: Key) -> list[Attribute]:
        return [attribute for attribute in self.attributes if key in attribute.keys]


@dataclass
class Diagram:
    entities: dict[str, Entity] = field(default_factory=dict)
    relationships: list[RelationshipStatement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def gather(statements: list[Statement]) -> Diagram:
    """A second block for an entity is ignored with a warning, as the PostgreSQL reader ignores
    a second CREATE TABLE (Mermaid itself would add its attributes to the first)."""
    diagram = Diagram()
    for statement in statements:
        if isinstance(statement, EntityStatement):
            _add_entity(statement, diagram)
        elif isinstance(statement, RelationshipStatement):
            for name in (statement.left, statement.right):
                diagram.entities.setdefault(name, Entity(id=name))
            diagram.relationships.append(statement)
    return diagram


def _add_entity(statement: EntityStatement, diagram: Diagram) -> None:
    entity = diagram.entities.setdefault(statement.name, Entity(id=statement.name))
    # As in Mermaid, the first alias given sticks.
    entity.alias = entity.alias or statement.alias
    if statement.attributes is None:
        return
    if entity.defined_at is not None:
        diagram.warnings.append(
            f"line {statement.line}: {entity.name} is defined again; "
            f"the first definition (line {entity.defined_at}) is kept"
        )
        return
    entity.defined_at = statement.line
    seen: set[str] = set()
    for attribute in statement.attributes:
        if attribute.name in seen:
            diagram.warnings.append(
                f"line {statement.line}: {entity.name} has two attributes named {attribute.name}; "
                "the first is kept"
            )
            continue
        seen.add(attribute.name)
        entity.attributes.append(attribute)
