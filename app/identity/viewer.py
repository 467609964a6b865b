"""The authenticated caller of a request."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.db.session import TenantContext
from app.models.enums import WorkspaceRole


@dataclass(frozen=True)
class ApiKeyScope:
    """What an API key may reach: its organization, one workspace of it or all, with a role."""

    organization_id: UUID
    workspace_id: UUID | None
    role: WorkspaceRole


@dataclass(frozen=True)
class Viewer:
    """A signed-in user, or an API key acting for its organization or workspace."""

    user_id: UUID | None
    api_key_id: UUID | None = None
    session_family_id: UUID | None = None  # the signed-in session, for logOut
    api_key_scope: ApiKeyScope | None = None

    @property
    def tenant(self) -> TenantContext:
        return TenantContext(user_id=self.user_id, api_key_id=self.api_key_id)
