"""The log-in throttle, shared by every API process through PostgreSQL.

Failed log-ins are counted per (email, client address), and with a higher limit per client
address alone (one address trying many emails). Each count lives in a fixed window that
starts with its first failure; once the window ends, the count starts over. Only the pair is
ever locked, never the account: someone failing to log in as you from their address does not
stop you logging in from yours.

An attempt is counted *before* its password is checked, in a transaction of its own that
commits at once. So parallel guesses cannot all pass the check before any of them counts, and
a failed log-in still counts although its own transaction is rolled back. A log-in that
succeeds takes its attempt back: its pair's count is cleared, and the address gets its one back.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.db.session import ANONYMOUS, UnitOfWork
from app.errors import RateLimitedError
from app.identity.tokens import utcnow
from app.models import LoginFailureCounter

# Ended windows removed per counted attempt: enough to outpace any rate at which new keys
# appear (at most two per attempt), small enough to keep an attempt cheap.
SWEEP_BATCH = 100


class LoginThrottledError(RateLimitedError):
    def __init__(self, retry_at: datetime, now: datetime) -> None:
        super().__init__(f"Too many failed log-ins; try again in {_wait(retry_at - now)}.")


@dataclass(frozen=True)
class CountedAttempt:
    """The keys an attempt was counted under, to take it back if the log-in succeeds."""

    pair_key: str
    address_key: str | None


@dataclass
class LoginThrottle:
    per_email_and_address: int
    per_address: int
    window: timedelta
    # Replaceable so that tests can move time instead of waiting for a window to end.
    clock: Callable[[], datetime] = field(default=utcnow)

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginThrottle:
        return cls(
            per_email_and_address=settings.login_failures_per_email_and_address,
            per_address=settings.login_failures_per_address,
            window=timedelta(seconds=settings.login_failure_window_seconds),
        )

    async def count_attempt(self, uow: UnitOfWork, email: str, address: str | None) -> CountedAttempt:
        """Count a log-in attempt; ``LoginThrottledError`` if its pair or its address has
        already failed as often as allowed in the current window."""
        attempt = CountedAttempt(
            pair_key=_key("email-and-address", email, address or ""),
            address_key=_key("address", address) if address is not None else None,
        )
        limits = {attempt.pair_key: self.per_email_and_address}
        if attempt.address_key is not None:
            limits[attempt.address_key] = self.per_address
        now = self.clock()
        async with uow.side_transaction(ANONYMOUS) as session:
            counts = await self._add_one(session, list(limits), now)
            await _sweep_ended_windows(session, now)
        # Raised once the count is committed: attempts while locked count as failures too.
        over = [ends_at for key, (failures, ends_at) in counts.items() if failures > limits[key]]
        if over:
            raise LoginThrottledError(max(over), now)
        return attempt

    async def take_back(self, session: AsyncSession, attempt: CountedAttempt) -> None:
        """The attempt succeeded: forget its pair's failures, and return its one to the address."""
        await session.execute(delete(LoginFailureCounter).where(LoginFailureCounter.key == attempt.pair_key))
        if attempt.address_key is not None:
            await session.execute(
                update(LoginFailureCounter)
                .where(LoginFailureCounter.key == attempt.address_key, LoginFailureCounter.failures > 0)
                .values(failures=LoginFailureCounter.failures - 1)
            )

    async def _add_one(
        self, session: AsyncSession, keys: list[str], now: datetime
    ) -> dict[str, tuple[int, datetime]]:
        """One more failure under each key, atomically: a window that has ended starts over."""
        table = LoginFailureCounter
        first = insert(table).values(
            [{"key": key, "failures": 1, "window_ends_at": now + self.window} for key in keys]
        )
        ended = table.window_ends_at <= now
        upsert = first.on_conflict_do_update(
            index_elements=[table.key],
            set_={
                "failures": case((ended, 1), else_=table.failures + 1),
                "window_ends_at": case((ended, first.excluded.window_ends_at), else_=table.window_ends_at),
            },
        )
        rows = await session.execute(upsert.returning(table.key, table.failures, table.window_ends_at))
        return {row.key: (row.failures, row.window_ends_at) for row in rows}


async def _sweep_ended_windows(session: AsyncSession, now: datetime) -> None:
    """Bounded growth: each attempt removes a batch of ended windows. SKIP LOCKED, so that
    concurrent attempts share the work instead of queueing behind each other."""
    ended = (
        select(LoginFailureCounter.key)
        .where(LoginFailureCounter.window_ends_at <= now)
        .limit(SWEEP_BATCH)
        .with_for_update(skip_locked=True)
    )
    await session.execute(delete(LoginFailureCounter).where(LoginFailureCounter.key.in_(ended)))


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _wait(remaining: timedelta) -> str:
    seconds = max(1, math.ceil(remaining.total_seconds()))
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"
