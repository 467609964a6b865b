"""Connection URLs: the owner's (migrations) and the runtime role's (everything else)."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.engine import URL, make_url

# The role every request runs as: no superuser, no table owner, no BYPASSRLS,
# so row-level security applies to it. Created by the first migration.
RUNTIME_ROLE = "vizora_app"


def as_asyncpg(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def with_database(url: str, database: str) -> str:
    return as_asyncpg(url).set(database=database).render_as_string(hide_password=False)


def runtime_role_password(secret_key: str) -> str:
    """Derived, not stored: every process sharing the secret key computes the same password."""
    return hmac.new(secret_key.encode(), b"vizora-runtime-role-password", hashlib.sha256).hexdigest()


def runtime_url(owner_url: str, secret_key: str) -> str:
    parsed = as_asyncpg(owner_url).set(username=RUNTIME_ROLE, password=runtime_role_password(secret_key))
    return parsed.render_as_string(hide_password=False)
