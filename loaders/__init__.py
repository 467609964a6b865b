"""Per-request dataloaders, one module per domain, gathered in ``Loaders``.

Built fresh for every request on that request's session, so their caches never outlive
the request and every query they run is scoped by the request's RLS context.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.viewer import Viewer
from loaders.audit import (
    ActivityLogByIdLoader,
    ActivityLogsPageByOrganizationIdLoader,
    NotificationByIdLoader,
    NotificationsPageByUserIdLoader,
)
from loaders.billing import (
    BillingPlanByIdLoader,
    FeatureCodesByPlanIdLoader,
    InvoiceByIdLoader,
    InvoiceLinesByInvoiceIdLoader,
    InvoicesPageByOrganizationIdLoader,
    PaymentsByInvoiceIdLoader,
    SubscriptionByOrganizationIdLoader,
    UsageByOrganizationIdLoader,
)
from loaders.connections import ConnectionByIdLoader, ConnectionsByProjectIdLoader
from loaders.diagrams import DiagramByIdLoader, DiagramsByProjectIdLoader
from loaders.identity import ApiKeyByIdLoader, ApiKeysPageByOrganizationIdLoader, UserByIdLoader
from loaders.tenancy import (
    InvitationByIdLoader,
    OrganizationByIdLoader,
    OrganizationBySlugLoader,
    OrganizationMemberByIdLoader,
    OrganizationMembersPageByOrganizationIdLoader,
    OrganizationRoleByOrganizationIdLoader,
    OrganizationsPageByUserIdLoader,
    PendingInvitationsPageByOrganizationIdLoader,
    ProjectByIdLoader,
    ProjectsPageByWorkspaceIdLoader,
    WorkspaceByIdLoader,
    WorkspaceMemberByIdLoader,
    WorkspaceMembersPageByWorkspaceIdLoader,
    WorkspaceRoleByWorkspaceIdLoader,
    WorkspacesPageByOrganizationIdLoader,
)
from loaders.versions import (
    ChangesByToVersionIdLoader,
    LatestVersionByProjectIdLoader,
    ModelByVersionLoader,
    SchemaVersionByIdLoader,
    VersionsPageByProjectIdLoader,
)


class Loaders:
    def __init__(self, session: AsyncSession, viewer: Viewer | None) -> None:
        self.user_by_id = UserByIdLoader(session)
        self.schema_version_by_id = SchemaVersionByIdLoader(session)
        self.versions_page_by_project_id = VersionsPageByProjectIdLoader(session)
        self.latest_version_by_project_id = LatestVersionByProjectIdLoader(session)
        self.model_by_version = ModelByVersionLoader(session)
        self.changes_by_to_version_id = ChangesByToVersionIdLoader(session)
        self.billing_plan_by_id = BillingPlanByIdLoader(session)
        self.feature_codes_by_plan_id = FeatureCodesByPlanIdLoader(session)
        self.subscription_by_organization_id = SubscriptionByOrganizationIdLoader(session)
        self.usage_by_organization_id = UsageByOrganizationIdLoader(session)
        self.invoice_by_id = InvoiceByIdLoader(session)
        self.invoices_page_by_organization_id = InvoicesPageByOrganizationIdLoader(session)
        self.invoice_lines_by_invoice_id = InvoiceLinesByInvoiceIdLoader(session)
        self.payments_by_invoice_id = PaymentsByInvoiceIdLoader(session)
        self.activity_log_by_id = ActivityLogByIdLoader(session)
        self.activity_logs_page_by_organization_id = ActivityLogsPageByOrganizationIdLoader(session)
        self.notifications_page_by_user_id = NotificationsPageByUserIdLoader(session)
        self.notification_by_id = NotificationByIdLoader(session)
        self.project_by_id = ProjectByIdLoader(session)
        self.connection_by_id = ConnectionByIdLoader(session)
        self.diagram_by_id = DiagramByIdLoader(session)
        self.diagrams_by_project_id = DiagramsByProjectIdLoader(session)
        self.connections_by_project_id = ConnectionsByProjectIdLoader(session)
        self.projects_page_by_workspace_id = ProjectsPageByWorkspaceIdLoader(session)
        self.api_key_by_id = ApiKeyByIdLoader(session)
        self.api_keys_page_by_organization_id = ApiKeysPageByOrganizationIdLoader(session)
        self.organization_by_id = OrganizationByIdLoader(session)
        self.organization_by_slug = OrganizationBySlugLoader(session)
        self.workspace_by_id = WorkspaceByIdLoader(session)
        self.organization_member_by_id = OrganizationMemberByIdLoader(session)
        self.workspace_member_by_id = WorkspaceMemberByIdLoader(session)
        self.organization_role_by_organization_id = OrganizationRoleByOrganizationIdLoader(session, viewer)
        self.workspace_role_by_workspace_id = WorkspaceRoleByWorkspaceIdLoader(session, viewer)
        self.workspaces_page_by_organization_id = WorkspacesPageByOrganizationIdLoader(session)
        self.organization_members_page_by_organization_id = OrganizationMembersPageByOrganizationIdLoader(
            session
        )
        self.organizations_page_by_user_id = OrganizationsPageByUserIdLoader(session)
        self.workspace_members_page_by_workspace_id = WorkspaceMembersPageByWorkspaceIdLoader(session)
        self.invitation_by_id = InvitationByIdLoader(session)
        self.pending_invitations_page_by_organization_id = PendingInvitationsPageByOrganizationIdLoader(
            session
        )

        self._batches: set[asyncio.Task[Any]] = set()
        for loader in vars(self).values():
            if isinstance(loader, DataLoader):
                self._own_batches(loader)

    def _own_batches(self, loader: DataLoader[Any, Any]) -> None:
        """Note every batch of ``loader`` while it runs. aiodataloader runs a batch in a task
        of its own, which a cancelled waiter does not stop: the batch goes on using the
        session, and ``settled`` is how its owner waits for it before finishing the session."""
        load_batch = loader.batch_load_fn

        async def owned_batch(keys: list[Any]) -> list[Any]:
            task = asyncio.current_task()
            assert task is not None  # aiodataloader always runs a batch in a task
            self._batches.add(task)
            try:
                return await load_batch(keys)
            finally:
                self._batches.discard(task)

        loader.batch_load_fn = owned_batch

    def forget(self) -> None:
        """Drop everything loaded so far: what a mutation changed must be read afresh."""
        for loader in vars(self).values():
            if isinstance(loader, DataLoader):
                loader.clear_all()

    async def settled(self) -> None:
        """Return once no batch runs or is about to: the session is then free to finish.

        A load asked for just before is not a running batch yet: aiodataloader schedules its
        dispatch, which schedules the batch's task, so a few turns of the loop come first."""
        while True:
            for _ in range(_TURNS_FROM_LOAD_TO_BATCH):
                await asyncio.sleep(0)
            if not self._batches:
                return
            await asyncio.wait(set(self._batches))


# load() -> call_soon(ensure_future, dispatch()) -> the dispatch task -> the batch's task.
_TURNS_FROM_LOAD_TO_BATCH = 3
