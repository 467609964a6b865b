"""Alembic environment. The app passes an open connection in ``config.attributes``;
run by hand, the URL comes from DATABASE_URL."""

from __future__ import annotations

import asyncio
import os
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, TypeDecorator, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from app.db.urls import as_asyncpg
from app.models import Base

target_metadata = Base.metadata

# Two servers starting on one database must not migrate it at the same time.
MIGRATION_LOCK_KEY = 727_172_001


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # alembic's own bookkeeping table is not part of the model.
    return not (type_ == "table" and name == "alembic_version")


def render_item(type_: str, obj: object, autogen_context: Any) -> str | Literal[False]:
    # Our TypeDecorators are Python-side conveniences; migrations name the column type itself.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return f"postgresql.{obj.impl_instance!r}"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_item=render_item,
        compare_type=True,
        compare_server_default=False,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


async def run_with_url(url: str) -> None:
    engine = create_async_engine(as_asyncpg(url), poolclass=NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
        await connection.commit()
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = os.environ.get("DATABASE_URL") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set DATABASE_URL to the database to migrate.")
    asyncio.run(run_with_url(url))
