"""Resolvers of projects."""

from __future__ import annotations

from app.projects import service as projects
from graphql_schema.context import Info
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from graphql_schema.projects import (
    CreateProjectInput,
    CreateProjectPayload,
    DeleteProjectInput,
    DeleteProjectPayload,
    Project,
    UpdateProjectInput,
    UpdateProjectPayload,
)
from resolvers.ids import required_id


async def create_project(info: Info, data: CreateProjectInput) -> CreateProjectPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    workspace_id = required_id(data.workspace_id, "Workspace", "workspaceId")
    row, errors = await run_mutation(
        info,
        lambda: projects.create_project(
            context.uow,
            actor,
            workspace_id=workspace_id,
            name=data.name,
            slug=data.slug,
            description=data.description,
            dialect=data.dialect,
        ),
    )
    return CreateProjectPayload(project=Project.from_row(row) if row else None, user_errors=errors)


async def update_project(info: Info, data: UpdateProjectInput) -> UpdateProjectPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    project_id = required_id(data.project_id, "Project", "projectId")
    row, errors = await run_mutation(
        info,
        lambda: projects.update_project(
            context.uow,
            actor,
            project_id=project_id,
            name=data.name,
            slug=data.slug,
            description=data.description,
            dialect=data.dialect,
            archived=data.archived,
        ),
    )
    return UpdateProjectPayload(project=Project.from_row(row) if row else None, user_errors=errors)


async def delete_project(info: Info, data: DeleteProjectInput) -> DeleteProjectPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    project_id = required_id(data.project_id, "Project", "projectId")
    _, errors = await run_mutation(
        info, lambda: projects.delete_project(context.uow, actor, project_id=project_id)
    )
    return DeleteProjectPayload(deleted_project_id=None if errors else data.project_id, user_errors=errors)
