"""Fixtures for realtime tests: a Redis server for the run, and the brokers' transports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from app.realtime.broker import Broker, BrokerKind
from tests.realtime.brokers import StartBroker, Transport, transport_for
from tests.redis_server import redis_server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(params=list(BrokerKind))
def broker_transport(request: pytest.FixtureRequest) -> Transport:
    """Each kind of broker in turn."""
    return transport_for(request.param, request)


@pytest.fixture(params=[BrokerKind.POSTGRES, BrokerKind.REDIS])
def shared_transport(request: pytest.FixtureRequest) -> Transport:
    """The kinds that carry events between processes."""
    return transport_for(request.param, request)


@pytest.fixture
def postgres_transport(request: pytest.FixtureRequest) -> Transport:
    return transport_for(BrokerKind.POSTGRES, request)


@pytest.fixture
def redis_transport(request: pytest.FixtureRequest) -> Transport:
    return transport_for(BrokerKind.REDIS, request)


@pytest.fixture
async def start_broker() -> AsyncIterator[StartBroker]:
    """Start brokers for the test; every one is closed at its end, whatever happened."""
    brokers: list[Broker] = []

    async def start(broker: Broker) -> Broker:
        await broker.start()
        brokers.append(broker)
        return broker

    yield start
    for broker in brokers:
        await broker.close()
