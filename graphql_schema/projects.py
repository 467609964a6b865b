"""GraphQL types of projects. (Versions, diagrams and comments arrive with their issues.)"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from app.models.enums import SqlDialect, WorkspaceRole
from graphql_schema.connection import Connection
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.tenancy import visible
from resolvers.pagination import load_connection

if TYPE_CHECKING:
    from graphql_schema.database_connections import DatabaseConnection
    from graphql_schema.diagrams import DiagramState
    from graphql_schema.tenancy import Workspace
    from graphql_schema.versions import SchemaVersion

WorkspaceType = Annotated["Workspace", strawberry.lazy("graphql_schema.tenancy")]
SchemaVersionType = Annotated["SchemaVersion", strawberry.lazy("graphql_schema.versions")]
DiagramStateType = Annotated["DiagramState", strawberry.lazy("graphql_schema.diagrams")]
DatabaseConnectionType = Annotated[
    "DatabaseConnection", strawberry.lazy("graphql_schema.database_connections")
]
SqlDialectType = strawberry.enum(SqlDialect, name="SqlDialect")


@strawberry.type(name="Project", description="A database schema a team works on, with its history.")
class Project(LoadedNode):
    loader_name = "project_by_id"
    id: relay.NodeID[UUID]
    name: str
    slug: str
    description: str | None
    dialect: SqlDialectType | None = strawberry.field(description="The default SQL dialect of uploads.")  # type: ignore[valid-type]
    archived: bool
    created_at: datetime
    updated_at: datetime
    workspace_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.Project) -> Project:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            description=row.description,
            dialect=row.default_dialect,
            archived=row.archived_at is not None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            workspace_id=row.workspace_id,
        )

    @strawberry.field(description="Versions, newest first.")
    async def versions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[SchemaVersionType]:
        from graphql_schema.versions import SchemaVersion

        loader = info.context.loaders.versions_page_by_project_id
        return await load_connection(info, loader, self.id, SchemaVersion.from_row, first=first, after=after)

    @strawberry.field
    async def latest_version(self, info: Info) -> SchemaVersionType | None:
        from graphql_schema.versions import SchemaVersion

        row = await info.context.loaders.latest_version_by_project_id.load(self.id)
        return SchemaVersion.from_row(row) if row else None

    @strawberry.field(description="Named ER layouts, by name; the first is created with the first version.")
    async def diagrams(self, info: Info) -> list[DiagramStateType]:
        from graphql_schema.diagrams import DiagramState

        rows = await info.context.loaders.diagrams_by_project_id.load(self.id)
        return [DiagramState.from_row(row) for row in rows]

    @strawberry.field(
        extensions=[RequireWorkspaceRole(WorkspaceRole.EDITOR, from_source="workspace_id")],
        description="Live databases of the project, by name. Editors and up.",
    )
    async def connections(self, info: Info) -> list[DatabaseConnectionType]:
        from graphql_schema.database_connections import DatabaseConnection

        rows = await info.context.loaders.connections_by_project_id.load(self.id)
        return [DatabaseConnection.from_row(row) for row in rows]

    @strawberry.field
    async def workspace(self, info: Info) -> WorkspaceType:
        from graphql_schema.tenancy import Workspace

        return Workspace.from_row(visible(await info.context.loaders.workspace_by_id.load(self.workspace_id)))


@strawberry.input
class CreateProjectInput:
    workspace_id: strawberry.ID
    name: str
    slug: str | None = strawberry.field(default=None, description="Derived from the name when omitted.")
    description: str | None = None
    dialect: SqlDialectType | None = None  # type: ignore[valid-type]


@strawberry.type
class CreateProjectPayload:
    project: Project | None
    user_errors: list[UserError]


@strawberry.input
class UpdateProjectInput:
    project_id: strawberry.ID
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    dialect: SqlDialectType | None = None  # type: ignore[valid-type]
    archived: bool | None = strawberry.field(default=None, description="Archived projects stay readable.")


@strawberry.type
class UpdateProjectPayload:
    project: Project | None
    user_errors: list[UserError]


@strawberry.input
class DeleteProjectInput:
    project_id: strawberry.ID


@strawberry.type
class DeleteProjectPayload:
    deleted_project_id: strawberry.ID | None
    user_errors: list[UserError]


async def project_workspace(info: Info, project_id: UUID) -> UUID | None:
    """From a project to its workspace, for the permission checks of its mutations."""
    row = await info.context.loaders.project_by_id.load(project_id)
    return row.workspace_id if row else None
