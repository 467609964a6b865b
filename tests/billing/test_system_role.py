"""Billing's system role can do billing and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from app.db.bootstrap import DatabaseTargets
from app.db.urls import BILLING_ROLE


async def _as_billing(database: DatabaseTargets, sql: str) -> object:
    assert database.billing_url is not None
    engine = create_async_engine(database.billing_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(sql))).all()
    finally:
        await engine.dispose()


async def test_billing_role_is_neither_superuser_nor_owner_nor_bypassing_rls(
    database: DatabaseTargets,
) -> None:
    rows = await _as_billing(
        database,
        "SELECT current_user, rolsuper, rolbypassrls, "
        "(SELECT count(*) FROM pg_tables WHERE tableowner = current_user) "
        "FROM pg_roles WHERE rolname = current_user",
    )
    assert rows == [(BILLING_ROLE, False, False, 0)]


@pytest.mark.parametrize("table", ["projects", "users", "schema_versions", "api_keys", "activity_logs"])
async def test_billing_role_cannot_read_outside_billing(database: DatabaseTargets, table: str) -> None:
    with pytest.raises(Exception, match="permission denied"):
        await _as_billing(database, f"SELECT 1 FROM {table} LIMIT 1")


async def test_billing_role_reads_the_catalogue(database: DatabaseTargets) -> None:
    rows = await _as_billing(database, "SELECT code FROM billing_plans ORDER BY sort_order")
    assert [code for (code,) in rows] == ["free", "pro", "team", "enterprise"]  # type: ignore[attr-defined]
