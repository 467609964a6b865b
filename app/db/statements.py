"""Counting SQL statements per request: the figure our N+1 tests and benchmarks pin, with
the statements themselves, for tests that check what a request reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class StatementCount:
    value: int = 0
    statements: list[str] = field(default_factory=list)  # SQLAlchemy's cached texts, not copies


# Every counter open around the current task: a test's counter sees what the request
# middleware's counter inside it sees.
_open_counts: ContextVar[tuple[StatementCount, ...]] = ContextVar("vizora_statement_counts", default=())


def record_statement(statement: str) -> None:
    for count in _open_counts.get():
        count.value += 1
        count.statements.append(statement)


@contextmanager
def counting_statements() -> Iterator[StatementCount]:
    """Count the statements executed by this task (and tasks it starts) until the block exits."""
    count = StatementCount()
    token = _open_counts.set((*_open_counts.get(), count))
    try:
        yield count
    finally:
        _open_counts.reset(token)
