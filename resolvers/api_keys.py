"""Resolvers of API keys."""

from __future__ import annotations

from app.identity import api_keys
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.api_keys import (
    ApiKey,
    CreateApiKeyInput,
    CreateApiKeyPayload,
    RevokeApiKeyInput,
    RevokeApiKeyPayload,
)
from graphql_schema.context import Info
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from resolvers.ids import optional_id, required_id


async def create_api_key(info: Info, data: CreateApiKeyInput) -> CreateApiKeyPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    organization_role = await context.loaders.organization_role_by_organization_id.load(organization_id)
    # Organization owners hold every workspace as owners; admins as admins (who reach here).
    actor_role = WorkspaceRole.OWNER if organization_role is OrganizationRole.OWNER else WorkspaceRole.ADMIN
    issued, errors = await run_mutation(
        info,
        lambda: api_keys.create_api_key(
            context.uow,
            actor,
            organization_id=organization_id,
            actor_role=actor_role,
            workspace_id=optional_id(data.workspace_id, "Workspace", "workspaceId"),
            name=data.name,
            role=data.role or WorkspaceRole.VIEWER,
            expires_at=data.expires_at,
        ),
    )
    if issued is None:
        return CreateApiKeyPayload(api_key=None, secret=None, user_errors=errors)
    return CreateApiKeyPayload(api_key=ApiKey.from_row(issued.api_key), secret=issued.secret, user_errors=[])


async def revoke_api_key(info: Info, data: RevokeApiKeyInput) -> RevokeApiKeyPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    api_key_id = required_id(data.api_key_id, "ApiKey", "apiKeyId")
    row, errors = await run_mutation(
        info, lambda: api_keys.revoke_api_key(context.uow, actor, api_key_id=api_key_id)
    )
    return RevokeApiKeyPayload(api_key=ApiKey.from_row(row) if row else None, user_errors=errors)


async def viewer_api_key(info: Info) -> ApiKey | None:
    context = info.context
    if context.auth_error:
        require_viewer(info)  # a token was presented and refused: say so rather than answer null
    if context.viewer is None or context.viewer.api_key_id is None:
        return None
    row = await context.loaders.api_key_by_id.load(context.viewer.api_key_id)  # a key reads its own row
    return ApiKey.from_row(row) if row else None
