"""Demo data for trying Vizora locally: one user owning an organization, a workspace and a project.

Seeded through the same services and row-level security as the API, acting as the demo
user. Seeding again keeps the data and gives the demo user a fresh password, since only its
hash is stored.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from app.audit.service import Actor
from app.config import Settings
from app.db.session import ANONYMOUS, UnitOfWork
from app.identity import service as identity
from app.identity.viewer import Viewer
from app.models import Organization, Project, ProjectSettings
from app.runtime import start_runtime
from app.tenancy import service as tenancy

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
    runtime = await start_runtime(settings)
    uow = UnitOfWork(runtime.sessionmaker, ANONYMOUS)
    password = secrets.token_urlsafe(12)
    try:
        user = await identity.reset_password(uow, email=DEMO_EMAIL, password=password)
        if user is None:
            user = await identity.create_account(
                uow, email=DEMO_EMAIL, password=password, display_name="Demo User"
            )
        actor = Actor(viewer=Viewer(user_id=user.id), address=None, request_id="seed-demo")
        if not await _already_seeded(uow):
            await _seed_tenancy(uow, actor)
        await uow.commit()
    finally:
        await uow.close()
        await runtime.close()
    return DemoLogin(DEMO_EMAIL, password, DEMO_ORGANIZATION, DEMO_WORKSPACE, DEMO_PROJECT)


async def _already_seeded(uow: UnitOfWork) -> bool:
    """The demo user already sees the demo organization (RLS hides anyone else's)."""
    found = await uow.session.scalar(
        select(Organization.id).where(
            Organization.slug == DEMO_ORGANIZATION, Organization.deleted_at.is_(None)
        )
    )
    return found is not None


async def _seed_tenancy(uow: UnitOfWork, actor: Actor) -> None:
    organization = await tenancy.create_organization(
        uow, actor, name="Demo Organization", slug=DEMO_ORGANIZATION
    )
    workspace = await tenancy.create_workspace(
        uow, actor, organization_id=organization.id, name="Main", slug=DEMO_WORKSPACE
    )
    # Projects get their own service with the ingestion issue; until then, the rows directly.
    project = Project(
        id=uuid.uuid4(),
        organization_id=organization.id,
        workspace_id=workspace.id,
        name="Sample shop",
        slug=DEMO_PROJECT,
        description="A small e-commerce schema to explore.",
        created_by_id=actor.viewer.user_id,
    )
    uow.session.add(project)
    await uow.session.flush()
    uow.session.add(
        ProjectSettings(organization_id=organization.id, workspace_id=workspace.id, project_id=project.id)
    )
    await uow.session.flush()
