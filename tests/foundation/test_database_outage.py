"""When PostgreSQL goes away the API answers fast and clearly, and recovers by itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db.bootstrap import DatabaseTargets
from app.runtime import Runtime, open_runtime
from app.server import create_app
from graphql_schema.node import encode_global_id
from tests.accounts import sign_up
from tests.conftest import make_settings
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient
from tests.tcp_proxy import DatabaseProxy

NODE_QUERY = "query($id: ID!) { node(id: $id) { id } }"
SOME_USER = encode_global_id("User", UUID(int=1))


@pytest.fixture(scope="module")
async def proxy(database: DatabaseTargets) -> AsyncIterator[DatabaseProxy]:
    socket_dir = make_url(database.runtime_url).query["host"]
    proxy = DatabaseProxy(str(socket_dir))
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture(scope="module")
async def proxied_runtime(database: DatabaseTargets, proxy: DatabaseProxy) -> AsyncIterator[Runtime]:
    runtime_url = make_url(database.runtime_url)
    through_proxy = runtime_url.set(host="127.0.0.1", port=proxy.port, query={})
    targets = DatabaseTargets(database.owner_url, through_proxy.render_as_string(hide_password=False))
    settings = make_settings(targets, db_connect_timeout_seconds=1.0)
    runtime = open_runtime(settings, TEST_SECRET_KEY, targets)
    yield runtime
    await runtime.close()


@pytest.fixture(scope="module")
async def proxied_client(proxied_runtime: Runtime) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=create_app(runtime=proxied_runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


async def test_database_outage_is_reported_then_recovered_without_restart(
    proxy: DatabaseProxy, proxied_client: GraphQLClient
) -> None:
    healthy = await proxied_client.execute(NODE_QUERY, {"id": SOME_USER})
    assert healthy.body == {"data": {"node": None}}
    assert (await proxied_client.http.get("/readyz")).status_code == 200

    await proxy.cut()

    ready = await proxied_client.http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "unreachable"}
    failed = await proxied_client.execute(NODE_QUERY, {"id": SOME_USER})
    assert failed.status_code == 200
    assert failed.errors[0]["message"] == "Internal server error"
    assert failed.error_codes == ["INTERNAL_SERVER_ERROR"]
    assert failed.errors[0]["extensions"]["requestId"] == failed.headers["x-request-id"]
    assert "asyncpg" not in str(failed.body)
    assert "Connect" not in str(failed.body)
    assert (await proxied_client.http.get("/healthz")).status_code == 200  # the process itself is fine

    await proxy.start()  # the database is back, on the same address

    assert (await proxied_client.http.get("/readyz")).status_code == 200
    recovered = await proxied_client.execute(NODE_QUERY, {"id": SOME_USER})
    assert recovered.body == {"data": {"node": None}}


async def test_a_runaway_statement_is_cancelled_by_the_statement_timeout(database: DatabaseTargets) -> None:
    settings = make_settings(database, db_statement_timeout_ms=200)
    runtime = open_runtime(settings, TEST_SECRET_KEY, database)
    try:
        async with runtime.engine.connect() as connection:
            with pytest.raises(DBAPIError, match="statement timeout"):
                await connection.execute(text("SELECT pg_sleep(5)"))
    finally:
        await runtime.close()


async def test_a_saturated_pool_while_signing_in_is_a_fast_503_that_says_to_retry(
    database: DatabaseTargets, client: GraphQLClient
) -> None:
    account = await sign_up(client, "busy")
    settings = make_settings(database, db_pool_size=1, db_max_overflow=0, db_connect_timeout_seconds=0.2)
    runtime = open_runtime(settings, TEST_SECRET_KEY, database)
    try:
        transport = httpx.ASGITransport(app=create_app(runtime=runtime))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
            runtime.engine.connect() as holding_the_only_connection,
        ):
            await holding_the_only_connection.execute(text("SELECT 1"))
            response = await GraphQLClient(http).execute("{ viewer { id } }", token=account.access_token)
    finally:
        await runtime.close()

    assert response.status_code == 503
    assert response.body == {
        "errors": [
            {"message": "The service is busy; retry in a moment.", "extensions": {"code": "UNAVAILABLE"}}
        ]
    }
    assert response.headers["x-request-id"]
