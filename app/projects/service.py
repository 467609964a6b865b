"""Creating, changing and (softly) deleting projects. Editors and up write (checked by the
permission extension and again by row-level security); the plan limits how many exist."""

from __future__ import annotations

import uuid
from uuid import UUID

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.errors import BadUserInputError, ConflictError, NotFoundError
from app.identity.tokens import utcnow
from app.models import Project, ProjectSettings, Workspace
from app.models.enums import SqlDialect
from app.tenancy.naming import clean_name, require_slug, slug_from_name

DESCRIPTION_MAX = 2_000


def _taken(slug: str | None) -> ConflictError:
    # Names and slugs are each unique per workspace (among live projects); either may clash.
    return ConflictError(
        f"This workspace already has a project with that name or the slug {slug!r}.", field=["name"]
    )


async def create_project(
    uow: UnitOfWork,
    actor: Actor,
    *,
    workspace_id: UUID,
    name: str,
    slug: str | None,
    description: str | None,
    dialect: SqlDialect | None,
) -> Project:
    workspace = await uow.session.get(Workspace, workspace_id)
    if workspace is None or workspace.deleted_at is not None:
        raise NotFoundError("No such workspace.", field=["workspaceId"])
    name = clean_name(name)
    slug = require_slug(slug) if slug is not None else slug_from_name(name)
    await billing.consume(uow, workspace.organization_id, Metric.PROJECTS)
    project = Project(
        id=uuid.uuid4(),
        organization_id=workspace.organization_id,
        workspace_id=workspace_id,
        name=name,
        slug=slug,
        description=_description(description),
        default_dialect=dialect,
        created_by_id=actor.viewer.user_id,
    )
    async with uow.unique_or(_taken(slug)):
        uow.session.add(project)
    uow.session.add(
        ProjectSettings(
            organization_id=project.organization_id, workspace_id=workspace_id, project_id=project.id
        )
    )
    record(
        uow,
        actor,
        "project.create",
        organization_id=project.organization_id,
        workspace_id=workspace_id,
        target_type="Project",
        target_id=project.id,
        details={"slug": slug},
    )
    await uow.session.flush()
    return project


async def update_project(
    uow: UnitOfWork,
    actor: Actor,
    *,
    project_id: UUID,
    name: str | None,
    slug: str | None,
    description: str | None,
    dialect: SqlDialect | None,
    archived: bool | None,
) -> Project:
    project = await live_project(uow, project_id)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = project.name = clean_name(name)
    if slug is not None:
        changes["slug"] = project.slug = require_slug(slug)
    if description is not None:
        changes["description"] = project.description = _description(description)
    if dialect is not None:
        project.default_dialect = dialect
        changes["dialect"] = dialect.value
    if archived is not None:
        project.archived_at = (project.archived_at or utcnow()) if archived else None
        changes["archived"] = archived
    await uow.flush_unique_or(_taken(slug))
    record(
        uow,
        actor,
        "project.update",
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        target_type="Project",
        target_id=project.id,
        details=changes,
    )
    return project


async def delete_project(uow: UnitOfWork, actor: Actor, *, project_id: UUID) -> None:
    """Soft delete: the project's name and slug become free, and its plan slot is given back."""
    project = await live_project(uow, project_id)
    project.deleted_at = utcnow()
    await billing.release(uow, project.organization_id, Metric.PROJECTS)
    record(
        uow,
        actor,
        "project.delete",
        organization_id=project.organization_id,
        workspace_id=project.workspace_id,
        target_type="Project",
        target_id=project.id,
        details={"slug": project.slug},
    )
    await uow.session.flush()


async def live_project(uow: UnitOfWork, project_id: UUID, *, field: list[str] | None = None) -> Project:
    """The project, unless it is deleted or hidden; ``field`` names the input that gave its id."""
    project = await uow.session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError("No such project.", field=field)
    return project


def _description(description: str | None) -> str | None:
    if description is None:
        return None
    text = description.strip()
    if len(text) > DESCRIPTION_MAX:
        raise BadUserInputError(
            f"The description must be at most {DESCRIPTION_MAX} characters.", field=["description"]
        )
    return text or None
