"""Organizations and workspaces."""

from __future__ import annotations

import strawberry

import resolvers.tenancy
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.permissions import (
    RequireOrganizationRole,
    RequireSignedInUser,
    RequireWorkspaceRole,
)
from graphql_schema.tenancy import Organization
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


@strawberry.type
class TenancyQuery:
    @strawberry.field(description="An organization you belong to, by slug; null otherwise.")
    async def organization(self, info: Info, slug: str) -> Organization | None:
        return await resolvers.tenancy.organization(info, slug)


@strawberry.type
class TenancyMutation:
    @strawberry.mutation(
        extensions=[RequireSignedInUser()], description="Create an organization; you become its owner."
    )
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        return await resolvers.tenancy.create_organization(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def create_workspace(self, info: Info, input: CreateWorkspaceInput) -> CreateWorkspacePayload:
        return await resolvers.tenancy.create_workspace(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def update_organization(
        self, info: Info, input: UpdateOrganizationInput
    ) -> UpdateOrganizationPayload:
        return await resolvers.tenancy.update_organization(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.OWNER, from_input="organization_id")],
        description="Soft delete: gone for everyone at once; the slug becomes free.",
    )
    async def delete_organization(
        self, info: Info, input: DeleteOrganizationInput
    ) -> DeleteOrganizationPayload:
        return await resolvers.tenancy.delete_organization(info, input)

    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.ADMIN, from_input="workspace_id")])
    async def update_workspace(self, info: Info, input: UpdateWorkspaceInput) -> UpdateWorkspacePayload:
        return await resolvers.tenancy.update_workspace(info, input)

    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.ADMIN, from_input="workspace_id")])
    async def delete_workspace(self, info: Info, input: DeleteWorkspaceInput) -> DeleteWorkspacePayload:
        return await resolvers.tenancy.delete_workspace(info, input)
