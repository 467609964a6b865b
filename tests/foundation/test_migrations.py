"""Migrations upgrade from empty, downgrade to empty, and agree with the models; the schema they
build indexes every foreign key and ties each row's tenant columns to its parents'."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, ForeignKeyConstraint, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
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


async def test_foreign_key_names_agree_with_the_models(owner_session: AsyncSession) -> None:
    # compare_metadata matches foreign keys by their columns; later migrations drop them by name.
    in_database = {(row.child, row.name) for row in await _foreign_keys(owner_session)}
    in_models = {
        (table.name, constraint.name)
        for table in Base.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, ForeignKeyConstraint)
    }
    assert in_database == in_models


async def test_every_foreign_key_is_indexed(owner_session: AsyncSession) -> None:
    """Deleting a parent looks its children up by the key's columns: some index must lead with them."""
    indexes = (
        await owner_session.execute(
            text(
                "SELECT i.indrelid::regclass::text AS table_name, "
                "array_agg(a.attname::text ORDER BY k.position) AS columns "
                "FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "JOIN pg_class c ON c.oid = i.indrelid "
                "WHERE c.relnamespace = 'public'::regnamespace AND i.indpred IS NULL "
                "GROUP BY i.indexrelid, i.indrelid"
            )
        )
    ).all()
    leading = {
        (row.table_name, frozenset(row.columns[:n]))
        for row in indexes
        for n in range(1, len(row.columns) + 1)
    }

    unindexed = [
        (key.child, key.name)
        for key in await _foreign_keys(owner_session)
        if (key.child, frozenset(key.columns)) not in leading
    ]
    assert unindexed == []


# Most specific first: a row in a project is tied to it, and through it to its workspace.
TENANT_COLUMNS = ("project_id", "workspace_id", "organization_id")


async def test_rows_reference_their_parents_together_with_the_tenant_they_share(
    owner_session: AsyncSession,
) -> None:
    """A row and the parent it references may not belong to different tenants: where both carry
    a tenant column (not null in the parent), the foreign key includes it."""
    not_null = {
        (row.table_name, row.column_name): row.is_nullable == "NO"
        for row in await owner_session.execute(
            text(
                "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                "WHERE table_schema = 'public'"
            )
        )
    }
    loose = []
    for key in await _foreign_keys(owner_session):
        shared = next(
            (
                column
                for column in TENANT_COLUMNS
                if (key.child, column) in not_null and not_null.get((key.parent, column), False)
            ),
            None,
        )
        if shared is not None and (shared, shared) not in zip(key.columns, key.parent_columns, strict=True):
            loose.append((key.child, key.name, shared))
    assert loose == []


async def test_upgrade_stops_naming_the_table_whose_rows_disagree_with_their_parent(
    database_server: str,
) -> None:
    name = f"vizora_migrations_{uuid.uuid4().hex[:8]}"
    await execute(database_server, f'CREATE DATABASE "{name}"')
    url = with_database(database_server, name)
    try:
        await migrate.upgrade(url, "0015")
        await execute(
            url,
            "WITH one AS (INSERT INTO organizations (name, slug) VALUES ('One', 'one') RETURNING id), "
            "two AS (INSERT INTO organizations (name, slug) VALUES ('Two', 'two') RETURNING id), "
            "ws AS (INSERT INTO workspaces (organization_id, name, slug) SELECT id, 'W', 'w' FROM one RETURNING id) "
            "INSERT INTO projects (organization_id, workspace_id, name, slug) "
            "SELECT two.id, ws.id, 'Astray', 'astray' FROM two, ws",
        )

        with pytest.raises(RuntimeError, match=r"^projects: 1 row\(s\) whose organization_id differs"):
            await migrate.upgrade(url)
        assert await migrate.current_revision(url) == "0015"  # nothing of it was kept
    finally:
        await drop_database(database_server, name)


async def _foreign_keys(session: AsyncSession) -> list[Any]:
    return list(
        await session.execute(
            text(
                "SELECT c.conrelid::regclass::text AS child, c.conname AS name, "
                "c.confrelid::regclass::text AS parent, "
                "ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, position) "
                "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
                "  ORDER BY k.position) AS columns, "
                "ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, position) "
                "  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum "
                "  ORDER BY k.position) AS parent_columns "
                "FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"
            )
        )
    )
