"""Benchmark data, written straight to the database as its owner.

The owner role (the embedded superuser, or DATABASE_URL's user) is not subject to the
row-level security every request runs under, so seeding needs no signed-in user.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import create_async_engine

from app.models import User

# Seeding is not what we measure: a cheap placeholder instead of an argon2 hash per user.
PLACEHOLDER_PASSWORD_HASH = "bench-not-a-real-hash"


@asynccontextmanager
async def seeded_users(owner_url: str, count: int) -> AsyncIterator[list[UUID]]:
    """``count`` users, deleted again on exit so a shared DATABASE_URL is left as found."""
    # A tag per run keeps our emails (unique) clear of existing users and of other runs.
    email_prefix = f"bench-{secrets.token_hex(4)}-"
    ids = [uuid.uuid4() for _ in range(count)]
    rows = [
        {
            "id": user_id,
            "email": f"{email_prefix}{index}@example.test",
            "display_name": f"Bench User {index}",
            "password_hash": PLACEHOLDER_PASSWORD_HASH,
        }
        for index, user_id in enumerate(ids)
    ]
    engine = create_async_engine(owner_url)
    try:
        if rows:
            async with engine.begin() as connection:
                await connection.execute(insert(User), rows)
        try:
            yield ids
        finally:
            async with engine.begin() as connection:
                await connection.execute(
                    delete(User).where(User.email.startswith(email_prefix, autoescape=True))
                )
    finally:
        await engine.dispose()
