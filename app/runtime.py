"""What a running API process holds: settings, the secret, the runtime engine."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.billing.provider import LocalPaymentProvider, PaymentProvider
from app.config import Settings
from app.connections.sealing import connection_key
from app.connections.targets import Dialer, Fence
from app.db.bootstrap import DatabaseTargets, prepare_database
from app.db.engine import create_runtime_engine, create_sessionmaker
from app.identity.rate_limit import LoginThrottle
from app.observability.metrics import track_pool
from app.realtime.broker import Broker, open_broker
from app.realtime.memo import AsyncMemo
from app.secrets import resolve_secret_key


@dataclass
class Runtime:
    settings: Settings
    secret_key: str
    database: DatabaseTargets
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    login_throttle: LoginThrottle
    # Billing's system role (webhooks, the tick); None where no URL for it is configured.
    billing_sessionmaker: async_sessionmaker[AsyncSession] | None = None
    payment_provider: PaymentProvider | None = None
    connection_dialer: Dialer | None = None
    # Started by ``start_broker`` (the server's lifespan, the test harness); None before.
    broker: Broker | None = None
    # One load of an event's object shared by every local subscriber it is delivered to.
    event_loads: AsyncMemo = field(default_factory=AsyncMemo)

    async def start_broker(self) -> Broker:
        settings = self.settings
        self.broker = await open_broker(
            settings.broker_kind,
            dsn=self.database.runtime_url,
            redis_url=settings.redis_url,
            queue_size=settings.subscription_queue_size,
        )
        return self.broker

    async def close(self) -> None:
        if self.broker is not None:
            await self.broker.close()
        await self.engine.dispose()
        if self.billing_sessionmaker is not None:
            await self.billing_sessionmaker.kw["bind"].dispose()
        await asyncio.to_thread(self.database.release)


async def start_runtime(settings: Settings) -> Runtime:
    secret_key = resolve_secret_key(settings)
    database = await prepare_database(settings, secret_key)
    return open_runtime(settings, secret_key, database)


def open_runtime(settings: Settings, secret_key: str, database: DatabaseTargets) -> Runtime:
    """A runtime on a database that is already prepared (tests, workers)."""
    engine = create_runtime_engine(database.runtime_url, settings)
    pool: Any = engine.pool
    track_pool(checked_out=pool.checkedout, idle=pool.checkedin)
    billing = (
        create_sessionmaker(create_runtime_engine(database.billing_url, settings))
        if database.billing_url
        else None
    )
    provider = LocalPaymentProvider(f"http://{settings.host}:{settings.port}")
    dialer = Dialer(
        key=connection_key(secret_key, settings.connection_key),
        fence=Fence.from_settings(
            settings.connection_allowed_hosts, allow_loopback=not settings.is_production
        ),
        timeout_seconds=settings.connection_timeout_seconds,
    )
    return Runtime(
        settings,
        secret_key,
        database,
        engine,
        create_sessionmaker(engine),
        LoginThrottle.from_settings(settings),
        billing,
        payment_provider=provider,
        connection_dialer=dialer,
    )
