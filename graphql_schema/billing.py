"""GraphQL types of billing: the plan catalogue, an organization's subscription and usage."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app import models
from app.billing.service import Usage
from app.errors import NotFoundError
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode


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


@strawberry.type(name="InvoiceLine")
class InvoiceLine:
    description: str
    kind: str
    amount_cents: int = strawberry.field(description="Negative for credits.")


@strawberry.type(name="Payment")
class Payment:
    amount_cents: int
    currency: str
    status: str
    failure_reason: str | None
    paid_at: datetime | None


@strawberry.type(
    name="Invoice", description="What an organization owes for a period; amounts in minor units."
)
class Invoice(LoadedNode):
    loader_name = "invoice_by_id"
    id: relay.NodeID[UUID]
    number: int = strawberry.field(description="Sequential per organization.")
    status: str
    currency: str
    subtotal_cents: int
    total_cents: int
    period_start: datetime | None
    period_end: datetime | None
    issued_at: datetime | None
    due_at: datetime | None
    paid_at: datetime | None

    @classmethod
    def from_row(cls, row: models.Invoice) -> Invoice:
        return cls(
            id=row.id,
            number=row.number,
            status=row.status.value,
            currency=row.currency.upper(),
            subtotal_cents=row.subtotal_cents,
            total_cents=row.total_cents,
            period_start=row.period_start,
            period_end=row.period_end,
            issued_at=row.issued_at,
            due_at=row.due_at,
            paid_at=row.paid_at,
        )

    @strawberry.field
    async def lines(self, info: Info) -> list[InvoiceLine]:
        rows = await info.context.loaders.invoice_lines_by_invoice_id.load(self.id)
        return [
            InvoiceLine(description=row.description, kind=row.kind, amount_cents=row.amount_cents)
            for row in rows
        ]

    @strawberry.field
    async def payments(self, info: Info) -> list[Payment]:
        rows = await info.context.loaders.payments_by_invoice_id.load(self.id)
        return [
            Payment(
                amount_cents=row.amount_cents,
                currency=row.currency.upper(),
                status=row.status.value,
                failure_reason=row.failure_reason,
                paid_at=row.paid_at,
            )
            for row in rows
        ]


@strawberry.input
class CreateCheckoutSessionInput:
    organization_id: strawberry.ID
    plan_code: str


@strawberry.type
class CreateCheckoutSessionPayload:
    checkout_url: str | None = strawberry.field(description="Send the customer here to pay.")
    user_errors: list[UserError]
