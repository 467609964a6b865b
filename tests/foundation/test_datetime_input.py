"""A DateTime given to the API carries its UTC offset: one without is refused as bad input
(it is ambiguous, and could not be compared with the server's clock)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.tenancy.test_organizations import create_organization

CREATE_API_KEY = """
mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { expiresAt } userErrors { code } }
}
"""


async def key_expiring_at(client: GraphQLClient, expires_at: str) -> dict[str, Any]:
    owner = await sign_up(client, "clock")
    organization_id = (await create_organization(client, owner))["id"]
    response = await client.execute(
        CREATE_API_KEY,
        {"input": {"organizationId": organization_id, "name": "ci", "expiresAt": expires_at}},
        token=owner.access_token,
    )
    return response.body


async def test_a_datetime_without_an_offset_is_bad_input(client: GraphQLClient):
    body = await key_expiring_at(client, "2030-01-01T00:00:00")

    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "It has no UTC offset: end it with Z or an offset like +02:00." in error["message"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2030-01-01T00:00:00Z", "2030-01-01T00:00:00+00:00"),
        ("2030-01-01T02:00:00+02:00", "2030-01-01T02:00:00+02:00"),
    ],
)
async def test_a_datetime_with_an_offset_is_taken(client: GraphQLClient, written: str, read: str):
    body = await key_expiring_at(client, written)

    assert body["data"]["createApiKey"] == {"apiKey": {"expiresAt": read}, "userErrors": []}
