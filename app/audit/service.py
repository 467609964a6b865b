"""Writing activity log entries, in the same transaction as the change they describe."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.db.session import UnitOfWork
from app.identity.viewer import Viewer
from app.models import ActivityLog


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where: the signed-in viewer, its address, the request id."""

    viewer: Viewer
    address: str | None
    request_id: str | None


def record(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    *,
    organization_id: UUID,
    target_type: str,
    target_id: UUID | None,
    workspace_id: UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    uow.session.add(
        ActivityLog(
            id=uuid.uuid4(),
            organization_id=organization_id,
            workspace_id=workspace_id,
            actor_user_id=actor.viewer.user_id,
            actor_api_key_id=actor.viewer.api_key_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details or {},
            ip_address=actor.address,
            request_id=actor.request_id,
        )
    )
