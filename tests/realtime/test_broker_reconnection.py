"""Brokers lose their connections and carry on: the listener reconnects (after its backend is
terminated, its Redis client killed, or the network cut), listens again to every topic with
subscribers, and events flow again without a restart."""

from __future__ import annotations

from uuid import uuid4

import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from app.db.bootstrap import DatabaseTargets, raw_connect
from app.realtime.broker import Event
from app.realtime.postgres_notify import (
    LISTENER_APPLICATION_NAME,
    PUBLISHER_APPLICATION_NAME,
    PostgresNotifyBroker,
)
from app.realtime.redis_pubsub import LISTENER_CLIENT_NAME
from tests.realtime.brokers import StartBroker, Transport, a_topic, next_event, publish_until_received
from tests.tcp_proxy import DatabaseProxy


async def backend_pids(server_url: str, dsn: str, application_name: str) -> list[int]:
    connection = await raw_connect(server_url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
            make_url(dsn).database,
            application_name,
        )
        return [row["pid"] for row in rows]
    finally:
        await connection.close()


async def terminate_backends(server_url: str, pids: list[int]) -> None:
    connection = await raw_connect(server_url)
    try:
        for pid in pids:
            assert await connection.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await connection.close()


async def test_postgres_listener_reconnects_after_its_backend_is_terminated_and_listens_again(
    postgres_transport: Transport, database_server: str, start_broker: StartBroker
) -> None:
    broker = await start_broker(postgres_transport.broker())
    diagram, project = a_topic(), f"project:{uuid4()}"
    async with broker.subscribe(diagram) as on_diagram, broker.subscribe(project) as on_project:
        listener = await backend_pids(database_server, postgres_transport.dsn, LISTENER_APPLICATION_NAME)
        assert len(listener) == 1
        await terminate_backends(database_server, listener)

        await publish_until_received(broker, on_diagram)
        await broker.publish(Event(project, {"revision": 1}))
        assert await next_event(on_project) == Event(project, {"revision": 1})
        reconnected = await backend_pids(database_server, postgres_transport.dsn, LISTENER_APPLICATION_NAME)
        assert len(reconnected) == 1
        assert reconnected != listener


async def test_postgres_publisher_survives_its_connections_being_terminated(
    postgres_transport: Transport, database_server: str, start_broker: StartBroker
) -> None:
    broker = await start_broker(postgres_transport.broker())
    topic = a_topic()
    async with broker.subscribe(topic) as subscription:
        publishers = await backend_pids(database_server, postgres_transport.dsn, PUBLISHER_APPLICATION_NAME)
        assert publishers
        await terminate_backends(database_server, publishers)
        await broker.publish(Event(topic, {"revision": 1}))
        assert await next_event(subscription) == Event(topic, {"revision": 1})


async def test_postgres_broker_recovers_after_a_network_outage(
    database: DatabaseTargets, start_broker: StartBroker
) -> None:
    runtime_url = make_url(database.runtime_url)
    proxy = DatabaseProxy(str(runtime_url.query["host"]))
    await proxy.start()
    through_proxy = runtime_url.set(host="127.0.0.1", port=proxy.port, query={})
    try:
        broker = await start_broker(PostgresNotifyBroker(through_proxy.render_as_string(hide_password=False)))
        topic = a_topic()
        async with broker.subscribe(topic) as subscription:
            await proxy.cut()
            with pytest.raises(OSError):
                await broker.publish(Event(topic, {"during": "outage"}))
            await proxy.start()
            await publish_until_received(broker, subscription)
    finally:
        await proxy.cut()


async def test_redis_listener_reconnects_after_its_connection_is_killed_and_subscribes_again(
    redis_transport: Transport, start_broker: StartBroker
) -> None:
    broker = await start_broker(redis_transport.broker())
    diagram, project = a_topic(), f"project:{uuid4()}"
    async with (
        broker.subscribe(diagram) as on_diagram,
        broker.subscribe(project) as on_project,
        Redis.from_url(redis_transport.redis_url) as admin,
    ):
        # Vizora's listeners only, not every pub/sub client of a Redis that REDIS_URL may share.
        listeners = [
            client
            for client in await admin.client_list(_type="pubsub")
            if client["name"] == LISTENER_CLIENT_NAME
        ]
        assert listeners
        for client in listeners:
            assert await admin.client_kill_filter(_id=client["id"], _type="pubsub") == 1

        await publish_until_received(broker, on_diagram)
        await broker.publish(Event(project, {"revision": 1}))
        assert await next_event(on_project) == Event(project, {"revision": 1})
