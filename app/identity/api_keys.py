"""API keys for CI pipelines and scripts: shown once, stored as a hash plus a short visible
prefix, scoped to an organization (or one of its workspaces) with a workspace role."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select, text, update

from app.audit.service import Actor, record
from app.billing import service as billing
from app.billing.metrics import Metric
from app.db.session import TenantContext, UnitOfWork
from app.errors import BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError
from app.identity.tokens import utcnow
from app.identity.viewer import ApiKeyScope, Viewer
from app.models import ApiKey, Workspace
from app.models.enums import WorkspaceRole
from app.realtime.topics import membership_changed

KEY_PREFIX = "vz_"
NAME_MAX = 80
# last_used_at is a hint for humans ("used 3 minutes ago"); writing it on every request
# would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)
INVALID_KEY = "The API key is not valid."


@dataclass(frozen=True)
class IssuedApiKey:
    api_key: ApiKey
    secret: str


def looks_like_api_key(bearer: str) -> bool:
    return bearer.startswith(KEY_PREFIX) and bearer.count("_") >= 2


def _hash(secret: str) -> str:
    # 256 random bits: a fast hash is enough; argon2 is for secrets people choose.
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_api_key(
    uow: UnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    actor_role: WorkspaceRole,
    workspace_id: UUID | None,
    name: str,
    role: WorkspaceRole,
    expires_at: datetime | None,
) -> IssuedApiKey:
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise BadUserInputError(f"The name must be 1 to {NAME_MAX} characters.", field=["name"])
    if expires_at is not None and expires_at <= utcnow():
        raise BadUserInputError("expiresAt must be in the future.", field=["expiresAt"])
    if not actor_role.at_least(role):
        raise ForbiddenError("A key cannot have a role above your own.", field=["role"])
    if workspace_id is not None and not await _workspace_in(uow, workspace_id, organization_id):
        raise NotFoundError("No such workspace in this organization.", field=["workspaceId"])
    await billing.consume(uow, organization_id, Metric.API_KEYS)
    prefix = secrets.token_hex(5)
    secret = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        id=uuid.uuid4(),
        organization_id=organization_id,
        workspace_id=workspace_id,
        name=name,
        prefix=prefix,
        key_hash=_hash(secret),
        role=role,
        created_by_id=actor.viewer.user_id,
        expires_at=expires_at,
    )
    uow.session.add(api_key)
    record(
        uow,
        actor,
        "api_key.create",
        organization_id=organization_id,
        workspace_id=workspace_id,
        target_type="ApiKey",
        target_id=api_key.id,
        details={"name": name, "role": role.value},
    )
    await uow.session.flush()
    return IssuedApiKey(api_key, secret)


async def revoke_api_key(uow: UnitOfWork, actor: Actor, *, api_key_id: UUID) -> ApiKey:
    api_key = await uow.session.get(ApiKey, api_key_id)
    if api_key is None:
        raise NotFoundError("No such API key.", field=["apiKeyId"])
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        await billing.release(uow, api_key.organization_id, Metric.API_KEYS)
    record(
        uow,
        actor,
        "api_key.revoke",
        organization_id=api_key.organization_id,
        target_type="ApiKey",
        target_id=api_key.id,
    )
    uow.publish_after_commit(membership_changed(api_key.organization_id))
    await uow.session.flush()
    return api_key


async def authenticate_api_key(uow: UnitOfWork, bearer: str) -> Viewer:
    prefix = bearer[len(KEY_PREFIX) :].split("_", 1)[0]
    row = (
        await uow.session.execute(
            text(
                "SELECT id, key_hash, organization_id, workspace_id, role, expires_at, revoked_at, "
                "last_used_at FROM vizora.api_key_for_authentication(:prefix)"
            ),
            {"prefix": prefix},
        )
    ).first()
    now = utcnow()
    if row is None or not hmac.compare_digest(row.key_hash, _hash(bearer)):
        raise UnauthenticatedError(INVALID_KEY)
    if row.revoked_at is not None:
        raise UnauthenticatedError("The API key has been revoked.")
    if row.expires_at is not None and row.expires_at <= now:
        raise UnauthenticatedError("The API key has expired.")
    tenant = TenantContext(api_key_id=row.id)
    await uow.act_as(tenant)
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_RESOLUTION:
        async with uow.side_transaction(tenant) as session:
            await session.execute(update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now))
    scope = ApiKeyScope(
        organization_id=row.organization_id,
        workspace_id=row.workspace_id,
        role=WorkspaceRole(row.role or WorkspaceRole.VIEWER),
    )
    return Viewer(user_id=None, api_key_id=row.id, api_key_scope=scope)


async def _workspace_in(uow: UnitOfWork, workspace_id: UUID, organization_id: UUID) -> bool:
    found = await uow.session.scalar(
        select(Workspace.id).where(
            Workspace.id == workspace_id,
            Workspace.organization_id == organization_id,
            Workspace.deleted_at.is_(None),
        )
    )
    return found is not None
