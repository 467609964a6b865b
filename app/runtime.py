"""What a running API process holds: settings, the secret, the runtime engine."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.billing.provider import LocalPaymentProvider, PaymentProvider
from app.config import Settings
from app.db.bootstrap import DatabaseTargets, prepare_database
from app.db.engine import create_runtime_engine, create_sessionmaker
from app.identity.rate_limit import LoginThrottle
from app.observability.metrics import track_pool
from app.secrets import resolve_secret_key


@dataclass
class Runtime:
    settings: Settings
    secret_key: str
    database: DatabaseTargets
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    # Billing's system role (webhooks, the tick); None where no URL for it is configured.
    billing_sessionmaker: async_sessionmaker[AsyncSession] | None = None
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    payment_provider: PaymentProvider | None = None

    async def close(self) -> None:
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
    return Runtime(
        settings,
        secret_key,
        database,
        engine,
        create_sessionmaker(engine),
        billing,
        payment_provider=provider,
    )
