"""Per-request dataloaders, one module per domain, gathered in ``Loaders``.

Built fresh for every request on that request's session, so their caches never outlive
the request and every query they run is scoped by the request's RLS context.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from loaders.identity import UserByIdLoader


class Loaders:
    def __init__(self, session: AsyncSession) -> None:
        self.user_by_id = UserByIdLoader(session)
