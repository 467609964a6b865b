"""Schema versions: immutable, numbered 1, 2, 3… per project, and de-duplicated by the
content hash of the canonical model (an upload that only moves whitespace, comments or
statements around finds the version it already is)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.errors import BadUserInputError, NotFoundError
from app.ingest import model as canonical
from app.ingest.postgres import parse_postgres
from app.models import Project, SchemaVersion
from app.models.enums import SchemaSourceFormat, SqlDialect


@dataclass(frozen=True)
class Upload:
    source: str
    format: SchemaSourceFormat
    dialect: SqlDialect | None
    label: str | None
    lenient: bool


@dataclass(frozen=True)
class StoredVersion:
    version: SchemaVersion
    created: bool  # False: identical to an existing version, which is returned


@dataclass(frozen=True)
class Parsed:
    model: canonical.SchemaModel
    warnings: list[str]


async def create_version(uow: UnitOfWork, actor: Actor, *, project_id: UUID, upload: Upload) -> StoredVersion:
    # The project row lock serialises concurrent uploads: numbers stay gapless and unique,
    # and two identical uploads find each other.
    project = await uow.session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    if project is None or project.deleted_at is not None:
        raise NotFoundError("No such project.", field=["projectId"])
    parsed = parse(upload, default_dialect=project.default_dialect)
    content_hash = canonical.content_hash(parsed.model)
    existing = await uow.session.scalar(
        select(SchemaVersion).where(
            SchemaVersion.project_id == project_id, SchemaVersion.content_hash == content_hash
        )
    )
    if existing is not None:
        return StoredVersion(existing, created=False)
    await billing.consume(uow, project.organization_id, Metric.SCHEMA_VERSIONS_PER_MONTH)
    latest = await uow.session.execute(
        select(SchemaVersion.id, SchemaVersion.number)
        .where(SchemaVersion.project_id == project_id)
        .order_by(SchemaVersion.number.desc())
        .limit(1)
    )
    parent = latest.first()
    version = SchemaVersion(
        id=uuid.uuid4(),
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        project_id=project_id,
        number=(parent.number if parent else 0) + 1,
        label=(upload.label or "").strip()[:200] or None,
        source_format=upload.format,
        dialect=parsed.model.dialect,
        raw_source=upload.source,
        canonical_model=canonical.to_json(parsed.model),
        content_hash=content_hash,
        stats=canonical.stats(parsed.model),
        warnings=parsed.warnings,
        parent_version_id=parent.id if parent else None,
        created_by_id=actor.viewer.user_id,
        created_by_api_key_id=actor.viewer.api_key_id,
    )
    uow.session.add(version)
    record(
        uow,
        actor,
        "schema_version.create",
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        target_type="SchemaVersion",
        target_id=version.id,
        details={"number": version.number, "format": upload.format.value},
    )
    await uow.session.flush()
    return StoredVersion(version, created=True)


def parse(upload: Upload, *, default_dialect: SqlDialect | None) -> Parsed:
    if not upload.source.strip():
        raise BadUserInputError("The source is empty.", field=["source"])
    if "\x00" in upload.source:
        raise BadUserInputError("The source is binary, not text.", field=["source"])
    if upload.format is SchemaSourceFormat.JSON:
        return _parse_json(upload.source)
    dialect = upload.dialect or default_dialect or SqlDialect.POSTGRES
    if upload.format is SchemaSourceFormat.SQL and dialect is SqlDialect.POSTGRES:
        result = parse_postgres(upload.source, lenient=upload.lenient)
        return Parsed(result.model, list(result.warnings))
    what = f"SQL in {dialect.name}" if upload.format is SchemaSourceFormat.SQL else upload.format.name
    raise BadUserInputError(
        f"{what} is not supported yet; PostgreSQL SQL and the canonical JSON are.", field=["format"]
    )


def _parse_json(source: str) -> Parsed:
    try:
        return Parsed(canonical.from_json(json.loads(source)), [])
    except ValueError as error:
        raise BadUserInputError(
            f"The JSON is not a Vizora schema model: {error}", field=["source"]
        ) from error
