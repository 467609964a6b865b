"""Identity: people, their refresh-token sessions, and the API keys machines use."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import CheckConstraint, ForeignKey, Text, TypeDecorator, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, CITEXT, INET
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    CreatedAt,
    OrganizationScoped,
    SoftDelete,
    Timestamps,
    UUIDPrimaryKey,
    same_tenant_key,
    text_enum,
)
from app.models.enums import WorkspaceRole


class IpAddress(TypeDecorator[str]):
    """``inet`` in the database, ``str`` in Python whatever the driver.

    asyncpg decodes ``inet`` to ``ipaddress`` objects unless the engine was created with
    ``native_inet_types=False``; the models promise ``str`` either way.
    """

    impl = INET
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)


class User(UUIDPrimaryKey, Timestamps, SoftDelete, Base):
    """A person. Deleting one soft-deletes the row; the email stays taken until it is scrubbed."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(CITEXT, unique=True)
    password_hash: Mapped[str]  # argon2id, encoded with its parameters
    display_name: Mapped[str]
    avatar_url: Mapped[str | None]
    bio: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(server_default="UTC")
    last_login_at: Mapped[datetime | None]


class UserSession(UUIDPrimaryKey, CreatedAt, Base):
    """One refresh token. Rotating it creates the next session of the same ``family_id``;
    presenting a rotated token again is reuse, which revokes the whole family."""

    __tablename__ = "user_sessions"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    refresh_token_hash: Mapped[str] = mapped_column(unique=True)
    family_id: Mapped[UUID] = mapped_column(index=True)
    replaced_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_sessions.id", ondelete="SET NULL"), index=True
    )
    ip_address: Mapped[str | None] = mapped_column(IpAddress)
    user_agent: Mapped[str | None]
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None]


class LoginFailureCounter(Base):
    """Failed log-ins under one throttle key (an email and client address, or an address alone)
    in the window that started with the first of them; see ``app/identity/rate_limit.py``.

    The key is a hash: the table holds no email or address in the clear (people sometimes
    type their password into the email box). Rows whose window has ended are swept away.
    """

    __tablename__ = "login_failure_counters"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_not_negative"),)

    key: Mapped[str] = mapped_column(primary_key=True)
    failures: Mapped[int]
    window_ends_at: Mapped[datetime] = mapped_column(index=True)


class ApiKey(UUIDPrimaryKey, CreatedAt, OrganizationScoped, Base):
    """A secret for CI and scripts, valid in one organization or, with ``workspace_id``, one
    workspace. Only its hash is stored; ``prefix`` is the part shown to identify it."""

    __tablename__ = "api_keys"
    __table_args__ = (
        *same_tenant_key("workspace_id", "workspaces", shared="organization_id"),
        # For the (api key, organization_id) foreign keys of the rows a key wrote.
        UniqueConstraint("id", "organization_id"),
    )

    workspace_id: Mapped[UUID | None]
    name: Mapped[str]
    prefix: Mapped[str] = mapped_column(unique=True)
    key_hash: Mapped[str] = mapped_column(unique=True)
    role: Mapped[WorkspaceRole | None] = mapped_column(text_enum(WorkspaceRole, "role"))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
