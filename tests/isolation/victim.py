"""The victim tenant of the isolation tests, and the strangers who must learn nothing of it.

One victim holds one object of each type. Unauthenticated callers, outsiders (signed in,
member of nothing here) and too-low roles (a VIEWER of the organization, in no workspace)
must get nothing back, change nothing, and read no names of the victim in any error.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.ingest.model import SchemaModel, content_hash, to_json
from app.models import (
    ActivityLog,
    Connection,
    DiagramState,
    Invoice,
    Notification,
    OrganizationMember,
    Project,
    SchemaVersion,
)
from app.models.enums import NotificationKind, SchemaSourceFormat, SqlDialect
from graphql_schema.node import decode_global_id, encode_global_id
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade
from tests.tenancy.test_membership import ACCEPT, invite, sign_up_as
from tests.tenancy.test_organizations import CREATE_WORKSPACE

SECRET = f"Zanzibar{uuid.uuid4().hex[:6]}"  # a name that must never leak


@dataclass(frozen=True)
class Victim:
    owner: Account
    viewer: Account  # an organization VIEWER, member of no workspace
    ids: dict[str, str]  # Node type -> global ID
    slug: str


async def build_victim(client: GraphQLClient, owner_session: AsyncSession) -> Victim:
    """One organization holding one object of every Node type, each named after SECRET."""
    owner = await sign_up(client, "victim")
    organization = (
        await client.execute(
            "mutation($slug: String!, $name: String!) { createOrganization(input: { name: $name, slug: $slug }) { organization { id slug } } }",
            {"slug": f"victim-{uuid.uuid4().hex[:8]}", "name": SECRET},
            token=owner.access_token,
        )
    ).data["createOrganization"]["organization"]
    workspace = (
        await client.execute(
            CREATE_WORKSPACE,
            {"organizationId": organization["id"], "name": f"{SECRET} ws"},
            token=owner.access_token,
        )
    ).data["createWorkspace"]["workspace"]
    viewer_email = f"viewer-{uuid.uuid4().hex[:6]}@example.com"
    token = (await invite(client, owner, organization["id"], viewer_email, role="VIEWER")).data[
        "inviteMember"
    ]["token"]
    viewer = await sign_up_as(client, viewer_email)
    await client.execute(ACCEPT, {"token": token}, token=viewer.access_token)
    invitation = (await invite(client, owner, organization["id"], f"pending-{SECRET}@example.com")).data[
        "inviteMember"
    ]
    api_key = (
        await client.execute(
            'mutation($id: ID!) { createApiKey(input: { organizationId: $id, name: "ci" }) { apiKey { id } } }',
            {"id": organization["id"]},
            token=owner.access_token,
        )
    ).data["createApiKey"]["apiKey"]
    org_id = decode_global_id(organization["id"])[1]
    membership = await owner_session.scalar(
        select(OrganizationMember.id).where(
            OrganizationMember.organization_id == org_id,
            OrganizationMember.user_id == decode_global_id(owner.user_id)[1],
        )
    )
    activity = await owner_session.scalar(
        select(ActivityLog.id).where(ActivityLog.organization_id == org_id).limit(1)
    )
    assert membership is not None
    assert activity is not None
    await upgrade(client, owner, organization["id"], "pro")  # an invoice to hide
    invoice = await owner_session.scalar(select(Invoice.id).where(Invoice.organization_id == org_id))
    assert invoice is not None
    workspace_id = decode_global_id(workspace["id"])[1]
    project = Project(
        organization_id=org_id, workspace_id=workspace_id, name=f"{SECRET} project", slug="secret"
    )
    notification = Notification(
        user_id=decode_global_id(owner.user_id)[1],
        organization_id=org_id,
        kind=NotificationKind.MENTION,
        title=SECRET,
    )
    owner_session.add_all([project, notification])
    await owner_session.flush()
    empty = SchemaModel(dialect=SqlDialect.POSTGRES)
    version = SchemaVersion(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        number=1,
        source_format=SchemaSourceFormat.SQL,
        raw_source=f"-- {SECRET}",
        canonical_model=to_json(empty),
        content_hash=content_hash(empty),
    )
    connection = Connection(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        name=f"{SECRET} db",
        db_type="postgresql",
        encrypted_uri=b"sealed",
        display_uri=f"postgresql://{SECRET}@db.internal:5432/prod",
    )
    owner_session.add_all([version, connection])
    await owner_session.flush()
    diagram = DiagramState(
        organization_id=org_id,
        workspace_id=workspace_id,
        project_id=project.id,
        schema_version_id=version.id,
        name=f"{SECRET} diagram",
    )
    owner_session.add(diagram)
    await owner_session.commit()
    ids = {
        "Invoice": encode_global_id("Invoice", invoice),
        "Project": encode_global_id("Project", project.id),
        "SchemaVersion": encode_global_id("SchemaVersion", version.id),
        "DatabaseConnection": encode_global_id("DatabaseConnection", connection.id),
        "DiagramState": encode_global_id("DiagramState", diagram.id),
        "Notification": encode_global_id("Notification", notification.id),
        "Organization": organization["id"],
        "Workspace": workspace["id"],
        "OrganizationMember": encode_global_id("OrganizationMember", membership),
        "Invitation": invitation["invitation"]["id"],
        "ApiKey": api_key["id"],
        "ActivityLog": encode_global_id("ActivityLog", activity),
        "User": owner.user_id,
    }
    return Victim(owner, viewer, ids, organization["slug"])


async def build_strangers(client: GraphQLClient, victim: Victim) -> dict[str, str | None]:
    outsider = await sign_up(client, "outsider")
    return {
        "unauthenticated": None,
        "outsider": outsider.access_token,
        "too_low_role": victim.viewer.access_token,
    }


STRANGERS = ["unauthenticated", "outsider", "too_low_role"]


def assert_no_leak(body: dict[str, Any]) -> None:
    assert SECRET not in str(body)
