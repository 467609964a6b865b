"""Inputs and payloads of the organization and workspace mutations."""

from __future__ import annotations

import strawberry

from graphql_schema.mutations import UserError
from graphql_schema.tenancy import Organization, Workspace


@strawberry.input
class CreateOrganizationInput:
    name: str
    slug: str = strawberry.field(description="3-48 lowercase letters, digits or dashes; unique.")


@strawberry.type
class CreateOrganizationPayload:
    organization: Organization | None
    user_errors: list[UserError]


@strawberry.input
class CreateWorkspaceInput:
    organization_id: strawberry.ID
    name: str
    slug: str | None = strawberry.field(default=None, description="Derived from the name when omitted.")


@strawberry.type
class CreateWorkspacePayload:
    workspace: Workspace | None
    user_errors: list[UserError]


@strawberry.input
class UpdateOrganizationInput:
    organization_id: strawberry.ID
    name: str | None = None
    slug: str | None = None


@strawberry.type
class UpdateOrganizationPayload:
    organization: Organization | None
    user_errors: list[UserError]


@strawberry.input
class DeleteOrganizationInput:
    organization_id: strawberry.ID


@strawberry.type
class DeleteOrganizationPayload:
    deleted_organization_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.input
class UpdateWorkspaceInput:
    workspace_id: strawberry.ID
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    archived: bool | None = strawberry.field(default=None, description="Archived workspaces stay readable.")


@strawberry.type
class UpdateWorkspacePayload:
    workspace: Workspace | None
    user_errors: list[UserError]


@strawberry.input
class DeleteWorkspaceInput:
    workspace_id: strawberry.ID


@strawberry.type
class DeleteWorkspacePayload:
    deleted_workspace_id: strawberry.ID | None
    user_errors: list[UserError]
