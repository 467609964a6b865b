"""Resolvers of the identity domain."""

from __future__ import annotations

from app.identity import service as identity
from graphql_schema.context import Info
from graphql_schema.identity import (
    AuthPayload,
    LogInInput,
    LogOutInput,
    LogOutPayload,
    RefreshSessionInput,
    SignUpInput,
    User,
)
from graphql_schema.mutations import UserError, run_mutation
from graphql_schema.permissions import require_viewer

SESSION_REFUSED = UserError(
    field=["input", "refreshToken"],
    message="The refresh token is no longer valid; log in again.",
    code="UNAUTHENTICATED",
)


async def viewer(info: Info) -> User | None:
    if info.context.auth_error:
        require_viewer(info)  # a token was presented and refused: say so rather than answer null
    current = info.context.viewer
    if current is None or current.user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(current.user_id)
    return User.from_row(row) if row else None


async def sign_up(info: Info, data: SignUpInput) -> AuthPayload:
    context = info.context
    issued, errors = await run_mutation(
        info,
        lambda: identity.sign_up(
            context.uow,
            context.runtime.secret_key,
            context.origin,
            email=data.email,
            password=data.password,
            display_name=data.display_name,
        ),
    )
    return AuthPayload.from_session(issued, errors)


async def log_in(info: Info, data: LogInInput) -> AuthPayload:
    context = info.context
    issued, errors = await run_mutation(
        info,
        lambda: identity.log_in(
            context.uow,
            context.runtime.secret_key,
            context.runtime.login_throttle,
            context.origin,
            email=data.email,
            password=data.password,
        ),
    )
    return AuthPayload.from_session(issued, errors)


async def refresh_session(info: Info, data: RefreshSessionInput) -> AuthPayload:
    context = info.context
    issued, errors = await run_mutation(
        info,
        lambda: identity.refresh_session(
            context.uow, context.runtime.secret_key, context.origin, refresh_token=data.refresh_token
        ),
    )
    if issued is None and not errors:
        errors = [SESSION_REFUSED]
    return AuthPayload.from_session(issued, errors)


async def log_out(info: Info, data: LogOutInput | None) -> LogOutPayload:
    context = info.context
    refresh_token = data.refresh_token if data else None
    _, errors = await run_mutation(
        info, lambda: identity.log_out(context.uow, context.viewer, refresh_token=refresh_token)
    )
    return LogOutPayload(success=not errors, user_errors=errors)
