"""The dashboard benchmark's data, seeded through the API as a team would create it.

- The dashboard's viewer: owner of 5 organizations (each moved to the enterprise plan, so no
  plan limit bites) x 5 workspaces x 10 projects, each project with one version of
  chinook_pg.sql (issue 13).
- The project page's viewer, another account: one project whose versions are the consecutive
  revisions of lago's ``db/structure.sql`` (about 140 tables), oldest first. A second account
  keeps that project off the dashboard, whose pages are exactly full.

The corpus files are read from ``../shared/corpus`` at run time, never copied into the repo.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx

from bench.fanout import execute, mutate
from bench.ingest_timing import CHANGE_PLAN
from bench.seed import Member
from bench.server import REPO_ROOT
from graphql_schema.node import decode_global_id

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
ORGANIZATIONS, WORKSPACES, PROJECTS = 5, 5, 10
SEEDING_CONCURRENCY = 4  # projects created at once: seeding is not what we measure


@dataclass(frozen=True)
class Sources:
    chinook: str  # the version of every dashboard project
    history: list[str]  # the project page's versions, oldest first

    @classmethod
    def read(cls, corpus: Path) -> Sources:
        chinook = corpus / "chinook_pg.sql"
        history = sorted((corpus / "history" / "lago").glob("*.sql"))
        if not chinook.is_file() or not history:
            raise FileNotFoundError(f"need {chinook} and {corpus / 'history' / 'lago'}/*.sql")
        return cls(chinook.read_text(), [path.read_text() for path in history])


@dataclass(frozen=True)
class Account:
    member: Member  # to log in again on each server started
    user_id: UUID


@dataclass(frozen=True)
class Tenant:
    dashboard_viewer: Account
    project_viewer: Account
    project_id: UUID
    project_global_id: str


async def seed_tenant(http: httpx.AsyncClient, sources: Sources) -> Tenant:
    tag = secrets.token_hex(4)
    dashboard_viewer, token = await sign_up(http, f"bench-dashboard-{tag}@example.com")
    await seed_dashboard(http, token, tag, sources.chinook)
    project_viewer, token = await sign_up(http, f"bench-project-{tag}@example.com")
    project_global_id = await seed_project(http, token, tag, sources.history)
    _, project_id = decode_global_id(project_global_id)
    return Tenant(dashboard_viewer, project_viewer, project_id, project_global_id)


async def sign_up(http: httpx.AsyncClient, email: str) -> tuple[Account, str]:
    member = Member(email=email, password=secrets.token_urlsafe(16))
    fields = {"email": member.email, "password": member.password, "displayName": "Bench"}
    token = str((await mutate(http, "signUp", None, **fields))["accessToken"])
    viewer = (await execute(http, "{ viewer { id } }", {}, token))["viewer"]
    _, user_id = decode_global_id(viewer["id"])
    return Account(member, user_id), token


async def seed_dashboard(http: httpx.AsyncClient, token: str, tag: str, source: str) -> None:
    slots = asyncio.Semaphore(SEEDING_CONCURRENCY)

    async def project(workspace_id: str, index: int) -> None:
        async with slots:
            created = await mutate(
                http, "createProject", token, workspaceId=workspace_id, name=f"Project {index:02d}"
            )
            project_id = created["project"]["id"]
            await mutate(
                http, "createSchemaVersion", token, projectId=project_id, format="SQL", source=source
            )

    for organization_index in range(ORGANIZATIONS):
        organization_id = await enterprise_organization(
            http, token, f"Organization {organization_index}", tag
        )
        for workspace_index in range(WORKSPACES):
            workspace = await mutate(
                http,
                "createWorkspace",
                token,
                organizationId=organization_id,
                name=f"Workspace {workspace_index}",
            )
            async with asyncio.TaskGroup() as group:
                for project_index in range(PROJECTS):
                    group.create_task(project(workspace["workspace"]["id"], project_index))


async def seed_project(http: httpx.AsyncClient, token: str, tag: str, history: list[str]) -> str:
    organization_id = await enterprise_organization(http, token, "History", tag)
    workspace = await mutate(http, "createWorkspace", token, organizationId=organization_id, name="Billing")
    created = await mutate(
        http, "createProject", token, workspaceId=workspace["workspace"]["id"], name="Lago"
    )
    project_id = str(created["project"]["id"])
    for source in history:  # in order: each version is diffed against the one before
        await mutate(http, "createSchemaVersion", token, projectId=project_id, format="SQL", source=source)
    return project_id


async def enterprise_organization(http: httpx.AsyncClient, token: str, name: str, tag: str) -> str:
    slug = f"{name.lower().replace(' ', '-')}-{tag}"
    organization = await mutate(http, "createOrganization", token, name=name, slug=slug)
    organization_id = str(organization["organization"]["id"])
    await execute(http, CHANGE_PLAN, {"id": organization_id}, token)
    return organization_id
