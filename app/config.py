"""Settings, read once at start-up from the environment and passed in from there.

Names follow the twelve-factor habit: ``DATABASE_URL`` and ``REDIS_URL`` as every
platform spells them, everything else prefixed ``VIZORA_``.
"""

from __future__ import annotations

import enum
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIZORA_", extra="ignore", frozen=True)

    env: Environment = Environment.DEVELOPMENT

    # Database. Without DATABASE_URL an embedded PostgreSQL is started in data_dir.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "VIZORA_DATABASE_URL")
    )
    app_database_url: str | None = Field(
        default=None,
        description="Connection for the runtime role; derived from DATABASE_URL when unset.",
    )
    billing_database_url: str | None = Field(
        default=None,
        description="Connection for billing's system role; derived from DATABASE_URL when unset.",
    )
    data_dir: Path = Path(".vizora")
    pgdata: Path | None = Field(
        default=None, description="Embedded PostgreSQL data; default data_dir/pgdata."
    )
    database_name: str = "vizora"
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_connect_timeout_seconds: float = 3.0
    db_statement_timeout_ms: int = 5_000

    # Secrets. In development the key is generated once and kept in data_dir.
    secret_key: str | None = None

    # Log-in throttle, shared by every process through the database: failed log-ins allowed
    # per (email, client address), and per client address whatever the email, in a window
    # that starts with the first failure.
    login_failures_per_email_and_address: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=30, ge=1)
    login_failure_window_seconds: float = Field(default=900, gt=0)

    # HTTP server.
    host: str = "127.0.0.1"
    port: int = 8000

    # Who may read /metrics. With a port, it is served there (on the same host) instead of
    # on the API's port; with a token, it asks for it as a Bearer token wherever it is
    # served. In production, without either, it is not served at all.
    metrics_port: int | None = None
    metrics_token: str | None = Field(default=None, min_length=16)

    # Request limits.
    max_body_bytes: int = 2 * 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    max_query_depth: int = 10
    max_aliases: int = 15
    max_fragment_spreads: int = 100
    max_tokens: int = 2_000
    max_query_cost: int = 250_000
    max_page_size: int = 100

    # Exposure of the schema; both default to off in production.
    introspection: bool | None = None
    field_suggestions: bool | None = None

    # Billing: a trial plan for new organizations (none: they start on free), and how often
    # the server runs the billing tick (0: never; `vizora billing tick` from cron instead).
    trial_plan: str | None = None
    trial_days: int = 14
    billing_tick_seconds: int = 300
    stripe_webhook_secret: str | None = None

    # Live database connections: the targets the API may dial (host names, "*.example.com",
    # or networks like "10.1.0.0/16"; loopback is allowed outside production), how long one
    # attempt may take, and the AES-256-GCM key for their URIs (32 bytes base64; derived
    # from the secret key when unset).
    connection_allowed_hosts: list[str] = []
    connection_timeout_seconds: float = 10.0
    connection_key: str | None = None

    # Realtime: the broker that carries events between processes ("memory" for one process,
    # "postgres" LISTEN/NOTIFY, "redis"; default: redis when REDIS_URL is set, else postgres),
    # and the WebSocket limits.
    broker: str | None = None
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "VIZORA_REDIS_URL")
    )
    subscription_queue_size: int = 256
    websocket_allowed_origins: list[str] = []
    max_subscriptions_per_connection: int = 20
    max_websocket_message_bytes: int = 256 * 1024
    connection_init_timeout_seconds: float = 10.0
    max_unsigned_sockets_per_address: int = 20

    log_level: str = "INFO"
    log_json: bool = True

    @property
    def broker_kind(self) -> str:
        return self.broker or ("redis" if self.redis_url else "postgres")

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def metrics_on_api_port(self) -> bool:
        if self.metrics_port is not None:
            return False
        return self.metrics_token is not None or not self.is_production

    @property
    def introspection_enabled(self) -> bool:
        return (not self.is_production) if self.introspection is None else self.introspection

    @property
    def field_suggestions_enabled(self) -> bool:
        return (not self.is_production) if self.field_suggestions is None else self.field_suggestions

    @property
    def embedded_pgdata(self) -> Path:
        return self.pgdata or self.data_dir / "pgdata"
