"""Two `vizora serve` processes on different ports, sharing one database: a subscriber on one
receives what a mutation on the other did — through PostgreSQL LISTEN/NOTIFY, and through
Redis."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx

from app.db.bootstrap import DatabaseTargets
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient
from tests.processes import free_port, stop
from tests.realtime.test_subscriptions import DIAGRAM_UPDATED, data_of, move, room, settle
from tests.ws_client import signed_in

START_TIMEOUT_SECONDS = 60


@contextmanager
def vizora_serve(database: DatabaseTargets, tmp_path: Path, **environment: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database.owner_url,
        "VIZORA_SECRET_KEY": TEST_SECRET_KEY,
        "VIZORA_ENV": "test",
        "VIZORA_DATA_DIR": str(tmp_path / f"data-{port}"),
        "VIZORA_BILLING_TICK_SECONDS": "0",
        **environment,
    }
    command = [str(Path(sys.executable).parent / "vizora"), "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


async def wait_until_ready(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url) as http, asyncio.timeout(START_TIMEOUT_SECONDS):
        while True:
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


@asynccontextmanager
async def two_processes(
    database: DatabaseTargets, tmp_path: Path, **environment: str
) -> AsyncIterator[tuple[str, str]]:
    with (
        vizora_serve(database, tmp_path, **environment) as first,
        vizora_serve(database, tmp_path, **environment) as second,
    ):
        await asyncio.gather(wait_until_ready(first), wait_until_ready(second))
        yield first, second


async def a_move_on_one_reaches_a_subscriber_on_the_other(first: str, second: str) -> None:
    async with httpx.AsyncClient(base_url=first, timeout=30) as http:
        client = GraphQLClient(http)
        shared = await room(client)
        async with signed_in(second, shared.viewer.access_token) as subscriber:
            await subscriber.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
            await settle()

            await move(client, shared, 1, 808)
            event = data_of(await subscriber.next(within=10), "diagramUpdated")

    assert event["diagram"]["revision"] == 2
    assert event["changedNodes"][0]["x"] == 808.0


async def test_listen_notify_carries_events_between_processes(
    database: DatabaseTargets, tmp_path: Path
) -> None:
    async with two_processes(database, tmp_path, VIZORA_BROKER="postgres") as (first, second):
        await a_move_on_one_reaches_a_subscriber_on_the_other(first, second)


async def test_redis_carries_events_between_processes(
    database: DatabaseTargets, tmp_path: Path, redis_url: str
) -> None:
    async with two_processes(database, tmp_path, VIZORA_BROKER="redis", REDIS_URL=redis_url) as (
        first,
        second,
    ):
        await a_move_on_one_reaches_a_subscriber_on_the_other(first, second)
