"""Plans, subscriptions and checkout."""

from __future__ import annotations

import strawberry

import resolvers.billing
from app.models.enums import OrganizationRole
from graphql_schema.billing import (
    BillingPayload,
    BillingPlan,
    ChangePlanInput,
    CreateCheckoutSessionInput,
    CreateCheckoutSessionPayload,
    SubscriptionInput,
)
from graphql_schema.context import Info
from graphql_schema.permissions import RequireOrganizationRole


@strawberry.type
class BillingQuery:
    @strawberry.field(description="The plans an organization can choose, cheapest first.")
    async def billing_plans(self, info: Info) -> list[BillingPlan]:
        return await resolvers.billing.billing_plans(info)


@strawberry.type
class BillingMutation:
    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Upgrades take effect now; downgrades at the end of the period, if usage fits.",
    )
    async def change_plan(self, info: Info, input: ChangePlanInput) -> BillingPayload:
        return await resolvers.billing.change_plan(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Start paying for a plan at the payment provider; completion arrives by webhook.",
    )
    async def create_checkout_session(
        self, info: Info, input: CreateCheckoutSessionInput
    ) -> CreateCheckoutSessionPayload:
        return await resolvers.billing.create_checkout_session(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="End the subscription at the end of the period (resumeSubscription undoes it).",
    )
    async def cancel_subscription(self, info: Info, input: SubscriptionInput) -> BillingPayload:
        return await resolvers.billing.set_cancel_at_period_end(info, input, cancel=True)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def resume_subscription(self, info: Info, input: SubscriptionInput) -> BillingPayload:
        return await resolvers.billing.set_cancel_at_period_end(info, input, cancel=False)
