"""Connection URLs: the owner's (migrations) and the runtime role's (everything else)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy.engine import URL, make_url

# The role every request runs as: no superuser, no table owner, no BYPASSRLS,
# so row-level security applies to it. Created by the migrations.
RUNTIME_ROLE = "vizora_app"
# The role of billing's system work (provider webhooks, the periodic tick): it acts for no
# user, across organizations, and its policies admit it to the billing tables only.
BILLING_ROLE = "vizora_billing"
LOGIN_ROLES = (RUNTIME_ROLE, BILLING_ROLE)


def as_asyncpg(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def asyncpg_arguments(url: str) -> dict[str, Any]:
    """asyncpg's keyword arguments for a SQLAlchemy URL (``postgresql+asyncpg://``, with the
    embedded server's socket directory as the ``host`` query parameter)."""
    parsed = make_url(url)
    return {
        "user": parsed.username,
        "password": parsed.password or None,
        "host": parsed.query.get("host") or parsed.host,
        "port": parsed.port,
        "database": parsed.database,
    }


def with_database(url: str, database: str) -> str:
    return as_asyncpg(url).set(database=database).render_as_string(hide_password=False)


def role_password(secret_key: str, role: str) -> str:
    """Derived, not stored: every process sharing the secret key computes the same password."""
    return hmac.new(secret_key.encode(), f"vizora-role-password:{role}".encode(), hashlib.sha256).hexdigest()


def role_url(owner_url: str, secret_key: str, role: str) -> str:
    parsed = as_asyncpg(owner_url).set(username=role, password=role_password(secret_key, role))
    return parsed.render_as_string(hide_password=False)
