"""GraphQL types of what subscriptions deliver."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_schema.diagrams import DiagramState

if TYPE_CHECKING:
    from graphql_schema.identity import User
    from graphql_schema.versions import SchemaVersion

UserType = Annotated["User", strawberry.lazy("graphql_schema.identity")]
SchemaVersionType = Annotated["SchemaVersion", strawberry.lazy("graphql_schema.versions")]


@strawberry.enum
class DiagramChangeKind(StrEnum):
    CREATED = "diagram_created"
    UPDATED = "diagram_updated"
    DELETED = "diagram_deleted"


@strawberry.type(description="A new version of the project was stored.")
class SchemaVersionCreatedEvent:
    schema_version: SchemaVersionType
    actor: UserType | None


@strawberry.type(
    description="A diagram of the project was created, changed (moved, renamed, rebased) or deleted."
)
class DiagramChangedEvent:
    kind: DiagramChangeKind
    diagram_id: strawberry.ID
    diagram: DiagramState | None = strawberry.field(description="Null once deleted.")
    actor: UserType | None


ProjectEvent = Annotated[
    SchemaVersionCreatedEvent | DiagramChangedEvent,
    strawberry.union(
        "ProjectEvent", description="Something that happened in a project (more kinds to come)."
    ),
]
