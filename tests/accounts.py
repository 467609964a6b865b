"""Signing up through the API, for tests that need a signed-in caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.graphql_client import GraphQLClient

PASSWORD = "vizora-test-passphrase-2026"

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) {
    accessToken refreshToken expiresAt user { id email } userErrors { field message code }
  }
}
"""


@dataclass(frozen=True)
class Account:
    email: str
    user_id: str  # global ID
    access_token: str
    refresh_token: str


async def sign_up(client: GraphQLClient, label: str = "user") -> Account:
    email = f"{label}-{uuid.uuid4().hex[:8]}@example.com"
    response = await client.execute(
        SIGN_UP, {"input": {"email": email, "password": PASSWORD, "displayName": label.title()}}
    )
    payload = response.data["signUp"]
    assert payload["userErrors"] == [], payload
    return Account(email, payload["user"]["id"], payload["accessToken"], payload["refreshToken"])
