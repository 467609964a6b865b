"""Resolvers of billing."""

from __future__ import annotations

from sqlalchemy import select

from app import models
from app.billing import service as billing
from graphql_schema.billing import (
    BillingPayload,
    BillingPlan,
    ChangePlanInput,
    CreateCheckoutSessionInput,
    CreateCheckoutSessionPayload,
    OrganizationBilling,
    SubscriptionInput,
)
from graphql_schema.context import Info
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from resolvers.ids import required_id


async def billing_plans(info: Info) -> list[BillingPlan]:
    """The public catalogue: one query for a root list, no key to batch by."""
    rows = await info.context.uow.session.scalars(
        select(models.BillingPlan).where(models.BillingPlan.is_public).order_by(models.BillingPlan.sort_order)
    )
    return [BillingPlan.from_row(row) for row in rows]


async def change_plan(info: Info, data: ChangePlanInput) -> BillingPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    row, errors = await run_mutation(
        info,
        lambda: billing.change_plan(
            context.uow, actor, organization_id=organization_id, plan_code=data.plan_code
        ),
    )
    return BillingPayload(billing=OrganizationBilling.from_row(row) if row else None, user_errors=errors)


async def set_cancel_at_period_end(info: Info, data: SubscriptionInput, *, cancel: bool) -> BillingPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    row, errors = await run_mutation(
        info,
        lambda: billing.set_cancel_at_period_end(
            context.uow, actor, organization_id=organization_id, cancel=cancel
        ),
    )
    return BillingPayload(billing=OrganizationBilling.from_row(row) if row else None, user_errors=errors)


async def create_checkout_session(
    info: Info, data: CreateCheckoutSessionInput
) -> CreateCheckoutSessionPayload:
    context = info.context
    viewer = require_viewer(info)
    organization_id = required_id(data.organization_id, "Organization", "organizationId")
    provider = context.runtime.payment_provider
    assert provider is not None

    async def start() -> str:
        plan = await billing.plan_by_code(context.uow, data.plan_code)
        email = None
        if viewer.user_id is not None:
            user = await context.loaders.user_by_id.load(viewer.user_id)
            email = user.email if user else None
        session = await provider.create_checkout_session(
            organization_id=organization_id, plan_code=plan.code, customer_email=email
        )
        return session.url

    url, errors = await run_mutation(info, start)
    return CreateCheckoutSessionPayload(checkout_url=url, user_errors=errors)
