"""Migrations upgrade from empty, downgrade to empty, and agree with the models."""

from __future__ import annotations

import uuid
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from app.db import migrate
from app.db.urls import with_database
from app.models import Base
from tests.database import drop_database, execute


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "include_object": lambda _obj, name, type_, *_: (
                not (type_ == "table" and name == "alembic_version")
            ),
        },
    )
    differences: list[Any] = compare_metadata(context, Base.metadata)
    return differences


async def _public_relations(url: str) -> list[str]:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as connection:
        names = (
            await connection.scalars(
                text(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname IN ('public', 'vizora') AND c.relkind IN ('r', 'p', 'v', 'S') "
                    "AND c.relname <> 'alembic_version'"
                )
            )
        ).all()
    await engine.dispose()
    return sorted(names)


async def test_migrations_upgrade_from_empty_and_downgrade_to_empty(database_server: str) -> None:
    name = f"vizora_migrations_{uuid.uuid4().hex[:8]}"
    await execute(database_server, f'CREATE DATABASE "{name}"')
    url = with_database(database_server, name)
    try:
        await migrate.upgrade(url)
        assert await migrate.current_revision(url) is not None
        assert len(await _public_relations(url)) == len(Base.metadata.tables)

        await migrate.downgrade(url, "base")
        assert await migrate.current_revision(url) is None
        assert await _public_relations(url) == []

        await migrate.upgrade(url)  # and up again: downgrade left nothing behind that blocks it
        assert len(await _public_relations(url)) == len(Base.metadata.tables)
    finally:
        await drop_database(database_server, name)


async def test_models_and_migrations_agree(database: Any) -> None:
    engine = create_async_engine(database.owner_url, poolclass=NullPool)
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    await engine.dispose()
    assert differences == []
