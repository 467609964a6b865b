"""Fixtures: the database server and template (per run), a database, runtime and HTTP client
(per module), a live uvicorn server for WebSocket tests, and data factories."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from app.config import Environment, Settings
from app.db.bootstrap import DatabaseTargets
from app.db.engine import count_statements_of
from app.runtime import Runtime, open_runtime
from app.server import create_app
from tests.database import (
    TEST_SECRET_KEY,
    clone_database,
    create_template,
    drop_database,
    start_test_server,
)
from tests.graphql_client import GraphQLClient
from tests.live_server import serve


@pytest.fixture(scope="session")
def database_server() -> str:
    return start_test_server()


@pytest.fixture(scope="session")
async def template_database(database_server: str) -> AsyncIterator[str]:
    name = await create_template(database_server)
    yield name
    await drop_database(database_server, name)


@pytest.fixture(scope="module")
async def database(
    database_server: str, template_database: str, request: Any
) -> AsyncIterator[DatabaseTargets]:
    label = re.sub(r"[^a-z0-9]+", "_", request.module.__name__.rsplit(".", 1)[-1].lower())
    targets = await clone_database(database_server, template_database, label)
    yield targets
    await drop_database(database_server, targets.owner_url.rsplit("/", 1)[-1].split("?")[0])


def make_settings(targets: DatabaseTargets, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": Environment.TEST,
        "database_url": targets.owner_url,
        "app_database_url": targets.runtime_url,
        "billing_database_url": targets.billing_url,
        "secret_key": TEST_SECRET_KEY,
        "log_json": True,
        "db_pool_size": 5,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="module")
def settings(database: DatabaseTargets) -> Settings:
    return make_settings(database)


@pytest.fixture(scope="module")
async def runtime(settings: Settings, database: DatabaseTargets) -> AsyncIterator[Runtime]:
    runtime = open_runtime(settings, TEST_SECRET_KEY, database)
    await runtime.start_broker()
    yield runtime
    await runtime.close()


@pytest.fixture(scope="module")
async def client(runtime: Runtime) -> AsyncIterator[GraphQLClient]:
    app = create_app(runtime=runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


@pytest.fixture(scope="module")
async def owner_session(database: DatabaseTargets) -> AsyncIterator[AsyncSession]:
    """A session as the table owner, for arranging data and checking what was written
    without row-level security in the way. Never used to act as a caller."""
    engine = create_async_engine(database.owner_url, poolclass=NullPool)
    count_statements_of(engine)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield session
    await engine.dispose()


@pytest.fixture(scope="module")
async def live_server(runtime: Runtime) -> AsyncIterator[str]:
    """A real uvicorn on a free loopback port; yields its base URL (http://127.0.0.1:PORT)."""
    async with serve(runtime) as base_url:
        yield base_url
