"""Reading a live PostgreSQL database into the canonical model.

Everything happens in one read-only, repeatable-read transaction: the catalogs are read as
one snapshot, and nothing Vizora runs can change the customer's database. The whole attempt,
connecting included, is bounded by one timeout, and the server is given the same budget
(``statement_timeout``, ``lock_timeout``), so a slow catalog query or a view locked by a
migration ends in an error instead of a hanging request. Failures are ``IntrospectionError``
with a message meant for the API's users: it says what went wrong and never repeats the URI,
whose password it would show.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import asyncpg

from app.connections.catalog_reader import read_schema_model
from app.connections.targets import DEFAULT_PORT
from app.ingest.model import SchemaModel

T = TypeVar("T")
# What a connection is used for, given the loop time by which everything must be done.
Work = Callable[[asyncpg.Connection, float], Awaitable[T]]

# The server's own timeouts get this share of what is left, so that its precise error
# ("canceling statement due to lock timeout") usually arrives before our deadline does.
_SERVER_SHARE = 0.9
_VERSION = "SELECT pg_catalog.current_setting('server_version')"


class IntrospectionError(Exception):
    """Reaching or reading the database failed; the message is safe to show the caller."""


@dataclass(frozen=True)
class IntrospectionResult:
    model: SchemaModel
    server_version: str  # "18.1", as the server reports it
    # Schemas asked for that do not exist, foreign keys into schemas not read, catalog text
    # this version of the reader could not parse.
    warnings: list[str] = field(default_factory=list)


async def introspect_database(
    dsn: str, *, schemas: Sequence[str], timeout_seconds: float, host: str | None = None
) -> IntrospectionResult:
    """The model of ``schemas`` (every schema but PostgreSQL's own when empty).

    ``host`` replaces the DSN's host when set: the caller dials the address it has vetted."""

    async def read(connection: asyncpg.Connection, deadline: float) -> IntrospectionResult:
        async with connection.transaction(readonly=True, isolation="repeatable_read"):
            await _limit_transaction(connection, deadline)
            version = await connection.fetchval(_VERSION)
            model, warnings = await read_schema_model(connection, schemas)
        return IntrospectionResult(model=model, server_version=str(version), warnings=warnings)

    return await _with_connection(dsn, host, timeout_seconds, read)


async def probe_database(dsn: str, *, timeout_seconds: float, host: str | None = None) -> str:
    """The server's version (``18.1``): the database can be reached and logged into."""

    async def version(connection: asyncpg.Connection, deadline: float) -> str:
        return str(await connection.fetchval(_VERSION))

    return await _with_connection(dsn, host, timeout_seconds, version)


async def _limit_transaction(connection: asyncpg.Connection, deadline: float) -> None:
    """Server-side limits from what is left of the budget, and an empty search_path, so the
    server prints every name outside pg_catalog qualified, as the model spells them."""
    remaining = deadline - asyncio.get_running_loop().time()
    budget_ms = max(int(remaining * _SERVER_SHARE * 1000), 1)
    # SET takes no bind parameters; the only value put in is an integer computed here.
    settings = ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
    limits = "; ".join(f"SET LOCAL {setting} = {budget_ms}" for setting in settings)
    await connection.execute(f"{limits}; SET LOCAL search_path = ''")


async def _with_connection(dsn: str, host: str | None, timeout_seconds: float, work: Work[T]) -> T:
    """Connect, do ``work`` and close, all within ``timeout_seconds``; failing to reach or
    read the database is an IntrospectionError."""
    where = _describe_target(dsn)
    connection: asyncpg.Connection | None = None
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    limit = asyncio.timeout_at(deadline)
    try:
        async with limit:
            # With ``host`` given, asyncpg would take the port from its defaults, not the DSN.
            port = urlsplit(dsn).port if host else None
            connection = await asyncpg.connect(dsn, host=host or None, port=port, timeout=timeout_seconds)
            result = await work(connection, deadline)
            await connection.close()
            return result
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, ValueError) as error:
        # Cut off mid-query, asyncpg may report the interrupted operation rather than the
        # timeout; the deadline having passed is what happened.
        reason = TimeoutError() if limit.expired() else error
        # A URI asyncpg rejects may be quoted in its error: not kept where logs could show it.
        cause = None if isinstance(error, ValueError) else error
        raise IntrospectionError(_explain(reason, where, timeout_seconds)) from cause
    finally:
        # After a timeout or an error mid-query the connection cannot be closed politely;
        # dropping it ends the session, and the server rolls the transaction back.
        if connection is not None and not connection.is_closed():
            connection.terminate()


def _explain(error: Exception, where: str, timeout_seconds: float) -> str:
    # The server's messages name users, databases and settings, never the password; ours
    # name the host as the URI gives it, not the address the caller resolved it to.
    message = str(error).strip().rstrip(".")
    if isinstance(error, TimeoutError):
        return f"{where} did not answer within {timeout_seconds:g} s."
    if isinstance(error, asyncpg.InvalidAuthorizationSpecificationError):  # wrong password included
        return f"Authentication failed at {where}: {message}. Check the user name and password."
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return f"{message[:1].upper()}{message[1:]} on {where}; check the database name in the URI."
    if isinstance(error, asyncpg.InsufficientPrivilegeError):
        return f"Permission denied while reading the catalogs at {where}: {message}."
    if isinstance(error, asyncpg.QueryCanceledError | asyncpg.LockNotAvailableError):
        return (
            f"Reading the catalogs at {where} was stopped ({message}): it may take {timeout_seconds:g} s "
            "in all, and a migration holding locks can delay it. Try again later."
        )
    if isinstance(error, asyncpg.CannotConnectNowError | asyncpg.TooManyConnectionsError):
        return f"{where} is not accepting connections now: {message}."
    if isinstance(error, asyncpg.PostgresError):
        return f"The database at {where} refused the introspection: {message}."
    if isinstance(error, ValueError):
        # asyncpg could not use the URI; its own message may quote the URI, password and all.
        return "The connection URI is not one PostgreSQL accepts; expected postgresql://user:password@host:5432/db."
    if isinstance(error, asyncpg.InterfaceError):
        return f"The connection to {where} failed: {message}."
    if isinstance(error, socket.gaierror):
        return f"The host of {where} could not be resolved; check the host name."
    if isinstance(error, ConnectionRefusedError):
        return f"{where} refused the connection: no PostgreSQL server listens there."
    reason = error.strerror if isinstance(error, OSError) and error.strerror else "the connection was dropped"
    return f"Could not reach {where}: {reason[:1].lower()}{reason[1:]}."


def _describe_target(dsn: str) -> str:
    """``host:port`` as the URI names it (a socket directory for a local server)."""
    try:
        parts = urlsplit(dsn)
        port = parts.port
    except ValueError:
        return "the database server"
    host = parts.hostname or parse_qs(parts.query).get("host", ["localhost"])[0]
    return f"{f'[{host}]' if ':' in host else host}:{port or DEFAULT_PORT}"
