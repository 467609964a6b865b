"""GraphQL types of billing: the plan catalogue, an organization's subscription and usage."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from app import models
from app.billing.service import Usage
from app.errors import NotFoundError
from graphql_schema.context import Info
from graphql_schema.mutations import UserError


@strawberry.type(name="PlanLimit")
class PlanLimit:
    metric: str
    limit: int | None = strawberry.field(description="Null: unlimited.")


@strawberry.type(name="BillingPlan")
class BillingPlan:
    code: str
    name: str
    price_cents: int
    currency: str
    interval: str
    id_: strawberry.Private[UUID]
    limits_by_metric: strawberry.Private[dict[str, int | None]]

    @classmethod
    def from_row(cls, row: models.BillingPlan) -> BillingPlan:
        return cls(
            code=row.code,
            name=row.name,
            price_cents=row.price_cents,
            currency=row.currency.upper(),
            interval=row.interval.value,
            id_=row.id,
            limits_by_metric=dict(row.limits),
        )

    @strawberry.field
    def limits(self) -> list[PlanLimit]:
        return [PlanLimit(metric=metric, limit=limit) for metric, limit in self.limits_by_metric.items()]

    @strawberry.field(description="Codes of the features the plan unlocks.")
    async def features(self, info: Info) -> list[str]:
        return await info.context.loaders.feature_codes_by_plan_id.load(self.id_)


@strawberry.type(name="OrganizationBilling")
class OrganizationBilling:
    status: str
    trial_ends_at: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    plan_id: strawberry.Private[UUID]
    pending_plan_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.Subscription) -> OrganizationBilling:
        return cls(
            status=row.status.value,
            trial_ends_at=row.trial_ends_at,
            current_period_end=row.current_period_end,
            cancel_at_period_end=row.cancel_at_period_end,
            plan_id=row.plan_id,
            pending_plan_id=row.pending_plan_id,
        )

    @strawberry.field
    async def plan(self, info: Info) -> BillingPlan:
        row = await info.context.loaders.billing_plan_by_id.load(self.plan_id)
        if row is None:
            raise NotFoundError("No such plan.")
        return BillingPlan.from_row(row)

    @strawberry.field(description="The plan that takes over at the end of this period (a downgrade).")
    async def pending_plan(self, info: Info) -> BillingPlan | None:
        row = (
            await info.context.loaders.billing_plan_by_id.load(self.pending_plan_id)
            if self.pending_plan_id
            else None
        )
        return BillingPlan.from_row(row) if row else None


@strawberry.type(name="UsageMetric")
class UsageMetric:
    metric: str
    used: int
    limit: int | None = strawberry.field(description="Null: unlimited.")

    @classmethod
    def from_usage(cls, usage: Usage) -> UsageMetric:
        return cls(metric=usage.metric.value, used=usage.used, limit=usage.limit)


@strawberry.input
class ChangePlanInput:
    organization_id: strawberry.ID
    plan_code: str


@strawberry.input
class SubscriptionInput:
    organization_id: strawberry.ID


@strawberry.type
class BillingPayload:
    billing: OrganizationBilling | None
    user_errors: list[UserError]
