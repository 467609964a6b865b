"""Choosing a plan through the API, for tests whose subject needs more than the free plan."""

from __future__ import annotations

from tests.accounts import Account
from tests.graphql_client import GraphQLClient

CHANGE_PLAN = """
mutation($id: ID!, $plan: String!) {
  changePlan(input: { organizationId: $id, planCode: $plan }) { billing { plan { code } } userErrors { code message } }
}
"""


async def upgrade(client: GraphQLClient, owner: Account, organization_id: str, plan: str = "team") -> None:
    response = await client.execute(
        CHANGE_PLAN, {"id": organization_id, "plan": plan}, token=owner.access_token
    )
    assert response.data["changePlan"]["userErrors"] == [], response.body
