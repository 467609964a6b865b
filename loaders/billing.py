"""Loaders of billing: plans, their features, subscriptions and usage by organization."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from aiodataloader import DataLoader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.service import Usage, usage_for
from app.models import BillingPlan, Feature, PlanFeature, Subscription
from loaders.base import RowByIdLoader


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
