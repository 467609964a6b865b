"""Projects."""

from __future__ import annotations

import strawberry

import resolvers.projects
from app.models.enums import WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.projects import (
    CreateProjectInput,
    CreateProjectPayload,
    DeleteProjectInput,
    DeleteProjectPayload,
    UpdateProjectInput,
    UpdateProjectPayload,
    project_workspace,
)


@strawberry.type
class ProjectsMutation:
    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.EDITOR, from_input="workspace_id")])
    async def create_project(self, info: Info, input: CreateProjectInput) -> CreateProjectPayload:
        return await resolvers.projects.create_project(info, input)

    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ]
    )
    async def update_project(self, info: Info, input: UpdateProjectInput) -> UpdateProjectPayload:
        return await resolvers.projects.update_project(info, input)

    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ],
        description="Soft delete: the name and slug become free, and the plan slot is given back.",
    )
    async def delete_project(self, info: Info, input: DeleteProjectInput) -> DeleteProjectPayload:
        return await resolvers.projects.delete_project(info, input)
