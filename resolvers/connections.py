"""Resolvers of live database connections."""

from __future__ import annotations

from app.connections import service as connections
from app.connections.targets import Dialer
from app.errors import ErrorCode
from graphql_schema.context import Info
from graphql_schema.database_connections import (
    ConnectionIdInput,
    CreateConnectionInput,
    CreateConnectionPayload,
    DatabaseConnection,
    DeleteConnectionPayload,
    IntrospectConnectionInput,
    IntrospectConnectionPayload,
    TestConnectionPayload,
)
from graphql_schema.mutations import UserError, run_mutation
from graphql_schema.permissions import require_viewer
from graphql_schema.versions import SchemaVersion
from resolvers.ids import required_id


def _reported(error: str | None, errors: list[UserError]) -> list[UserError]:
    """A database that could not be reached is the caller's to fix: a userError, kept apart
    from the outcome so the connection's remembered status is still returned."""
    if error is None:
        return errors
    return [UserError(field=["connectionId"], message=error, code=ErrorCode.BAD_USER_INPUT.value)]


def _dialer(info: Info) -> Dialer:
    dialer = info.context.runtime.connection_dialer
    assert dialer is not None, "the runtime is built with a connection dialer"
    return dialer


async def create_connection(info: Info, data: CreateConnectionInput) -> CreateConnectionPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    project_id = required_id(data.project_id, "Project", "projectId")
    row, errors = await run_mutation(
        info,
        lambda: connections.create_connection(
            context.uow,
            actor,
            _dialer(info),
            project_id=project_id,
            name=data.name,
            uri=data.uri,
            schemas=data.schemas or [],
        ),
    )
    return CreateConnectionPayload(
        connection=DatabaseConnection.from_row(row) if row else None, user_errors=errors
    )


async def delete_connection(info: Info, data: ConnectionIdInput) -> DeleteConnectionPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    connection_id = required_id(data.connection_id, "DatabaseConnection", "connectionId")
    _, errors = await run_mutation(
        info, lambda: connections.delete_connection(context.uow, actor, connection_id=connection_id)
    )
    return DeleteConnectionPayload(
        deleted_connection_id=None if errors else data.connection_id, user_errors=errors
    )


async def check_connection(info: Info, data: ConnectionIdInput) -> TestConnectionPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    connection_id = required_id(data.connection_id, "DatabaseConnection", "connectionId")
    outcome, errors = await run_mutation(
        info,
        lambda: connections.check_connection(context.uow, actor, _dialer(info), connection_id=connection_id),
    )
    if outcome is None:
        return TestConnectionPayload(connection=None, ok=False, server_version=None, user_errors=errors)
    return TestConnectionPayload(
        connection=DatabaseConnection.from_row(outcome.connection),
        ok=outcome.error is None,
        server_version=outcome.server_version,
        user_errors=_reported(outcome.error, errors),
    )


async def introspect_connection(info: Info, data: IntrospectConnectionInput) -> IntrospectConnectionPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    connection_id = required_id(data.connection_id, "DatabaseConnection", "connectionId")
    outcome, errors = await run_mutation(
        info,
        lambda: connections.introspect_connection(
            context.uow,
            actor,
            _dialer(info),
            connection_id=connection_id,
            schemas=data.schemas,
            label=data.label,
        ),
    )
    if outcome is None:
        return IntrospectConnectionPayload(
            connection=None, schema_version=None, created=False, user_errors=errors
        )
    stored = outcome.stored
    return IntrospectConnectionPayload(
        connection=DatabaseConnection.from_row(outcome.connection),
        schema_version=SchemaVersion.from_row(stored.version) if stored else None,
        created=bool(stored and stored.created),
        user_errors=_reported(outcome.error, errors),
    )
