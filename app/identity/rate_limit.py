"""Failed-login throttling: a sliding window of failures per key (an email, a client address).

Kept in process memory: each API process throttles what it sees. Behind a load balancer
spreading one attacker over N processes the effective limit is N times higher; a shared
store (PostgreSQL or Redis) is the upgrade when that matters.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class FailureWindow:
    limit: int
    window_seconds: float
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def is_blocked(self, key: str, *, now: float | None = None) -> bool:
        return len(self._recent(key, now)) >= self.limit

    def record_failure(self, key: str, *, now: float | None = None) -> None:
        self._recent(key, now).append(time.monotonic() if now is None else now)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)

    def _recent(self, key: str, now: float | None) -> deque[float]:
        moment = time.monotonic() if now is None else now
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= moment - self.window_seconds:
            failures.popleft()
        if not failures:
            # Forget idle keys so that a spray of distinct emails cannot grow memory forever.
            self._failures.pop(key, None)
            failures = self._failures.setdefault(key, deque())
        return failures


@dataclass
class LoginThrottle:
    per_email: FailureWindow = field(default_factory=lambda: FailureWindow(limit=5, window_seconds=900))
    per_address: FailureWindow = field(default_factory=lambda: FailureWindow(limit=30, window_seconds=900))

    def is_blocked(self, email: str, address: str | None) -> bool:
        return self.per_email.is_blocked(email) or (
            address is not None and self.per_address.is_blocked(address)
        )

    def record_failure(self, email: str, address: str | None) -> None:
        self.per_email.record_failure(email)
        if address is not None:
            self.per_address.record_failure(address)

    def record_success(self, email: str) -> None:
        self.per_email.clear(email)
