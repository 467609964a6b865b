"""Accounts, sessions and API keys."""

from __future__ import annotations

import strawberry

import resolvers.api_keys
import resolvers.identity
from app.models.enums import OrganizationRole
from graphql_schema.api_keys import (
    CreateApiKeyInput,
    CreateApiKeyPayload,
    RevokeApiKeyInput,
    RevokeApiKeyPayload,
    api_key_organization,
)
from graphql_schema.context import Info
from graphql_schema.identity import (
    AuthPayload,
    LogInInput,
    LogOutInput,
    LogOutPayload,
    RefreshSessionInput,
    SignUpInput,
)
from graphql_schema.permissions import RequireOrganizationRole


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Create an account and start a session.")
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return await resolvers.identity.sign_up(info, input)

    @strawberry.mutation(description="Start a session. Failed attempts are throttled per email and address.")
    async def log_in(self, info: Info, input: LogInInput) -> AuthPayload:
        return await resolvers.identity.log_in(info, input)

    @strawberry.mutation(
        description="Trade a refresh token for a new pair. Each refresh token works once; "
        "presenting a used one ends its whole session."
    )
    async def refresh_session(self, info: Info, input: RefreshSessionInput) -> AuthPayload:
        return await resolvers.identity.refresh_session(info, input)

    @strawberry.mutation(description="End a session: the refresh token's, or else the current one.")
    async def log_out(self, info: Info, input: LogOutInput | None = None) -> LogOutPayload:
        return await resolvers.identity.log_out(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="A key for CI and scripts. The secret is in this payload only; keep it safe.",
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        return await resolvers.api_keys.create_api_key(info, input)

    @strawberry.mutation(
        extensions=[
            RequireOrganizationRole(
                OrganizationRole.ADMIN, from_input="api_key_id", via=("ApiKey", api_key_organization)
            )
        ]
    )
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
        return await resolvers.api_keys.revoke_api_key(info, input)
