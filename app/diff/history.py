"""Diffs in the version history: each new version's changes against its parent are computed
once, when it is stored, and kept in ``schema_changes`` (append-only, like the versions);
any other pair is compared on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import insert, select

from app.db.session import UnitOfWork
from app.diff.changes import Change
from app.diff.compare import compare
from app.errors import BadUserInputError, NotFoundError
from app.ingest import model as canonical
from app.ingest.stored_models import model_of, models_of
from app.models import SchemaChange, SchemaVersion


@dataclass(frozen=True)
class Comparison:
    from_version: SchemaVersion
    to_version: SchemaVersion
    changes: list[Change]


async def record_changes(
    uow: UnitOfWork, parent: SchemaVersion, version: SchemaVersion, model: canonical.SchemaModel
) -> int:
    """Stores the diff of ``version`` (whose canonical ``model`` the caller holds) against
    ``parent``; returns how many changes."""
    changes = compare(await model_of(uow.session, parent), model)
    if changes:
        await uow.session.execute(
            insert(SchemaChange),
            [
                {
                    "organization_id": version.organization_id,
                    "workspace_id": version.workspace_id,
                    "project_id": version.project_id,
                    "from_version_id": parent.id,
                    "to_version_id": version.id,
                    "kind": change.kind.value,
                    "severity": change.severity,
                    "path": change.path,
                    "message": change.message,
                    "before": change.before,
                    "after": change.after,
                    "position": position,
                }
                for position, change in enumerate(changes)
            ],
        )
    return len(changes)


async def compare_versions(uow: UnitOfWork, from_id: UUID, to_id: UUID) -> Comparison:
    """Any two versions of one project, in either order. Versions the caller cannot see are
    missing (row-level security), and say so the same way as ones that never existed."""
    rows = {
        row.id: row
        for row in await uow.session.scalars(
            select(SchemaVersion).where(SchemaVersion.id.in_([from_id, to_id]))
        )
    }
    before, after = rows.get(from_id), rows.get(to_id)
    if before is None:
        raise NotFoundError("No such schema version.", field=["fromId"])
    if after is None:
        raise NotFoundError("No such schema version.", field=["toId"])
    if before.project_id != after.project_id:
        raise BadUserInputError("Both versions must belong to the same project.", field=["toId"])
    before_model, after_model = await models_of(
        uow.session, [(before.id, before.content_hash), (after.id, after.content_hash)]
    )
    changes = compare(before_model, after_model)
    return Comparison(before, after, changes)
