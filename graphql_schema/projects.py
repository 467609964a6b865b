"""GraphQL types of projects. (Versions, diagrams and comments arrive with their issues.)"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from graphql_schema.context import Info
from graphql_schema.node import LoadedNode
from graphql_schema.tenancy import visible

if TYPE_CHECKING:
    from graphql_schema.tenancy import Workspace

WorkspaceType = Annotated["Workspace", strawberry.lazy("graphql_schema.tenancy")]


@strawberry.type(name="Project", description="A database schema a team works on, with its history.")
class Project(LoadedNode):
    loader_name = "project_by_id"
    id: relay.NodeID[UUID]
    name: str
    slug: str
    description: str | None
    created_at: datetime
    workspace_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: models.Project) -> Project:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            description=row.description,
            created_at=row.created_at,
            workspace_id=row.workspace_id,
        )

    @strawberry.field
    async def workspace(self, info: Info) -> WorkspaceType:
        from graphql_schema.tenancy import Workspace

        return Workspace.from_row(visible(await info.context.loaders.workspace_by_id.load(self.workspace_id)))
