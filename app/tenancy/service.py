"""Creating, changing and (softly) deleting organizations and workspaces.

Who may call what is checked before we get here (the permission extension) and again by
row-level security underneath."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.errors import ConflictError, NotFoundError
from app.identity.tokens import utcnow
from app.models import Organization, Workspace, WorkspaceMember
from app.models.enums import WorkspaceRole
from app.realtime.topics import membership_changed
from app.tenancy.naming import clean_name, require_slug, slug_from_name


async def create_organization(
    uow: UnitOfWork, actor: Actor, *, name: str, slug: str, trial: billing.Trial | None = None
) -> Organization:
    """The organization and its first owner, the caller, in one step (see migration 0008)."""
    name, slug = clean_name(name), require_slug(slug)
    async with uow.unique_or(_organization_slug_taken(slug)):
        organization_id: UUID = (
            await uow.session.execute(
                text("SELECT vizora.create_organization(:name, :slug)"), {"name": name, "slug": slug}
            )
        ).scalar_one()
    await billing.start_subscription(uow, organization_id=organization_id, trial=trial)
    await billing.consume(uow, organization_id, Metric.MEMBERS)  # the owner
    record(
        uow,
        actor,
        "organization.create",
        organization_id=organization_id,
        target_type="Organization",
        target_id=organization_id,
        details={"slug": slug},
    )
    return await uow.session.get_one(Organization, organization_id)


async def create_workspace(
    uow: UnitOfWork, actor: Actor, *, organization_id: UUID, name: str, slug: str | None
) -> Workspace:
    """A workspace, with the calling user (if any) as its owner."""
    name = clean_name(name)
    slug = require_slug(slug) if slug is not None else slug_from_name(name)
    await billing.consume(uow, organization_id, Metric.WORKSPACES)
    workspace = Workspace(organization_id=organization_id, name=name, slug=slug)
    async with uow.unique_or(_workspace_slug_taken(slug)):
        uow.session.add(workspace)
    if actor.viewer.user_id is not None:  # an API key creating it is nobody to own it
        uow.session.add(
            WorkspaceMember(
                organization_id=organization_id,
                workspace_id=workspace.id,
                user_id=actor.viewer.user_id,
                role=WorkspaceRole.OWNER,
            )
        )
    record(
        uow,
        actor,
        "workspace.create",
        organization_id=organization_id,
        workspace_id=workspace.id,
        target_type="Workspace",
        target_id=workspace.id,
        details={"slug": slug},
    )
    await uow.session.flush()
    return workspace


async def update_organization(
    uow: UnitOfWork, actor: Actor, *, organization_id: UUID, name: str | None, slug: str | None
) -> Organization:
    organization = await _live_organization(uow, organization_id)
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = organization.name = clean_name(name)
    if slug is not None:
        changes["slug"] = organization.slug = require_slug(slug)
    await uow.flush_unique_or(_organization_slug_taken(slug))
    record(
        uow,
        actor,
        "organization.update",
        organization_id=organization_id,
        target_type="Organization",
        target_id=organization_id,
        details=changes,
    )
    return organization


async def delete_organization(uow: UnitOfWork, actor: Actor, *, organization_id: UUID) -> None:
    """Soft delete: the organization and everything in it disappear for everyone at once
    (policies and loaders skip deleted organizations); its slug becomes free again."""
    organization = await _live_organization(uow, organization_id)
    record(
        uow,
        actor,
        "organization.delete",
        organization_id=organization_id,
        target_type="Organization",
        target_id=organization_id,
        details={"slug": organization.slug},
    )
    await uow.session.flush()  # the audit row first: afterwards the organization admits no one
    organization.deleted_at = utcnow()
    uow.publish_after_commit(membership_changed(organization_id))
    await uow.session.flush()


async def update_workspace(
    uow: UnitOfWork,
    actor: Actor,
    *,
    workspace_id: UUID,
    name: str | None,
    slug: str | None,
    description: str | None,
    archived: bool | None,
) -> Workspace:
    workspace = await _live_workspace(uow, workspace_id)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = workspace.name = clean_name(name)
    if slug is not None:
        changes["slug"] = workspace.slug = require_slug(slug)
    if description is not None:
        changes["description"] = workspace.description = description.strip() or None
    if archived is not None:
        workspace.archived_at = (workspace.archived_at or utcnow()) if archived else None
        changes["archived"] = archived
    await uow.flush_unique_or(_workspace_slug_taken(slug))
    record(
        uow,
        actor,
        "workspace.update",
        organization_id=workspace.organization_id,
        workspace_id=workspace_id,
        target_type="Workspace",
        target_id=workspace_id,
        details=changes,
    )
    return workspace


async def delete_workspace(uow: UnitOfWork, actor: Actor, *, workspace_id: UUID) -> None:
    workspace = await _live_workspace(uow, workspace_id)
    workspace.deleted_at = utcnow()
    await billing.release(uow, workspace.organization_id, Metric.WORKSPACES)
    record(
        uow,
        actor,
        "workspace.delete",
        organization_id=workspace.organization_id,
        workspace_id=workspace_id,
        target_type="Workspace",
        target_id=workspace_id,
        details={"slug": workspace.slug},
    )
    uow.publish_after_commit(membership_changed(workspace.organization_id))
    await uow.session.flush()


async def _live_organization(uow: UnitOfWork, organization_id: UUID) -> Organization:
    organization = await uow.session.get(Organization, organization_id)
    if organization is None or organization.deleted_at is not None:
        raise NotFoundError("No such organization.")
    return organization


async def _live_workspace(uow: UnitOfWork, workspace_id: UUID) -> Workspace:
    workspace = await uow.session.get(Workspace, workspace_id)
    if workspace is None or workspace.deleted_at is not None:
        raise NotFoundError("No such workspace.")
    return workspace


def _organization_slug_taken(slug: str | None) -> ConflictError:
    return ConflictError(f"The slug {slug!r} is taken; choose another.", field=["slug"])


def _workspace_slug_taken(slug: str | None) -> ConflictError:
    return ConflictError(f"This organization already has a workspace with the slug {slug!r}.", field=["slug"])
