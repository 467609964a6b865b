"""Counting SQL statements per request: the figure our N+1 tests and benchmarks pin."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class StatementCount:
    value: int = 0


_current: ContextVar[StatementCount | None] = ContextVar("vizora_statement_count", default=None)


def record_statement() -> None:
    count = _current.get()
    if count is not None:
        count.value += 1


@contextmanager
def counting_statements() -> Iterator[StatementCount]:
    """Count the statements executed by this task (and tasks it starts) until the block exits."""
    count = StatementCount()
    token = _current.set(count)
    try:
        yield count
    finally:
        _current.reset(token)
