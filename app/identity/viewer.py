"""The authenticated caller of a request."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.db.session import TenantContext


@dataclass(frozen=True)
class Viewer:
    """A signed-in user, or an API key acting for its organization or workspace."""

    user_id: UUID | None
    api_key_id: UUID | None = None
    session_family_id: UUID | None = None  # the signed-in session, for logOut

    @property
    def tenant(self) -> TenantContext:
        return TenantContext(user_id=self.user_id, api_key_id=self.api_key_id)
