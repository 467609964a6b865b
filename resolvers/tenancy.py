"""Resolvers of the tenancy domain."""

from __future__ import annotations

from app.billing.service import Trial
from app.tenancy import service as tenancy
from graphql_schema.context import Info
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from graphql_schema.tenancy import Organization, Workspace
from graphql_schema.tenancy_mutations import (
    CreateOrganizationInput,
    CreateOrganizationPayload,
    CreateWorkspaceInput,
    CreateWorkspacePayload,
    DeleteOrganizationInput,
    DeleteOrganizationPayload,
    DeleteWorkspaceInput,
    DeleteWorkspacePayload,
    UpdateOrganizationInput,
    UpdateOrganizationPayload,
    UpdateWorkspaceInput,
    UpdateWorkspacePayload,
)
from resolvers.ids import required_id


async def organization(info: Info, slug: str) -> Organization | None:
    row = await info.context.loaders.organization_by_slug.load(slug)
    return Organization.from_row(row) if row else None


async def create_organization(info: Info, data: CreateOrganizationInput) -> CreateOrganizationPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    row, errors = await run_mutation(
        info,
        lambda: tenancy.create_organization(
            context.uow,
            actor,
            name=data.name,
            slug=data.slug,
            trial=Trial.from_settings(context.runtime.settings),
        ),
    )
    return CreateOrganizationPayload(
        organization=Organization.from_row(row) if row else None, user_errors=errors
    )


async def create_workspace(info: Info, data: CreateWorkspaceInput) -> CreateWorkspacePayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    # The permission extension has already resolved this ID to an organization the viewer administers.
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    row, errors = await run_mutation(
        info,
        lambda: tenancy.create_workspace(
            context.uow, actor, organization_id=organization_id, name=data.name, slug=data.slug
        ),
    )
    return CreateWorkspacePayload(workspace=Workspace.from_row(row) if row else None, user_errors=errors)


async def update_organization(info: Info, data: UpdateOrganizationInput) -> UpdateOrganizationPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    row, errors = await run_mutation(
        info,
        lambda: tenancy.update_organization(
            context.uow, actor, organization_id=organization_id, name=data.name, slug=data.slug
        ),
    )
    return UpdateOrganizationPayload(
        organization=Organization.from_row(row) if row else None, user_errors=errors
    )


async def delete_organization(info: Info, data: DeleteOrganizationInput) -> DeleteOrganizationPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    _, errors = await run_mutation(
        info, lambda: tenancy.delete_organization(context.uow, actor, organization_id=organization_id)
    )
    return DeleteOrganizationPayload(
        deleted_organization_id=None if errors else data.organization_id, user_errors=errors
    )


async def update_workspace(info: Info, data: UpdateWorkspaceInput) -> UpdateWorkspacePayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    workspace_id = required_id(data.workspace_id, "Workspace", "workspaceId")
    row, errors = await run_mutation(
        info,
        lambda: tenancy.update_workspace(
            context.uow,
            actor,
            workspace_id=workspace_id,
            name=data.name,
            slug=data.slug,
            description=data.description,
            archived=data.archived,
        ),
    )
    return UpdateWorkspacePayload(workspace=Workspace.from_row(row) if row else None, user_errors=errors)


async def delete_workspace(info: Info, data: DeleteWorkspaceInput) -> DeleteWorkspacePayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    workspace_id = required_id(data.workspace_id, "Workspace", "workspaceId")
    _, errors = await run_mutation(
        info, lambda: tenancy.delete_workspace(context.uow, actor, workspace_id=workspace_id)
    )
    return DeleteWorkspacePayload(
        deleted_workspace_id=None if errors else data.workspace_id, user_errors=errors
    )
