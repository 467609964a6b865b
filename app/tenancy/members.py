"""Changing and removing memberships, under the rules that keep an organization governable:
it always keeps an owner, and nobody grants or overrules a role above their own."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.errors import ConflictError, ForbiddenError, NotFoundError
from app.models import OrganizationMember, WorkspaceMember
from app.models.enums import OrganizationRole, RankedRole, WorkspaceRole
from app.realtime.topics import membership_changed

LAST_OWNER = "An organization must keep at least one owner; make someone else owner first."


async def change_organization_role(
    uow: UnitOfWork,
    actor: Actor,
    *,
    actor_role: OrganizationRole,
    organization_id: UUID,
    user_id: UUID,
    role: OrganizationRole,
) -> OrganizationMember:
    member = await _organization_member(uow, organization_id, user_id)
    _require_outranks(actor_role, member.role, role)
    if member.role is OrganizationRole.OWNER and role is not OrganizationRole.OWNER:
        await _require_another_owner(uow, organization_id, user_id)
    previous, member.role = member.role, role
    record(
        uow,
        actor,
        "member.role_change",
        organization_id=organization_id,
        target_type="User",
        target_id=user_id,
        details={"from": previous.value, "to": role.value},
    )
    uow.publish_after_commit(membership_changed(organization_id))
    await uow.session.flush()
    return member


async def change_workspace_role(
    uow: UnitOfWork,
    actor: Actor,
    *,
    actor_role: WorkspaceRole,
    organization_id: UUID,
    workspace_id: UUID,
    user_id: UUID,
    role: WorkspaceRole,
) -> WorkspaceMember:
    member = await uow.session.scalar(
        select(WorkspaceMember).where(
            WorkspaceMember.workspace_id == workspace_id,
            WorkspaceMember.organization_id == organization_id,
            WorkspaceMember.user_id == user_id,
        )
    )
    if member is None:
        raise NotFoundError("No such member of this workspace.", field=["userId"])
    _require_outranks(actor_role, member.role, role)
    previous, member.role = member.role, role
    record(
        uow,
        actor,
        "workspace_member.role_change",
        organization_id=organization_id,
        workspace_id=workspace_id,
        target_type="User",
        target_id=user_id,
        details={"from": previous.value, "to": role.value},
    )
    uow.publish_after_commit(membership_changed(organization_id))
    await uow.session.flush()
    return member


async def remove_from_organization(
    uow: UnitOfWork,
    actor: Actor,
    *,
    actor_role: OrganizationRole | None,
    organization_id: UUID,
    user_id: UUID,
) -> None:
    """Removes the membership and every workspace membership in the organization.
    ``actor_role`` None means the member is leaving by themselves."""
    member = await _organization_member(uow, organization_id, user_id)
    if actor_role is not None:
        _require_outranks(actor_role, member.role, member.role)
    if member.role is OrganizationRole.OWNER:
        await _require_another_owner(uow, organization_id, user_id)
    # Recorded first: someone leaving may append to the log only while still a member.
    action = "member.leave" if actor_role is None else "member.remove"
    record(uow, actor, action, organization_id=organization_id, target_type="User", target_id=user_id)
    uow.publish_after_commit(membership_changed(organization_id))
    await uow.session.flush()
    await uow.session.execute(
        delete(WorkspaceMember).where(
            WorkspaceMember.organization_id == organization_id, WorkspaceMember.user_id == user_id
        )
    )
    await uow.session.delete(member)
    await billing.release(uow, organization_id, Metric.MEMBERS)
    await uow.session.flush()


async def remove_from_workspace(
    uow: UnitOfWork,
    actor: Actor,
    *,
    actor_role: WorkspaceRole,
    organization_id: UUID,
    workspace_id: UUID,
    user_id: UUID,
) -> None:
    deleted = await uow.session.execute(
        delete(WorkspaceMember)
        .where(
            WorkspaceMember.workspace_id == workspace_id,
            WorkspaceMember.organization_id == organization_id,
            WorkspaceMember.user_id == user_id,
        )
        .returning(WorkspaceMember.role)
    )
    removed_role = deleted.scalar_one_or_none()
    if removed_role is None:
        raise NotFoundError("No such member of this workspace.", field=["userId"])
    _require_outranks(actor_role, removed_role, removed_role)  # raising rolls the deletion back
    record(
        uow,
        actor,
        "workspace_member.remove",
        organization_id=organization_id,
        workspace_id=workspace_id,
        target_type="User",
        target_id=user_id,
    )
    uow.publish_after_commit(membership_changed(organization_id))


async def _organization_member(uow: UnitOfWork, organization_id: UUID, user_id: UUID) -> OrganizationMember:
    member = await uow.session.scalar(
        select(OrganizationMember).where(
            OrganizationMember.organization_id == organization_id, OrganizationMember.user_id == user_id
        )
    )
    if member is None:
        raise NotFoundError("No such member of this organization.", field=["userId"])
    return member


def _require_outranks(actor_role: RankedRole, current: RankedRole, wanted: RankedRole) -> None:
    for role in (current, wanted):
        if actor_role.rank < role.rank:
            raise ForbiddenError("You cannot change or grant a role above your own.", field=["role"])


async def _require_another_owner(uow: UnitOfWork, organization_id: UUID, leaving_owner: UUID) -> None:
    # Locking every owner row serialises concurrent demotions: two owners removing each
    # other at once cannot both see the other one as "still there".
    owners = (
        await uow.session.scalars(
            select(OrganizationMember.user_id)
            .where(
                OrganizationMember.organization_id == organization_id,
                OrganizationMember.role == OrganizationRole.OWNER,
            )
            .with_for_update()
        )
    ).all()
    if not set(owners) - {leaving_owner}:
        raise ConflictError(LAST_OWNER)
