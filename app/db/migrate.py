"""Running Alembic from the application, on an owner connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


async def _run(owner_url: str, operation: Any, *args: Any) -> Any:
    engine = create_async_engine(owner_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            result = await connection.run_sync(operation, *args)
            await connection.commit()
            return result
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(owner_url: str, revision: str = "head") -> None:
    await _run(owner_url, _upgrade, revision)


async def downgrade(owner_url: str, revision: str) -> None:
    await _run(owner_url, _downgrade, revision)


async def current_revision(owner_url: str) -> str | None:
    result: str | None = await _run(owner_url, _current)
    return result
