"""Expected failures: each carries a code a program can branch on and a message a person can act on.

Anything raised that is not a ``VizoraError`` is unexpected, and is masked at the API edge.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence


class ErrorCode(enum.StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    PLAN_LIMIT_EXCEEDED = "PLAN_LIMIT_EXCEEDED"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    UNAVAILABLE = "UNAVAILABLE"  # retry later: the service is busy or a subscriber fell behind


class VizoraError(Exception):
    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = list(field) if field else None


class UnauthenticatedError(VizoraError):
    code = ErrorCode.UNAUTHENTICATED


class ForbiddenError(VizoraError):
    code = ErrorCode.FORBIDDEN


class NotFoundError(VizoraError):
    code = ErrorCode.NOT_FOUND


class BadUserInputError(VizoraError):
    code = ErrorCode.BAD_USER_INPUT


class ConflictError(VizoraError):
    code = ErrorCode.CONFLICT


class PlanLimitExceededError(VizoraError):
    code = ErrorCode.PLAN_LIMIT_EXCEEDED


class RateLimitedError(VizoraError):
    code = ErrorCode.RATE_LIMITED


class SlowConsumerError(VizoraError):
    """A subscriber fell so far behind its events that it was cut off; it may subscribe
    again and refetch what it shows."""

    code = ErrorCode.UNAVAILABLE
