"""Schema versions: immutable, numbered 1, 2, 3… per project, and de-duplicated by the
content hash of the canonical model (an upload that only moves whitespace, comments or
statements around finds the version it already is)."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.diagrams.service import create_default_diagram, layout_nodes
from app.diff.history import record_changes
from app.errors import NotFoundError
from app.ingest import model as canonical
from app.ingest.readers import Parsed, Upload, read_upload
from app.ingest.stored_models import PARSED_MODELS
from app.models import Project, SchemaVersion
from app.models.enums import SchemaSourceFormat
from app.realtime.broker import Event
from app.realtime.topics import project_topic


@dataclass(frozen=True)
class StoredVersion:
    version: SchemaVersion
    created: bool  # False: identical to an existing version, which is returned


async def create_version(uow: UnitOfWork, actor: Actor, *, project_id: UUID, upload: Upload) -> StoredVersion:
    project = await _locked_project(uow, project_id)
    return await _store(
        uow,
        actor,
        project,
        read_upload(upload, default_dialect=project.default_dialect),
        raw_source=upload.source,
        source_format=upload.format,
        label=upload.label,
    )


async def store_version(
    uow: UnitOfWork,
    actor: Actor,
    *,
    project_id: UUID,
    parsed: Parsed,
    raw_source: str,
    source_format: SchemaSourceFormat,
    label: str | None,
) -> StoredVersion:
    """A model read elsewhere (a live database) becomes a version like an upload does."""
    project = await _locked_project(uow, project_id)
    return await _store(
        uow, actor, project, parsed, raw_source=raw_source, source_format=source_format, label=label
    )


def model_source(model: canonical.SchemaModel) -> str:
    """The source kept for a version that had no text: its canonical JSON, readable again."""
    return json.dumps(canonical.to_json(model), ensure_ascii=False, indent=1)


async def _locked_project(uow: UnitOfWork, project_id: UUID) -> Project:
    # The project row lock serialises concurrent uploads: numbers stay gapless and unique,
    # and two identical uploads find each other.
    project = await uow.session.scalar(select(Project).where(Project.id == project_id).with_for_update())
    if project is None or project.deleted_at is not None:
        raise NotFoundError("No such project.", field=["projectId"])
    return project


async def _store(
    uow: UnitOfWork,
    actor: Actor,
    project: Project,
    parsed: Parsed,
    *,
    raw_source: str,
    source_format: SchemaSourceFormat,
    label: str | None,
) -> StoredVersion:
    canonical_model = canonical.to_json(parsed.model)
    content_hash = canonical.json_content_hash(canonical_model)
    existing = await uow.session.scalar(
        select(SchemaVersion).where(
            SchemaVersion.project_id == project.id, SchemaVersion.content_hash == content_hash
        )
    )
    if existing is not None:
        return StoredVersion(existing, created=False)
    await billing.consume(uow, project.organization_id, Metric.SCHEMA_VERSIONS_PER_MONTH)
    parent = await uow.session.scalar(
        select(SchemaVersion)
        .where(SchemaVersion.project_id == project.id)
        .order_by(SchemaVersion.number.desc())
        .limit(1)
    )
    # A first version brings a laid-out diagram. The layout is pure computation: it runs in a
    # thread while the version's insert (megabytes of JSONB for a large schema) is under way.
    layout = None if parent else asyncio.create_task(asyncio.to_thread(layout_nodes, parsed.model))
    version = SchemaVersion(
        id=uuid.uuid4(),
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        project_id=project.id,
        number=(parent.number if parent else 0) + 1,
        label=(label or "").strip()[:200] or None,
        source_format=source_format,
        dialect=parsed.model.dialect,
        raw_source=raw_source,
        canonical_model=canonical_model,
        content_hash=content_hash,
        stats=canonical.stats(parsed.model),
        warnings=parsed.warnings,
        parent_version_id=parent.id if parent else None,
        created_by_id=actor.viewer.user_id,
        created_by_api_key_id=actor.viewer.api_key_id,
    )
    uow.session.add(version)
    PARSED_MODELS.keep(content_hash, parsed.model)
    record(
        uow,
        actor,
        "schema_version.create",
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        target_type="SchemaVersion",
        target_id=version.id,
        details={"number": version.number, "format": source_format.value},
    )
    try:
        await uow.session.flush()
    finally:
        nodes = await layout if layout is not None else None
    if parent is None:
        assert nodes is not None
        await create_default_diagram(uow, version, nodes)
    else:
        await record_changes(uow, parent, version, parsed.model)
    viewer = actor.viewer
    uow.publish_after_commit(
        Event(
            project_topic(project.id),
            {
                "kind": "version_created",
                "version_id": str(version.id),
                "actor_id": str(viewer.user_id) if viewer.user_id else None,
            },
        )
    )
    return StoredVersion(version, created=True)
