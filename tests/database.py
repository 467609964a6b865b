"""Test databases: one server per run, one migrated template, a fresh clone per test module.

Cloning a template is much faster than migrating, and gives every module a database
nobody else writes to, so tests can assert on whole tables.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import asyncpg

from app.db import migrate
from app.db.bootstrap import DatabaseTargets, grant_logins, raw_connect
from app.db.embedded import start_embedded_postgres
from app.db.urls import BILLING_ROLE, RUNTIME_ROLE, role_url, with_database

TEST_SECRET_KEY = "test-secret-key-not-for-production"


def start_test_server() -> str:
    """TEST_DATABASE_URL's server when set, else a throwaway embedded PostgreSQL."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return with_database(configured, "postgres")
    pgdata = Path(tempfile.mkdtemp(prefix="vizora-test-")) / "pgdata"
    return start_embedded_postgres(pgdata, delete_on_exit=True).url


async def create_template(server_url: str) -> str:
    name = f"vizora_template_{uuid.uuid4().hex[:8]}"
    await execute(server_url, f'CREATE DATABASE "{name}"')
    owner_url = with_database(server_url, name)
    await migrate.upgrade(owner_url)
    await grant_logins(owner_url, TEST_SECRET_KEY)
    return name


async def clone_database(server_url: str, template: str, label: str) -> DatabaseTargets:
    name = f"vizora_test_{label}_{uuid.uuid4().hex[:6]}"[:63]
    await execute(server_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    owner_url = with_database(server_url, name)
    return DatabaseTargets(
        owner_url=owner_url,
        runtime_url=role_url(owner_url, TEST_SECRET_KEY, RUNTIME_ROLE),
        billing_url=role_url(owner_url, TEST_SECRET_KEY, BILLING_ROLE),
    )


async def drop_database(server_url: str, name: str) -> None:
    await execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def execute(url: str, sql: str) -> None:
    connection: asyncpg.Connection = await raw_connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()
