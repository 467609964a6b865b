"""The unit of work: one session and one transaction per request, tenant context inside it.

Row-level security policies read ``vizora.user_id`` and ``vizora.api_key_id``. They are
set with ``set_config(..., true)`` (transaction-local) each time the session begins a
transaction, so a pooled connection never carries one request's identity into the next.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from app.errors import ConflictError
from app.realtime.broker import Broker, Event
from app.realtime.outbox import EventQueue

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE

_SET_TENANT_CONTEXT = text(
    "SELECT set_config('vizora.user_id', :user_id, true), set_config('vizora.api_key_id', :api_key_id, true)"
)


@dataclass(frozen=True)
class TenantContext:
    """Who the database should consider the caller: a user, an API key, or nobody."""

    user_id: UUID | None = None
    api_key_id: UUID | None = None

    def as_settings(self) -> dict[str, str]:
        return {
            "user_id": str(self.user_id) if self.user_id else "",
            "api_key_id": str(self.api_key_id) if self.api_key_id else "",
        }


ANONYMOUS = TenantContext()


class UnitOfWork:
    """A request's session. Nothing is written until ``commit``; ``close`` rolls back the rest.
    Realtime events raised on the way are published only once the commit has happened."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], tenant: TenantContext) -> None:
        self.tenant = tenant
        self.sessionmaker = sessionmaker
        # Closed for good once closed: a straggler (a dataloader batch still in flight, in
        # a task of its own, when its request or event was cancelled) then fails instead of
        # quietly opening a new transaction on a connection nobody will return.
        self.session = sessionmaker(close_resets_only=False)
        self.events = EventQueue()
        event.listen(self.session.sync_session, "after_begin", self._set_tenant_context)

    def _set_tenant_context(
        self, _session: Session, _transaction: SessionTransaction, connection: Any
    ) -> None:
        connection.execute(_SET_TENANT_CONTEXT, self.tenant.as_settings())

    async def act_as(self, tenant: TenantContext) -> None:
        """Change who the database considers the caller, now and for later transactions.

        Used where identity is established mid-request: authentication, sign-up and log-in.
        Inside a savepoint that is rolled back, PostgreSQL reverts the setting with it.
        """
        self.tenant = tenant
        if self.session.in_transaction():
            await self.session.execute(_SET_TENANT_CONTEXT, tenant.as_settings())

    @asynccontextmanager
    async def side_transaction(self, tenant: TenantContext) -> AsyncIterator[AsyncSession]:
        """A separate, immediately committed transaction, for bookkeeping that must persist
        whatever becomes of the request's own (a query's transaction is rolled back)."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(_SET_TENANT_CONTEXT, tenant.as_settings())
            yield session

    @asynccontextmanager
    async def unique_or(self, conflict: ConflictError) -> AsyncIterator[None]:
        """Run the block in a savepoint; if it breaks a uniqueness rule (a taken slug, a
        registered email), roll back just the block and raise ``conflict`` instead. Any other
        integrity error is a bug and propagates as it is."""
        try:
            async with self.session.begin_nested():
                yield
                await self.session.flush()
        except IntegrityError as error:
            if getattr(error.orig, "sqlstate", None) == UNIQUE_VIOLATION:
                raise conflict from error
            raise

    async def flush_unique_or(self, conflict: ConflictError) -> None:
        """Flush what is pending, under the same rule as ``unique_or``."""
        async with self.unique_or(conflict):
            pass

    def publish_after_commit(self, event: Event) -> None:
        self.events.add(event)

    async def commit(self, broker: Broker | None = None) -> None:
        """Commit, then publish the queued events through ``broker``. Without one (the CLI's
        seeding, where nobody subscribes) they are dropped."""
        await self.session.commit()
        if broker is not None:
            await self.events.flush(broker)
        else:
            self.events.discard()

    async def rollback(self) -> None:
        self.events.discard()
        await self.session.rollback()

    async def close(self) -> None:
        # Often reached while the task is being cancelled (a client gone mid-request or
        # mid-event): a second cancellation must not stop the connection's return to the
        # pool, which would leave it for the garbage collector (sqlalchemy#8145).
        await asyncio.shield(self.session.close())
