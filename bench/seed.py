"""Benchmark data, written straight to the database as its owner.

The owner role (the embedded superuser, or DATABASE_URL's user) is not subject to the
row-level security every request runs under, so seeding needs no signed-in user.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import create_async_engine

from app.identity.passwords import hash_password
from app.models import Organization, OrganizationMember, User, Workspace
from app.models.enums import OrganizationRole

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


@dataclass(frozen=True)
class Member:
    email: str
    password: str


@asynccontextmanager
async def seeded_member(owner_url: str, *, organizations: int, workspaces: int) -> AsyncIterator[Member]:
    """One user with a real password, member of ``organizations`` organizations with
    ``workspaces`` workspaces each, for signed-in scenarios; removed again on exit."""
    tag = secrets.token_hex(4)
    member = Member(email=f"bench-member-{tag}@example.com", password=secrets.token_urlsafe(16))
    user_id = uuid.uuid4()
    organization_ids = [uuid.uuid4() for _ in range(organizations)]
    engine = create_async_engine(owner_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User),
                [
                    {
                        "id": user_id,
                        "email": member.email,
                        "display_name": "Bench Member",
                        "password_hash": hash_password(member.password),
                    }
                ],
            )
            await connection.execute(
                insert(Organization),
                [
                    {"id": org_id, "name": f"Bench {i}", "slug": f"bench-{tag}-{i}"}
                    for i, org_id in enumerate(organization_ids)
                ],
            )
            await connection.execute(
                insert(OrganizationMember),
                [
                    {"organization_id": org_id, "user_id": user_id, "role": OrganizationRole.ADMIN}
                    for org_id in organization_ids
                ],
            )
            await connection.execute(
                insert(Workspace),
                [
                    {"organization_id": org_id, "name": f"Workspace {j}", "slug": f"ws-{j}"}
                    for org_id in organization_ids
                    for j in range(workspaces)
                ],
            )
        yield member
    finally:
        async with engine.begin() as connection:
            await connection.execute(delete(Organization).where(Organization.id.in_(organization_ids)))
            await connection.execute(delete(User).where(User.id == user_id))
        await engine.dispose()
