"""Plans, subscriptions and limits through GraphQL."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing import service as billing
from app.db.session import TenantContext, UnitOfWork
from app.errors import PlanLimitExceededError
from app.models import ApiKey, OrganizationMember, Workspace
from app.runtime import Runtime
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import CHANGE_PLAN, upgrade
from tests.tenancy.test_membership import REMOVE, member_of
from tests.tenancy.test_organizations import CREATE_WORKSPACE, create_organization

PLANS = "{ billingPlans { code priceCents currency limits { metric limit } features } }"
BILLING = """
query($slug: String!) {
  organization(slug: $slug) { billing { plan { code } pendingPlan { code } status cancelAtPeriodEnd } }
}
"""
USAGE = "query($slug: String!) { organization(slug: $slug) { usage { metric used limit } } }"
CANCEL = "mutation($id: ID!) { cancelSubscription(input: { organizationId: $id }) { billing { cancelAtPeriodEnd } userErrors { code } } }"
RESUME = "mutation($id: ID!) { resumeSubscription(input: { organizationId: $id }) { billing { cancelAtPeriodEnd } userErrors { code } } }"
CREATE_KEY = 'mutation($id: ID!) { createApiKey(input: { organizationId: $id, name: "k" }) { apiKey { id } userErrors { code } } }'
REVOKE_KEY = "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { userErrors { code } } }"
DELETE_WORKSPACE = (
    "mutation($id: ID!) { deleteWorkspace(input: { workspaceId: $id }) { userErrors { code } } }"
)


async def usage_of(client: GraphQLClient, token: str, slug: str) -> dict[str, tuple[int, int | None]]:
    response = await client.execute(USAGE, {"slug": slug}, token=token)
    return {item["metric"]: (item["used"], item["limit"]) for item in response.data["organization"]["usage"]}


async def test_the_catalogue_is_public_and_lists_limits_and_features(client: GraphQLClient) -> None:
    plans = (await client.execute(PLANS)).data["billingPlans"]

    assert [plan["code"] for plan in plans] == ["free", "pro", "team", "enterprise"]
    free = plans[0]
    assert free["priceCents"] == 0
    assert {"metric": "workspaces", "limit": 1} in free["limits"]
    assert "realtime_collaboration" not in free["features"]
    assert all(limit["limit"] is None for limit in plans[-1]["limits"])


async def test_a_new_organization_is_on_the_free_plan_and_members_see_usage_not_billing(
    client: GraphQLClient,
) -> None:
    owner = await sign_up(client, "payer")
    organization, member = await member_of(client, owner)

    billing = await client.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)
    as_member = await client.execute(BILLING, {"slug": organization["slug"]}, token=member.access_token)
    usage = await usage_of(client, member.access_token, organization["slug"])

    assert billing.data["organization"]["billing"] == {
        "plan": {"code": "free"},
        "pendingPlan": None,
        "status": "active",
        "cancelAtPeriodEnd": False,
    }
    assert as_member.error_codes == ["FORBIDDEN"]
    assert usage["members"] == (2, 3)


async def test_going_past_a_limit_is_refused_naming_the_plan_that_lifts_it(client: GraphQLClient) -> None:
    owner = await sign_up(client, "limited")
    organization = await create_organization(client, owner)
    variables = {"organizationId": organization["id"], "name": "First"}
    await client.execute(CREATE_WORKSPACE, variables, token=owner.access_token)

    second = await client.execute(CREATE_WORKSPACE, variables | {"name": "Second"}, token=owner.access_token)

    [error] = second.data["createWorkspace"]["userErrors"]
    assert error["code"] == "PLAN_LIMIT_EXCEEDED"
    assert error["message"] == (
        "The Free plan allows 1 workspaces, and this organization has reached it. The Pro plan allows 5."
    )


async def test_twenty_concurrent_creations_with_one_slot_left_let_exactly_one_through(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "racer")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"], "pro")  # 5 workspaces
    for index in range(4):
        await client.execute(
            CREATE_WORKSPACE,
            {"organizationId": organization["id"], "name": f"Ws {index}"},
            token=owner.access_token,
        )

    answers = await asyncio.gather(
        *(
            client.execute(
                CREATE_WORKSPACE,
                {"organizationId": organization["id"], "name": f"Race {index}"},
                token=owner.access_token,
            )
            for index in range(20)
        )
    )

    outcomes = sorted(
        "created"
        if answer.data["createWorkspace"]["workspace"]
        else answer.data["createWorkspace"]["userErrors"][0]["code"]
        for answer in answers
    )
    live = await owner_session.scalar(
        select(func.count())
        .select_from(Workspace)
        .where(
            Workspace.organization_id == decode_global_id(organization["id"])[1],
            Workspace.deleted_at.is_(None),
        )
    )
    assert outcomes == ["PLAN_LIMIT_EXCEEDED"] * 19 + ["created"]
    assert live == 5
    assert (await usage_of(client, owner.access_token, organization["slug"]))["workspaces"] == (5, 5)


async def test_usage_counters_equal_the_real_counts_after_creates_and_deletes(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "counter")
    organization, member = await member_of(client, owner)
    await upgrade(client, owner, organization["id"])
    org_id = decode_global_id(organization["id"])[1]
    workspaces = [
        (
            await client.execute(
                CREATE_WORKSPACE,
                {"organizationId": organization["id"], "name": f"W{i}"},
                token=owner.access_token,
            )
        ).data["createWorkspace"]["workspace"]
        for i in range(3)
    ]
    keys = [
        (await client.execute(CREATE_KEY, {"id": organization["id"]}, token=owner.access_token)).data[
            "createApiKey"
        ]["apiKey"]
        for _ in range(2)
    ]
    await client.execute(DELETE_WORKSPACE, {"id": workspaces[0]["id"]}, token=owner.access_token)
    await client.execute(REVOKE_KEY, {"id": keys[0]["id"]}, token=owner.access_token)
    await client.execute(
        REMOVE,
        {"input": {"organizationId": organization["id"], "userId": member.user_id}},
        token=owner.access_token,
    )

    usage = await usage_of(client, owner.access_token, organization["slug"])
    real = {
        "workspaces": await owner_session.scalar(
            select(func.count())
            .select_from(Workspace)
            .where(Workspace.organization_id == org_id, Workspace.deleted_at.is_(None))
        ),
        "api_keys": await owner_session.scalar(
            select(func.count())
            .select_from(ApiKey)
            .where(ApiKey.organization_id == org_id, ApiKey.revoked_at.is_(None))
        ),
        "members": await owner_session.scalar(
            select(func.count())
            .select_from(OrganizationMember)
            .where(OrganizationMember.organization_id == org_id)
        ),
    }
    assert (
        {metric: usage[metric][0] for metric in real}
        == real
        == {"workspaces": 2, "api_keys": 1, "members": 1}
    )


async def test_downgrades_wait_for_the_period_end_and_are_refused_while_usage_does_not_fit(
    client: GraphQLClient,
) -> None:
    owner = await sign_up(client, "downgrader")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"], "team")
    for index in range(2):
        await client.execute(
            CREATE_WORKSPACE,
            {"organizationId": organization["id"], "name": f"Keep {index}"},
            token=owner.access_token,
        )

    to_free = await client.execute(
        CHANGE_PLAN, {"id": organization["id"], "plan": "free"}, token=owner.access_token
    )
    to_pro = await client.execute(
        CHANGE_PLAN, {"id": organization["id"], "plan": "pro"}, token=owner.access_token
    )
    billing = await client.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)

    [refusal] = to_free.data["changePlan"]["userErrors"]
    assert refusal["code"] == "PLAN_LIMIT_EXCEEDED"
    assert "workspaces (2 used, Free allows 1)" in refusal["message"]
    assert to_pro.data["changePlan"]["userErrors"] == []
    assert billing.data["organization"]["billing"]["plan"] == {"code": "team"}  # until the period ends
    assert billing.data["organization"]["billing"]["pendingPlan"] == {"code": "pro"}


async def test_cancel_and_resume_at_period_end(client: GraphQLClient) -> None:
    owner = await sign_up(client, "canceller")
    organization = await create_organization(client, owner)

    cancelled = await client.execute(CANCEL, {"id": organization["id"]}, token=owner.access_token)
    resumed = await client.execute(RESUME, {"id": organization["id"]}, token=owner.access_token)

    assert cancelled.data["cancelSubscription"]["billing"] == {"cancelAtPeriodEnd": True}
    assert resumed.data["resumeSubscription"]["billing"] == {"cancelAtPeriodEnd": False}


async def test_unknown_plan_is_bad_input_listing_the_choices(client: GraphQLClient) -> None:
    owner = await sign_up(client, "chooser")
    organization = await create_organization(client, owner)

    response = await client.execute(
        CHANGE_PLAN, {"id": organization["id"], "plan": "platinum"}, token=owner.access_token
    )

    [error] = response.data["changePlan"]["userErrors"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"] == "No plan 'platinum'; choose one of free, pro, team, enterprise."


async def test_features_are_gated_by_plan_naming_the_plan_that_has_them(
    client: GraphQLClient, runtime: Runtime
) -> None:
    owner = await sign_up(client, "featured")
    organization = await create_organization(client, owner)
    uow = UnitOfWork(runtime.sessionmaker, TenantContext(user_id=decode_global_id(owner.user_id)[1]))
    organization_id = decode_global_id(organization["id"])[1]
    try:
        await billing.require_feature(uow, organization_id, "ask_schema")  # on free: passes
        with pytest.raises(PlanLimitExceededError) as refused:
            await billing.require_feature(uow, organization_id, "realtime_collaboration")
    finally:
        await uow.close()

    assert (
        refused.value.message == "The Free plan does not include realtime collaboration. The Pro plan does."
    )


async def test_checkout_goes_through_the_provider_interface(client: GraphQLClient) -> None:
    owner = await sign_up(client, "checkout")
    organization = await create_organization(client, owner)

    response = await client.execute(
        'mutation($id: ID!) { createCheckoutSession(input: { organizationId: $id, planCode: "pro" }) { checkoutUrl userErrors { code } } }',
        {"id": organization["id"]},
        token=owner.access_token,
    )

    payload = response.data["createCheckoutSession"]
    assert payload["userErrors"] == []
    assert "/billing/checkout/cs_local_" in payload["checkoutUrl"]
    assert payload["checkoutUrl"].endswith("?plan=pro")
