"""GraphQL types of API keys."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode
from graphql_schema.tenancy import Organization, Workspace, WorkspaceRoleType, visible


@strawberry.type(name="ApiKey", description="A key for CI pipelines and scripts; its secret is shown once.")
class ApiKey(LoadedNode):
    loader_name = "api_key_by_id"
    id: relay.NodeID[UUID]
    name: str
    prefix: str = strawberry.field(description="The visible start of the key, to recognise it by.")
    role: WorkspaceRoleType | None  # type: ignore[valid-type]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None = strawberry.field(description="Accurate to a few minutes.")
    revoked_at: datetime | None
    organization_id: strawberry.Private[UUID]
    workspace_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.ApiKey) -> ApiKey:
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            role=row.role,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            organization_id=row.organization_id,
            workspace_id=row.workspace_id,
        )

    @strawberry.field(description="The organization the key belongs to; it reads it as a VIEWER.")
    async def organization(self, info: Info) -> Organization:
        return Organization.from_row(
            visible(await info.context.loaders.organization_by_id.load(self.organization_id))
        )

    @strawberry.field(description="Whether the key acts in every workspace of its organization.")
    def all_workspaces(self) -> bool:
        return self.workspace_id is None

    @strawberry.field(
        description="The one workspace the key acts in, with its role; null for a key of every workspace, "
        "and once its workspace is deleted (the key then reaches nothing)."
    )
    async def workspace(self, info: Info) -> Workspace | None:
        if self.workspace_id is None:
            return None
        row = await info.context.loaders.workspace_by_id.load(self.workspace_id)
        return Workspace.from_row(row) if row else None


@strawberry.input
class CreateApiKeyInput:
    organization_id: strawberry.ID
    name: str
    workspace_id: strawberry.ID | None = strawberry.field(
        default=None, description="Omitted: every workspace."
    )
    role: WorkspaceRoleType | None = None  # type: ignore[valid-type]
    expires_at: datetime | None = None


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None
    secret: str | None = strawberry.field(description="Shown once; only its hash is kept.")
    user_errors: list[UserError]


@strawberry.input
class RevokeApiKeyInput:
    api_key_id: strawberry.ID


@strawberry.type
class RevokeApiKeyPayload:
    api_key: ApiKey | None
    user_errors: list[UserError]


async def api_key_organization(info: Info, api_key_id: UUID) -> UUID | None:
    """From a key to its organization, for the permission check of revokeApiKey."""
    row = await info.context.loaders.api_key_by_id.load(api_key_id)
    return row.organization_id if row else None
