"""Mermaid relationships as foreign keys.

Mermaid relates entities; the model's foreign keys relate columns, and a key without columns
is not one (diagrams and exports read its first column). So a relationship becomes a foreign
key only when its columns can be found, by this rule:

1. The child, which holds the key, is the many side (``}o``, ``}|``, ``o{``, ``|{``). In a
   one-to-one relationship it is the side where rule 2 finds columns; if both or neither,
   the optional side (``PERSON ||--o| PASSPORT``: the passport); if both are alike, the
   right-hand entity. Many-to-many needs a junction entity: warned, not kept.
2. For each primary-key column ``pk`` of the parent, the child's attribute marked FK and
   named ``pk``, or, marked or not, named after the parent and ``pk``: ``customer_id``,
   ``customerId``, ``CUSTOMER_ID`` for ``CUSTOMER``'s ``id`` (case, ``_`` and ``-``
   ignored; the entity's alias counts as its name). It references the parent's primary key.
3. Failing that, when the parent's key has at most one column: the child's one attribute
   marked FK that no other relationship took by rule 2, if this is the only relationship of
   the child left without columns. It references the parent's key column (none when the
   parent has no key).
4. Failing that: a warning naming the relationship, which is not kept.

The same relationship written twice (or from both ends) gives one foreign key.

Nullability, which Mermaid does not write: the key's columns are NOT NULL when the parent's
marker says exactly one (``||``), nullable when it may be zero (``|o``) or the attribute is
written ``type?``. The label is not kept, nor is identifying (``--``) versus non-identifying
(``..``): the model has no place for either, and derives "identifying" from whether the
key's columns are in the child's primary key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.ingest.constraint_names import UNNAMED
from app.ingest.mermaid.entities import Diagram, Entity
from app.ingest.mermaid.syntax import Cardinality, Key, RelationshipStatement
from app.ingest.model import ForeignKey, Table
from app.ingest.postgres.catalog import Catalog


@dataclass(frozen=True)
class _Side:
    entity: Entity
    table: Table
    # The marker next to this entity: how many of it take part.
    cardinality: Cardinality

    @property
    def key(self) -> list[str]:
        return list(self.table.primary_key.columns) if self.table.primary_key else []


@dataclass
class _Link:
    statement: RelationshipStatement
    child: _Side
    parent: _Side
    columns: list[str] | None


def add_foreign_keys(diagram: Diagram, catalog: Catalog) -> None:
    links: list[_Link] = []
    for statement in diagram.relationships:
        left = _side(diagram, catalog, statement.left, statement.left_cardinality)
        right = _side(diagram, catalog, statement.right, statement.right_cardinality)
        if left.cardinality.is_many and right.cardinality.is_many:
            catalog.warnings.append(
                f"line {statement.line}: {_describe(statement)} is many-to-many, which needs a junction "
                "entity to be foreign keys; not kept"
            )
            continue
        links.append(_orient(statement, left, right))
    _take_lone_foreign_key_attributes(links)
    for link in links:
        if link.columns is None:
            catalog.warnings.append(
                f"line {link.statement.line}: {_describe(link.statement)}: no foreign key column found on "
                f"{link.child.entity.name}; not kept. Mark the attribute that references "
                f"{link.parent.entity.name} with FK, or name it after {link.parent.entity.name} and its key."
            )
        else:
            _add(link, link.columns)


def _side(diagram: Diagram, catalog: Catalog, entity_id: str, cardinality: Cardinality) -> _Side:
    entity = diagram.entities[entity_id]
    return _Side(entity, catalog.tables[entity.name], cardinality)


def _orient(statement: RelationshipStatement, left: _Side, right: _Side) -> _Link:
    if left.cardinality.is_many:
        return _Link(statement, left, right, _matching_columns(left, right))
    if right.cardinality.is_many:
        return _Link(statement, right, left, _matching_columns(right, left))
    # One-to-one: the right-hand side is the child unless the columns or markers say otherwise.
    matches = [
        _Link(statement, child, parent, columns)
        for child, parent in ((right, left), (left, right))
        if (columns := _matching_columns(child, parent)) is not None
    ]
    if len(matches) == 1:
        return matches[0]
    if left.cardinality.is_optional and not right.cardinality.is_optional:
        return _Link(statement, left, right, _matching_columns(left, right))
    return _Link(statement, right, left, _matching_columns(right, left))


def _matching_columns(child: _Side, parent: _Side) -> list[str] | None:
    """Rule 2: a child attribute for every column of the parent's primary key."""
    if not parent.key:
        return None
    prefixes = {_normal(parent.entity.id), _normal(parent.entity.name)}
    # A table's own key cannot be the key that references it.
    excluded = set(parent.key) if child.table is parent.table else set()
    attributes = [attribute for attribute in child.entity.attributes if attribute.name not in excluded]
    marked = [attribute for attribute in attributes if Key.FK in attribute.keys]
    columns: list[str] = []
    for key_column in parent.key:
        key_name = _normal(key_column)
        qualified = {prefix + key_name for prefix in prefixes}
        if any(key_name.startswith(prefix) for prefix in prefixes):
            qualified.add(key_name)  # the parent's key already carries its name: customer_id
        found = next((a.name for a in marked if _normal(a.name) in {key_name, *qualified}), None)
        found = found or next((a.name for a in attributes if _normal(a.name) in qualified), None)
        if found is None:
            return None
        columns.append(found)
    return columns


def _take_lone_foreign_key_attributes(links: list[_Link]) -> None:
    """Rule 3, after rule 2 has run for every relationship, so the result does not depend on
    the order of the relationships."""
    taken = {(link.child.table.key, column) for link in links for column in link.columns or ()}
    unresolved = [link for link in links if link.columns is None]
    left_without = Counter(link.child.table.key for link in unresolved)
    for link in unresolved:
        if len(link.parent.key) > 1 or left_without[link.child.table.key] > 1:
            continue
        excluded = set(link.parent.key) if link.child.table is link.parent.table else set()
        free = [
            attribute.name
            for attribute in link.child.entity.attributes_with(Key.FK)
            if (link.child.table.key, attribute.name) not in taken and attribute.name not in excluded
        ]
        if len(free) == 1:
            link.columns = free


def _add(link: _Link, columns: list[str]) -> None:
    child = link.child.table
    foreign_key = ForeignKey(
        name=UNNAMED,
        columns=columns,
        referenced_table=link.parent.table.key,
        referenced_columns=link.parent.key,
    )
    target = (foreign_key.columns, foreign_key.referenced_table, foreign_key.referenced_columns)
    if all(
        (known.columns, known.referenced_table, known.referenced_columns) != target
        for known in child.foreign_keys
    ):
        child.foreign_keys.append(foreign_key)
    # Also for a repeated relationship: NOT NULL when any of its writings says exactly one.
    if link.parent.cardinality.is_optional:
        return
    optional = {attribute.name for attribute in link.child.entity.attributes if attribute.optional}
    for column in child.columns:
        if column.name in columns and column.name not in optional:
            column.nullable = False


def _describe(statement: RelationshipStatement) -> str:
    label = f" ({statement.label})" if statement.label else ""
    return f"relationship between {statement.left} and {statement.right}{label}"


def _normal(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())
