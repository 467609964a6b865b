"""GraphQL types of live database connections. The URI never leaves the server: only where
it points (host, port, database, user) is shown."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode

if TYPE_CHECKING:
    from graphql_schema.versions import SchemaVersion

SchemaVersionType = Annotated["SchemaVersion", strawberry.lazy("graphql_schema.versions")]


@strawberry.type(
    name="DatabaseConnection",
    description="A live database of a project, introspected into new schema versions. Editors and up only.",
)
class DatabaseConnection(LoadedNode):
    loader_name = "connection_by_id"
    id: relay.NodeID[UUID]
    name: str
    db_type: str
    target: str = strawberry.field(description="postgresql://user@host:port/database — never the password.")
    schemas: list[str] = strawberry.field(description="Schemas introspected; empty: all but the system ones.")
    read_only: bool
    last_status: str | None = strawberry.field(
        description="ok, unreachable or failed, after the last attempt."
    )
    last_error: str | None
    last_introspected_at: datetime | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Connection) -> DatabaseConnection:
        return cls(
            id=row.id,
            name=row.name,
            db_type=row.db_type,
            target=row.display_uri,
            schemas=list(row.included_schemas),
            read_only=row.read_only,
            last_status=row.last_status,
            last_error=row.last_error,
            last_introspected_at=row.last_introspected_at,
            created_at=row.created_at,
        )


@strawberry.input
class CreateConnectionInput:
    project_id: strawberry.ID
    name: str
    uri: str = strawberry.field(
        description="postgresql://user:password@host:5432/database; stored encrypted."
    )
    schemas: list[str] | None = strawberry.field(
        default=None, description="Schemas to read; omitted or empty: every non-system schema."
    )


@strawberry.type
class CreateConnectionPayload:
    connection: DatabaseConnection | None
    user_errors: list[UserError]


@strawberry.input
class ConnectionIdInput:
    connection_id: strawberry.ID


@strawberry.type
class DeleteConnectionPayload:
    deleted_connection_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class TestConnectionPayload:
    connection: DatabaseConnection | None
    ok: bool
    server_version: str | None
    user_errors: list[UserError] = strawberry.field(
        description="An unreachable or refusing database is reported here with code BAD_USER_INPUT."
    )


@strawberry.input
class IntrospectConnectionInput:
    connection_id: strawberry.ID
    schemas: list[str] | None = strawberry.field(
        default=None, description="Overrides the connection's schemas for this run."
    )
    label: str | None = None


@strawberry.type
class IntrospectConnectionPayload:
    connection: DatabaseConnection | None
    schema_version: SchemaVersionType | None
    created: bool = strawberry.field(description="False when the database matches an existing version.")
    user_errors: list[UserError]


async def connection_workspace(info: Info, connection_id: UUID) -> UUID | None:
    """From a connection to its workspace, for the permission checks of its mutations."""
    row = await info.context.loaders.connection_by_id.load(connection_id)
    return row.workspace_id if row else None
