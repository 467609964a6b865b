"""Small factories that arrange data directly as the table owner (bypassing the API),
for tests about what the database and the API let a caller see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Organization, OrganizationMember, Project, User, Workspace, WorkspaceMember
from app.models.enums import OrganizationRole, WorkspaceRole


@dataclass(frozen=True)
class Tenant:
    """A user who owns an organization with one workspace and one project."""

    user: User
    organization: Organization
    workspace: Workspace
    project: Project


def unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}"


async def make_user(session: AsyncSession, label: str = "user") -> User:
    name = unique(label)
    user = User(email=f"{name}@example.test", display_name=name.title(), password_hash="not-a-real-hash")
    session.add(user)
    await session.flush()
    return user


async def make_tenant(session: AsyncSession, label: str = "tenant") -> Tenant:
    user = await make_user(session, label)
    organization = Organization(name=f"{label.title()} Inc", slug=unique(label))
    session.add(organization)
    await session.flush()
    workspace = Workspace(organization_id=organization.id, name=f"{label} workspace", slug=unique("ws"))
    session.add(workspace)
    await session.flush()
    project = Project(
        organization_id=organization.id, workspace_id=workspace.id, name=f"{label} project", slug=unique("p")
    )
    session.add_all(
        [
            project,
            OrganizationMember(organization_id=organization.id, user_id=user.id, role=OrganizationRole.OWNER),
            WorkspaceMember(
                organization_id=organization.id,
                workspace_id=workspace.id,
                user_id=user.id,
                role=WorkspaceRole.OWNER,
            ),
        ]
    )
    await session.commit()
    return Tenant(user, organization, workspace, project)
