"""Async engines for the runtime role, with the limits every connection carries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import PoolResetState, event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from app.config import Settings
from app.db.serial_session import SerialSession
from app.db.statements import record_statement


def create_runtime_engine(url: str, settings: Settings) -> AsyncEngine:
    """The engine requests use. Each connection has a statement timeout, so one runaway
    query cannot hold a pool slot forever, and connects fail fast when PostgreSQL is down."""
    engine = create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_connect_timeout_seconds,
        pool_pre_ping=True,
        pool_reset_on_return=None,  # _reset_or_discard rolls back, and checks it did
        connect_args={
            "timeout": settings.db_connect_timeout_seconds,
            "command_timeout": settings.db_statement_timeout_ms / 1000 + 1,
            "server_settings": {
                "statement_timeout": str(settings.db_statement_timeout_ms),
                "idle_in_transaction_session_timeout": str(settings.db_statement_timeout_ms * 6),
                "application_name": "vizora-api",
            },
        },
    )
    count_statements_of(engine)
    event.listen(engine.sync_engine.pool, "reset", _reset_or_discard)
    return engine


class UncleanConnectionError(Exception):
    """A connection is still inside a transaction after it was rolled back."""


def _reset_or_discard(dbapi_connection: Any, _record: Any, reset_state: PoolResetState) -> None:
    """Roll back a connection coming back to the pool, and make sure it worked.

    The driver adapter only rolls back a transaction it knows of. A rollback that failed
    (a query was still running on the connection) makes it forget the transaction while
    PostgreSQL still has it open, with the caller's ``vizora.*`` settings: the pool's own
    reset would then keep it. Raising here makes the pool close it for good instead.
    """
    if not reset_state.asyncio_safe:
        return  # garbage collection: the pool terminates the connection anyway
    dbapi_connection.rollback()
    if dbapi_connection.driver_connection.is_in_transaction():
        raise UncleanConnectionError("still in a transaction after rollback; discarded")


def count_statements_of(engine: AsyncEngine) -> None:
    """Feed every statement the engine runs to the open ``counting_statements`` blocks."""
    event.listen(engine.sync_engine, "before_cursor_execute", _count_statement)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[Any]:
    # expire_on_commit=False: objects returned by a mutation are still read after its commit.
    return async_sessionmaker(engine, class_=SerialSession, expire_on_commit=False, autoflush=True)


def _count_statement(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    record_statement(statement)
