"""Getting a database ready to serve: start or find it, create it, migrate it, let the runtime role in."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg
import structlog

from app.config import Settings
from app.db import migrate
from app.db.embedded import EmbeddedPostgres, start_embedded_postgres
from app.db.urls import (
    BILLING_ROLE,
    LOGIN_ROLES,
    RUNTIME_ROLE,
    as_asyncpg,
    asyncpg_arguments,
    role_password,
    role_url,
    with_database,
)

logger = structlog.get_logger("vizora.db")


@dataclass(frozen=True)
class DatabaseTargets:
    owner_url: str  # migrations and provisioning only
    runtime_url: str  # every request
    billing_url: str | None = None  # billing's system work (webhooks, the tick)
    embedded: EmbeddedPostgres | None = None  # set when this process started or joined one

    def release(self) -> None:
        if self.embedded is not None:
            self.embedded.release()


async def owner_url_for(settings: Settings) -> tuple[str, EmbeddedPostgres | None]:
    """The configured server, or the embedded one (started or joined) with Vizora's database in it."""
    if settings.database_url:
        return as_asyncpg(settings.database_url).render_as_string(hide_password=False), None
    embedded = await asyncio.to_thread(start_embedded_postgres, settings.embedded_pgdata)
    await create_database_if_missing(embedded.url, settings.database_name)
    return with_database(embedded.url, settings.database_name), embedded


async def prepare_database(settings: Settings, secret_key: str) -> DatabaseTargets:
    owner_url, embedded = await owner_url_for(settings)
    await migrate.upgrade(owner_url)
    if settings.app_database_url:
        app_url = as_asyncpg(settings.app_database_url).render_as_string(hide_password=False)
        billing_url = settings.billing_database_url and as_asyncpg(
            settings.billing_database_url
        ).render_as_string(hide_password=False)
        return DatabaseTargets(owner_url, app_url, billing_url, embedded)
    await grant_logins(owner_url, secret_key)
    return DatabaseTargets(
        owner_url,
        role_url(owner_url, secret_key, RUNTIME_ROLE),
        role_url(owner_url, secret_key, BILLING_ROLE),
        embedded,
    )


async def create_database_if_missing(server_url: str, database: str) -> None:
    connection = await raw_connect(server_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            quoted = await connection.fetchval("SELECT quote_ident($1)", database)
            try:
                await connection.execute(f"CREATE DATABASE {quoted}")
                logger.info("created database", database=database)
            except asyncpg.DuplicateDatabaseError:
                pass  # another process created it first
    finally:
        await connection.close()


async def grant_logins(owner_url: str, secret_key: str) -> None:
    """The migrations create the roles without passwords; the secret key decides them here."""
    connection = await raw_connect(owner_url)
    try:
        for role in LOGIN_ROLES:
            # A hex digest, so it is safe to inline: ALTER ROLE takes no bind parameters.
            await connection.execute(
                f"ALTER ROLE {role} WITH LOGIN PASSWORD '{role_password(secret_key, role)}'"
            )
    finally:
        await connection.close()


async def raw_connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(**asyncpg_arguments(url))
