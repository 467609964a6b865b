"""Invitations: by email, single use, expiring, revocable; the token is shown once and
stored only as a hash. Acceptance runs in the database (migration 0009) because the
accepting user is not yet a member of anything RLS would let them read."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select, text, update

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import UnitOfWork
from app.errors import BadUserInputError, ForbiddenError, NotFoundError, VizoraError
from app.identity.service import normalize_email
from app.identity.tokens import utcnow
from app.models import EmailOutbox, Invitation, Workspace
from app.models.enums import OrganizationRole, WorkspaceRole
from app.secrets_box import seal

INVITATION_TTL = timedelta(days=7)
OUTBOX_SEAL_PURPOSE = "invitation-token"

_ACCEPTANCE_REFUSALS: dict[str, tuple[type[VizoraError], str]] = {
    "not_found": (NotFoundError, "This invitation does not exist or was withdrawn."),
    "used": (NotFoundError, "This invitation has already been used."),
    "expired": (NotFoundError, "This invitation has expired; ask for a new one."),
    "wrong_account": (
        ForbiddenError,
        "This invitation was sent to another email address; sign in with that account.",
    ),
}


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


@dataclass(frozen=True)
class InvitationTerms:
    email: str
    organization_role: OrganizationRole
    workspace_id: UUID | None = None
    workspace_role: WorkspaceRole | None = None


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite_member(
    uow: UnitOfWork,
    actor: Actor,
    secret_key: str,
    *,
    organization_id: UUID,
    inviter_role: OrganizationRole,
    terms: InvitationTerms,
) -> IssuedInvitation:
    email = normalize_email(terms.email)
    if not inviter_role.at_least(terms.organization_role):
        raise ForbiddenError("You cannot grant a role above your own.", field=["organizationRole"])
    workspace_role = await _workspace_terms(uow, organization_id, terms)
    now = utcnow()
    # Re-inviting replaces the pending invitation: the old token stops working.
    await uow.session.execute(
        update(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        id=uuid.uuid4(),
        organization_id=organization_id,
        workspace_id=terms.workspace_id,
        email=email,
        organization_role=terms.organization_role,
        workspace_role=workspace_role,
        token_hash=hash_invitation_token(token),
        invited_by_id=actor.viewer.user_id,
        expires_at=now + INVITATION_TTL,
    )
    uow.session.add(invitation)
    uow.session.add(
        EmailOutbox(
            id=uuid.uuid4(),
            organization_id=organization_id,
            to_address=email,
            subject="You are invited to Vizora",
            body_text="You have been invited to an organization on Vizora. Accept: {accept_url}",
            kind="invitation",
            # The mail worker unseals it to build {accept_url}; the database never holds it readable.
            payload={
                "invitation_id": str(invitation.id),
                "sealed_token": seal(secret_key, OUTBOX_SEAL_PURPOSE, token),
            },
        )
    )
    record(
        uow,
        actor,
        "invitation.create",
        organization_id=organization_id,
        workspace_id=terms.workspace_id,
        target_type="Invitation",
        target_id=invitation.id,
        details={"email": email, "organizationRole": terms.organization_role.value},
    )
    await uow.session.flush()
    return IssuedInvitation(invitation, token)


async def _workspace_terms(
    uow: UnitOfWork, organization_id: UUID, terms: InvitationTerms
) -> WorkspaceRole | None:
    if terms.workspace_id is None:
        if terms.workspace_role is not None:
            raise BadUserInputError("A workspace role needs a workspace.", field=["workspaceId"])
        return None
    workspace = await uow.session.scalar(
        select(Workspace).where(
            Workspace.id == terms.workspace_id,
            Workspace.organization_id == organization_id,
            Workspace.deleted_at.is_(None),
        )
    )
    if workspace is None:
        raise NotFoundError("No such workspace in this organization.", field=["workspaceId"])
    return terms.workspace_role or WorkspaceRole.VIEWER


async def revoke_invitation(uow: UnitOfWork, actor: Actor, *, invitation_id: UUID) -> Invitation:
    invitation = await uow.session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFoundError("No such invitation.", field=["invitationId"])
    if invitation.accepted_at is not None:
        raise BadUserInputError("This invitation was already accepted; remove the member instead.")
    invitation.revoked_at = invitation.revoked_at or utcnow()
    record(
        uow,
        actor,
        "invitation.revoke",
        organization_id=invitation.organization_id,
        target_type="Invitation",
        target_id=invitation.id,
    )
    await uow.session.flush()
    return invitation


async def accept_invitation(uow: UnitOfWork, actor: Actor, *, token: str) -> tuple[UUID, UUID | None]:
    """The organization (and workspace) joined."""
    outcome, organization_id, workspace_id, joined = (
        await uow.session.execute(
            text(
                "SELECT outcome, organization_id, workspace_id, joined "
                "FROM vizora.accept_invitation(:token_hash)"
            ),
            {"token_hash": hash_invitation_token(token)},
        )
    ).one()
    if outcome != "accepted":
        error_class, message = _ACCEPTANCE_REFUSALS[outcome]
        raise error_class(message, field=["token"])
    if joined:
        await billing.consume(uow, organization_id, Metric.MEMBERS)
    record(
        uow,
        actor,
        "invitation.accept",
        organization_id=organization_id,
        workspace_id=workspace_id,
        target_type="User",
        target_id=actor.viewer.user_id,
    )
    return organization_id, workspace_id
