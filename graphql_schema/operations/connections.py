"""Live database connections of projects."""

from __future__ import annotations

import strawberry

import resolvers.connections
from app.models.enums import WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.database_connections import (
    ConnectionIdInput,
    CreateConnectionInput,
    CreateConnectionPayload,
    DeleteConnectionPayload,
    IntrospectConnectionInput,
    IntrospectConnectionPayload,
    TestConnectionPayload,
    connection_workspace,
)
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.projects import project_workspace

_ON_CONNECTION = RequireWorkspaceRole(
    WorkspaceRole.EDITOR, from_input="connection_id", via=("DatabaseConnection", connection_workspace)
)


@strawberry.type
class ConnectionsMutation:
    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ],
        description="Stores a live PostgreSQL database of the project (URI encrypted; never returned). "
        "Needs a plan with live connections; the host must be one the operator allows.",
    )
    async def create_connection(self, info: Info, input: CreateConnectionInput) -> CreateConnectionPayload:
        return await resolvers.connections.create_connection(info, input)

    @strawberry.mutation(extensions=[_ON_CONNECTION], description="Connects and reports the server version.")
    async def test_connection(self, info: Info, input: ConnectionIdInput) -> TestConnectionPayload:
        return await resolvers.connections.check_connection(info, input)

    @strawberry.mutation(
        extensions=[_ON_CONNECTION],
        description="Reads the database's catalogs (read-only, under a timeout) into a new schema version.",
    )
    async def introspect_connection(
        self, info: Info, input: IntrospectConnectionInput
    ) -> IntrospectConnectionPayload:
        return await resolvers.connections.introspect_connection(info, input)

    @strawberry.mutation(extensions=[_ON_CONNECTION], description="Soft delete; frees the plan slot.")
    async def delete_connection(self, info: Info, input: ConnectionIdInput) -> DeleteConnectionPayload:
        return await resolvers.connections.delete_connection(info, input)
