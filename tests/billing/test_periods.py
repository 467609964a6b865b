"""The billing clock and invoices: renewals, scheduled downgrades, cancellations, trials, proration."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.periods import run_tick
from app.identity.tokens import utcnow
from app.models import BillingPlan, Subscription
from app.runtime import Runtime
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import CHANGE_PLAN, upgrade
from tests.tenancy.test_membership import member_of
from tests.tenancy.test_organizations import create_organization

INVOICES = """
query($slug: String!) {
  organization(slug: $slug) {
    billing { plan { code } status cancelAtPeriodEnd }
    invoices { totalCount edges { node { number status totalCents lines { kind amountCents } } } }
  }
}
"""
CANCEL = "mutation($id: ID!) { cancelSubscription(input: { organizationId: $id }) { userErrors { code } } }"


async def end_period(session: AsyncSession, organization_id: str) -> None:
    """Move the organization's period end into the past, as time would."""
    await session.execute(
        update(Subscription)
        .where(Subscription.organization_id == decode_global_id(organization_id)[1])
        .values(current_period_end=utcnow() - timedelta(minutes=1))
    )
    await session.commit()


async def billing_of(client: GraphQLClient, token: str, slug: str) -> dict[str, Any]:
    organization: dict[str, Any] = (await client.execute(INVOICES, {"slug": slug}, token=token)).data[
        "organization"
    ]
    return organization


async def test_upgrading_invoices_the_new_plan_less_the_unused_old_one(client: GraphQLClient) -> None:
    owner = await sign_up(client, "upgrader")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"], "pro")
    await upgrade(client, owner, organization["id"], "team")

    invoices = (await billing_of(client, owner.access_token, organization["slug"]))["invoices"]

    newest, first = (edge["node"] for edge in invoices["edges"])
    assert (first["number"], first["totalCents"], first["lines"]) == (
        1,
        2900,
        [{"kind": "plan", "amountCents": 2900}],
    )
    assert newest["number"] == 2
    assert newest["lines"][0] == {"kind": "plan", "amountCents": 9900}
    credit = newest["lines"][1]
    assert credit["kind"] == "proration"
    assert -2900 <= credit["amountCents"] <= -2890  # nearly all of the month just paid is unused
    assert newest["totalCents"] == 9900 + credit["amountCents"]


async def test_the_tick_renews_applies_scheduled_downgrades_and_invoices(
    client: GraphQLClient, runtime: Runtime, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "renewer")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"], "team")
    await client.execute(CHANGE_PLAN, {"id": organization["id"], "plan": "pro"}, token=owner.access_token)
    await end_period(owner_session, organization["id"])
    assert runtime.billing_sessionmaker is not None

    first = await run_tick(runtime.billing_sessionmaker, now=utcnow())
    again = await run_tick(runtime.billing_sessionmaker, now=utcnow())
    billing = await billing_of(client, owner.access_token, organization["slug"])

    assert first.renewed >= 1
    assert again.renewed == 0  # nothing left to do: the period was rolled once
    assert billing["billing"]["plan"] == {"code": "pro"}
    latest = billing["invoices"]["edges"][0]["node"]
    assert (latest["number"], latest["totalCents"], latest["status"]) == (2, 2900, "open")


async def test_a_cancelled_subscription_ends_on_the_free_plan(
    client: GraphQLClient, runtime: Runtime, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "leaver")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"], "pro")
    await client.execute(CANCEL, {"id": organization["id"]}, token=owner.access_token)
    await end_period(owner_session, organization["id"])
    assert runtime.billing_sessionmaker is not None

    await run_tick(runtime.billing_sessionmaker, now=utcnow())
    billing = await billing_of(client, owner.access_token, organization["slug"])

    assert billing["billing"] == {"plan": {"code": "free"}, "status": "canceled", "cancelAtPeriodEnd": False}
    assert billing["invoices"]["totalCount"] == 1  # the upgrade's, no renewal


async def test_an_unpaid_trial_falls_back_to_free_when_it_ends(
    client: GraphQLClient, runtime: Runtime, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "trialist")
    organization = await create_organization(client, owner)
    organization_id = decode_global_id(organization["id"])[1]
    # The trial is of Pro (an organization starts on Free): falling back must change the plan.
    pro_id = await owner_session.scalar(select(BillingPlan.id).where(BillingPlan.code == "pro"))
    await owner_session.execute(
        update(Subscription)
        .where(Subscription.organization_id == organization_id)
        .values(
            status="trialing",
            trial_ends_at=utcnow() - timedelta(minutes=1),
            current_period_end=utcnow() - timedelta(minutes=1),
            plan_id=pro_id,
        )
    )
    await owner_session.commit()
    assert runtime.billing_sessionmaker is not None

    report = await run_tick(runtime.billing_sessionmaker, now=utcnow())
    billing = await billing_of(client, owner.access_token, organization["slug"])

    assert report.trials_ended >= 1
    assert billing["billing"]["status"] == "active"
    assert billing["billing"]["plan"] == {"code": "free"}
    assert billing["invoices"]["totalCount"] == 0  # a free plan costs nothing


async def test_invoices_are_for_owners_and_admins(client: GraphQLClient) -> None:
    owner = await sign_up(client, "secretive")
    organization, member = await member_of(client, owner, role="MEMBER")

    response = await client.execute(
        "query($slug: String!) { organization(slug: $slug) { invoices { totalCount } } }",
        {"slug": organization["slug"]},
        token=member.access_token,
    )

    assert response.error_codes == ["FORBIDDEN"]
