"""Loaders of billing: plans, their features, subscriptions and usage by organization."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.service import Usage, usage_for
from app.models import BillingPlan, Feature, Invoice, InvoiceLine, Payment, PlanFeature, Subscription
from app.pagination import SortKey
from loaders.base import PageLoader, RowByIdLoader, RowsByParentIdLoader


class BillingPlanByIdLoader(RowByIdLoader[BillingPlan]):
    model = BillingPlan


class FeatureCodesByPlanIdLoader(DataLoader[UUID, list[str]]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, plan_ids: Sequence[UUID]) -> list[list[str]]:
        rows = await self.session.execute(
            select(PlanFeature.plan_id, Feature.code)
            .join(Feature, Feature.id == PlanFeature.feature_id)
            .where(PlanFeature.plan_id.in_(plan_ids))
            .order_by(Feature.code)
        )
        codes: dict[UUID, list[str]] = {}
        for plan_id, code in rows:
            codes.setdefault(plan_id, []).append(code)
        return [codes.get(plan_id, []) for plan_id in plan_ids]


class SubscriptionByOrganizationIdLoader(DataLoader[UUID, Subscription | None]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, organization_ids: Sequence[UUID]) -> list[Subscription | None]:
        rows = await self.session.scalars(
            select(Subscription).where(Subscription.organization_id.in_(organization_ids))
        )
        by_organization = {row.organization_id: row for row in rows}
        return [by_organization.get(organization_id) for organization_id in organization_ids]


class UsageByOrganizationIdLoader(DataLoader[UUID, list[Usage]]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__()
        self.session = session

    async def batch_load_fn(self, organization_ids: Sequence[UUID]) -> list[list[Usage]]:
        usage = await usage_for(self.session, organization_ids)
        return [usage[organization_id] for organization_id in organization_ids]


class InvoiceByIdLoader(RowByIdLoader[Invoice]):
    model = Invoice


class InvoicesPageByOrganizationIdLoader(PageLoader):
    """Newest (highest number) first."""

    model = Invoice
    partition_by = Invoice.organization_id
    sort = SortKey(Invoice.number, descending=True)

    def statement(self, criteria: Any) -> Select[Any]:
        return select(Invoice)


class InvoiceLinesByInvoiceIdLoader(RowsByParentIdLoader):
    model = InvoiceLine
    parent_key = InvoiceLine.invoice_id
    order_by = InvoiceLine.created_at


class PaymentsByInvoiceIdLoader(RowsByParentIdLoader):
    model = Payment
    parent_key = Payment.invoice_id
    order_by = Payment.created_at
