"""The database itself refuses a row whose tenant columns disagree with its parent's: written as
the table owner, past the API and row-level security, it still breaks a composite foreign key."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    ActivityLog,
    ApiKey,
    Base,
    BillingPlan,
    DiagramState,
    Invoice,
    InvoiceLine,
    Project,
    ProjectSettings,
    SchemaComment,
    SchemaVersion,
    Subscription,
    Workspace,
)
from app.models.enums import SchemaSourceFormat, SubscriptionStatus
from tests.factories import Tenant, make_tenant, unique


@dataclass(frozen=True)
class World:
    """Two tenants; in the first, a second workspace and project, and one of everything else."""

    a: Tenant
    b: Tenant
    other_workspace: Workspace
    other_project: Project
    version: SchemaVersion
    diagram: DiagramState
    comment: SchemaComment
    api_key: ApiKey
    subscription: Subscription
    invoice: Invoice


@pytest.fixture(scope="module")
async def world(owner_session: AsyncSession) -> World:
    a, b = await make_tenant(owner_session, "a"), await make_tenant(owner_session, "b")
    in_a = {"organization_id": a.organization.id, "workspace_id": a.workspace.id}
    other_workspace = Workspace(organization_id=a.organization.id, name="Second", slug=unique("ws"))
    other_project = Project(**in_a, name="Second", slug=unique("p"))
    version = SchemaVersion(
        **in_a,
        project_id=a.project.id,
        number=1,
        source_format=SchemaSourceFormat.SQL,
        raw_source="CREATE TABLE t (id int);",
        canonical_model={},
        content_hash="hash",
    )
    owner_session.add_all([other_workspace, other_project, version])
    await owner_session.flush()
    diagram = DiagramState(**in_a, project_id=a.project.id, schema_version_id=version.id, name="Main")
    comment = SchemaComment(**in_a, project_id=a.project.id, body="Why?")
    api_key = ApiKey(organization_id=a.organization.id, name="CI", prefix=unique("k"), key_hash=unique("h"))
    free = await owner_session.scalar(select(BillingPlan.id).where(BillingPlan.code == "free"))
    assert free is not None
    subscription = Subscription(
        organization_id=a.organization.id, plan_id=free, status=SubscriptionStatus.ACTIVE
    )
    owner_session.add_all([diagram, comment, api_key, subscription])
    await owner_session.flush()
    invoice = Invoice(
        organization_id=a.organization.id, number=1, currency="usd", subtotal_cents=0, total_cents=0
    )
    owner_session.add(invoice)
    await owner_session.commit()
    return World(
        a, b, other_workspace, other_project, version, diagram, comment, api_key, subscription, invoice
    )


def _in_other_project(world: World) -> dict[str, uuid.UUID]:
    a = world.a
    return {
        "organization_id": a.organization.id,
        "workspace_id": a.workspace.id,
        "project_id": world.other_project.id,
    }


# Each builds a row that is right in every way but one: its parent belongs to another tenant.
ASTRAY: dict[str, tuple[Callable[[World], Base], str]] = {
    "workspace of another organization": (
        lambda w: Project(
            organization_id=w.b.organization.id,
            workspace_id=w.a.workspace.id,
            name="Astray",
            slug=unique("p"),
        ),
        "fk_projects_workspace_id_workspaces",
    ),
    "api key for a workspace of another organization": (
        lambda w: ApiKey(
            organization_id=w.b.organization.id,
            workspace_id=w.a.workspace.id,
            name="Astray",
            prefix=unique("k"),
            key_hash=unique("h"),
        ),
        "fk_api_keys_workspace_id_workspaces",
    ),
    "project of another workspace": (
        lambda w: SchemaVersion(
            organization_id=w.a.organization.id,
            workspace_id=w.other_workspace.id,
            project_id=w.a.project.id,
            number=2,
            source_format=SchemaSourceFormat.SQL,
            raw_source="",
            canonical_model={},
            content_hash="astray",
        ),
        "fk_schema_versions_project_id_projects",
    ),
    "version of another project": (
        lambda w: DiagramState(**_in_other_project(w), schema_version_id=w.version.id, name="Astray"),
        "fk_diagram_states_schema_version_id_schema_versions",
    ),
    "diagram of another project": (
        lambda w: ProjectSettings(**_in_other_project(w), default_diagram_id=w.diagram.id),
        "fk_project_settings_default_diagram_id_diagram_states",
    ),
    "reply to a comment of another project": (
        lambda w: SchemaComment(**_in_other_project(w), parent_id=w.comment.id, body="Astray"),
        "fk_schema_comments_parent_id_schema_comments",
    ),
    "api key of another organization": (
        lambda w: ActivityLog(
            id=uuid.uuid4(),
            organization_id=w.b.organization.id,
            actor_api_key_id=w.api_key.id,
            action="project.create",
            target_type="Project",
        ),
        "fk_activity_logs_actor_api_key_id_api_keys",
    ),
    "subscription of another organization": (
        lambda w: Invoice(
            organization_id=w.b.organization.id,
            subscription_id=w.subscription.id,
            number=1,
            currency="usd",
            subtotal_cents=0,
            total_cents=0,
            issued_at=datetime.now(UTC),
        ),
        "fk_invoices_subscription_id_subscriptions",
    ),
    "invoice of another organization": (
        lambda w: InvoiceLine(
            organization_id=w.b.organization.id,
            invoice_id=w.invoice.id,
            description="Astray",
            unit_amount_cents=0,
            amount_cents=0,
            kind="plan",
        ),
        "fk_invoice_lines_invoice_id_invoices",
    ),
}


@pytest.mark.parametrize("case", ASTRAY)
async def test_a_row_whose_parent_belongs_to_another_tenant_is_refused(
    owner_session: AsyncSession, world: World, case: str
) -> None:
    build, constraint = ASTRAY[case]
    savepoint = await owner_session.begin_nested()
    try:
        owner_session.add(build(world))
        with pytest.raises(IntegrityError, match=f'foreign key constraint "{constraint}"'):
            await owner_session.flush()
    finally:
        await savepoint.rollback()
