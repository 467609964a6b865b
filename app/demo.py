"""Demo data for trying Vizora locally: one user owning an organization, a workspace and a project.

Runs as the database owner (an operator's command, not an API call). Seeding again keeps
the data and gives the demo user a fresh password, since only its hash is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from app.config import Settings
from app.db import migrate
from app.db.bootstrap import owner_url_for
from app.identity.passwords import hash_password
from app.models import (
    Organization,
    OrganizationMember,
    Project,
    ProjectSettings,
    User,
    Workspace,
    WorkspaceMember,
)
from app.models.enums import OrganizationRole, WorkspaceRole

DEMO_EMAIL = "demo@example.com"
DEMO_ORGANIZATION = "demo"
DEMO_WORKSPACE = "main"
DEMO_PROJECT = "sample-shop"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    organization_slug: str
    workspace_slug: str
    project_slug: str


async def seed_demo(settings: Settings) -> DemoLogin:
    owner_url, _embedded = await owner_url_for(settings)
    await migrate.upgrade(owner_url)
    engine = create_async_engine(owner_url, poolclass=NullPool)
    password = secrets.token_urlsafe(12)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as session, session.begin():
            user = await _demo_user(session, password)
            await _demo_tenancy(session, user)
    finally:
        await engine.dispose()
    return DemoLogin(DEMO_EMAIL, password, DEMO_ORGANIZATION, DEMO_WORKSPACE, DEMO_PROJECT)


async def _demo_user(session: AsyncSession, password: str) -> User:
    user = await session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is None:
        user = User(email=DEMO_EMAIL, display_name="Demo User", password_hash=hash_password(password))
        session.add(user)
        await session.flush()
    else:
        user.password_hash = hash_password(password)
    return user


async def _demo_tenancy(session: AsyncSession, user: User) -> None:
    organization = await session.scalar(
        select(Organization).where(Organization.slug == DEMO_ORGANIZATION, Organization.deleted_at.is_(None))
    )
    if organization is not None:
        return  # seeded before
    organization = Organization(name="Demo Organization", slug=DEMO_ORGANIZATION)
    session.add(organization)
    await session.flush()
    workspace = Workspace(organization_id=organization.id, name="Main", slug=DEMO_WORKSPACE)
    session.add(workspace)
    await session.flush()
    project = Project(
        organization_id=organization.id,
        workspace_id=workspace.id,
        name="Sample shop",
        slug=DEMO_PROJECT,
        description="A small e-commerce schema to explore.",
        created_by_id=user.id,
    )
    session.add(project)
    await session.flush()
    session.add_all(
        [
            OrganizationMember(organization_id=organization.id, user_id=user.id, role=OrganizationRole.OWNER),
            WorkspaceMember(
                organization_id=organization.id,
                workspace_id=workspace.id,
                user_id=user.id,
                role=WorkspaceRole.OWNER,
            ),
            ProjectSettings(
                organization_id=organization.id, workspace_id=workspace.id, project_id=project.id
            ),
        ]
    )
