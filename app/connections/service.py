"""Live databases of a project: stored with the URI sealed, tested, and introspected into a
new schema version.

Only editors and up see or touch connections (they point at a team's real databases). The
plan must include ``live_connections`` and counts ``connections``. Dialling out happens only
to targets the operator's fence allows (see ``targets``), under a timeout, in a read-only
transaction (see ``introspect``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.connections.introspect import IntrospectionError, introspect_database, probe_database
from app.connections.sealing import UnreadableSecretError, open_uri, seal_uri
from app.connections.targets import Dialer, Target, parse_target, pinned_host
from app.db.session import UnitOfWork
from app.errors import BadUserInputError, ConflictError, NotFoundError
from app.identity.tokens import utcnow
from app.ingest import versions
from app.ingest.readers import Parsed
from app.models import Connection
from app.models.enums import SchemaSourceFormat
from app.projects.service import live_project
from app.tenancy.naming import clean_name

FEATURE = "live_connections"
MAX_SCHEMAS = 50


@dataclass(frozen=True)
class TestOutcome:
    connection: Connection
    server_version: str | None
    error: str | None


@dataclass(frozen=True)
class IntrospectionOutcome:
    connection: Connection
    stored: versions.StoredVersion | None
    error: str | None


async def create_connection(
    uow: UnitOfWork,
    actor: Actor,
    dialer: Dialer,
    *,
    project_id: UUID,
    name: str,
    uri: str,
    schemas: list[str],
) -> Connection:
    project = await live_project(uow, project_id, field=["projectId"])
    name = clean_name(name)
    target = parse_target(uri)
    await billing.require_feature(uow, project.organization_id, FEATURE)
    await billing.consume(uow, project.organization_id, Metric.CONNECTIONS)
    connection_id = uuid.uuid4()
    connection = Connection(
        id=connection_id,
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        project_id=project.id,
        name=name,
        db_type="postgresql",
        encrypted_uri=seal_uri(dialer.key, connection_id, target.uri),
        display_uri=target.display_uri,
        included_schemas=_schemas(schemas),
        created_by_id=actor.viewer.user_id,
    )
    async with uow.unique_or(
        ConflictError(f"This project already has a connection named {name!r}.", field=["name"])
    ):
        uow.session.add(connection)
    _audit(uow, actor, connection, "connection.create", {"target": target.display_uri})
    await uow.session.flush()
    return connection


async def delete_connection(uow: UnitOfWork, actor: Actor, *, connection_id: UUID) -> None:
    connection = await _live_connection(uow, connection_id)
    connection.deleted_at = utcnow()
    await billing.release(uow, connection.organization_id, Metric.CONNECTIONS)
    _audit(uow, actor, connection, "connection.delete", {"target": connection.display_uri})
    await uow.session.flush()


async def check_connection(
    uow: UnitOfWork, actor: Actor, dialer: Dialer, *, connection_id: UUID
) -> TestOutcome:
    connection = await _live_connection(uow, connection_id)
    target, host = await _dial_target(connection, dialer)
    try:
        server_version = await probe_database(target.uri, timeout_seconds=dialer.timeout_seconds, host=host)
    except IntrospectionError as error:
        _remember(connection, "unreachable", str(error))
        return TestOutcome(connection, None, str(error))
    _remember(connection, "ok", None)
    return TestOutcome(connection, server_version, None)


async def introspect_connection(
    uow: UnitOfWork,
    actor: Actor,
    dialer: Dialer,
    *,
    connection_id: UUID,
    schemas: list[str] | None,
    label: str | None,
) -> IntrospectionOutcome:
    """A failure to reach or read the database is an outcome, not an exception: the
    connection's status must be kept even though no version is created."""
    connection = await _live_connection(uow, connection_id)
    await billing.require_feature(uow, connection.organization_id, FEATURE)
    target, host = await _dial_target(connection, dialer)
    wanted = _schemas(schemas) if schemas is not None else list(connection.included_schemas)
    try:
        result = await introspect_database(
            target.uri, schemas=wanted, timeout_seconds=dialer.timeout_seconds, host=host
        )
    except IntrospectionError as error:
        _remember(connection, "failed", str(error))
        return IntrospectionOutcome(connection, None, str(error))
    parsed = Parsed(result.model, list(result.warnings))
    stored = await versions.store_version(
        uow,
        actor,
        project_id=connection.project_id,
        parsed=parsed,
        raw_source=versions.model_source(result.model),
        source_format=SchemaSourceFormat.INTROSPECTION,
        label=label or f"{connection.name} ({result.server_version})",
    )
    _remember(connection, "ok", None)
    connection.last_introspected_at = utcnow()
    await uow.session.flush()
    return IntrospectionOutcome(connection, stored, None)


async def _dial_target(connection: Connection, dialer: Dialer) -> tuple[Target, str]:
    try:
        target = parse_target(open_uri(dialer.key, connection.id, connection.encrypted_uri))
    except UnreadableSecretError as error:
        raise BadUserInputError(
            "This connection's URI cannot be read with the server's current key; create it again.",
            field=["connectionId"],
        ) from error
    return target, await pinned_host(target, dialer.fence)


def _remember(connection: Connection, status: str, error: str | None) -> None:
    connection.last_status = status
    connection.last_error = error


def _schemas(names: list[str]) -> list[str]:
    cleaned = sorted({name.strip() for name in names if name.strip()})
    if len(cleaned) > MAX_SCHEMAS or any(len(name) > 63 for name in cleaned):
        raise BadUserInputError(
            f"List at most {MAX_SCHEMAS} schema names of at most 63 characters.", field=["schemas"]
        )
    return cleaned


async def _live_connection(uow: UnitOfWork, connection_id: UUID) -> Connection:
    connection = await uow.session.scalar(
        select(Connection).where(Connection.id == connection_id, Connection.deleted_at.is_(None))
    )
    if connection is None:
        raise NotFoundError("No such connection.", field=["connectionId"])
    return connection


def _audit(
    uow: UnitOfWork, actor: Actor, connection: Connection, action: str, details: dict[str, str]
) -> None:
    record(
        uow,
        actor,
        action,
        organization_id=connection.organization_id,
        workspace_id=connection.workspace_id,
        target_type="Connection",
        target_id=connection.id,
        details=details,
    )
