"""Accounts and sessions through GraphQL: sign-up, log-in, refresh rotation, log-out."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.tokens import AccessClaims, issue_access_token, utcnow
from app.models import User
from graphql_schema.node import decode_global_id
from tests.accounts import PASSWORD, SIGN_UP, sign_up
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient, GraphQLResponse

VIEWER = "{ viewer { id email displayName } }"
LOG_IN = """
mutation($input: LogInInput!) {
  logIn(input: $input) { accessToken refreshToken user { id } userErrors { field message code } }
}
"""
REFRESH = """
mutation($token: String!) {
  refreshSession(input: { refreshToken: $token }) { accessToken refreshToken userErrors { message code } }
}
"""
LOG_OUT = "mutation { logOut { success userErrors { message code } } }"


def _errors(response: GraphQLResponse, mutation: str) -> list[tuple[str, str]]:
    return [(error["code"], error["message"]) for error in response.data[mutation]["userErrors"]]


async def test_sign_up_starts_a_session_that_identifies_the_viewer(client: GraphQLClient) -> None:
    account = await sign_up(client, "ada")

    response = await client.execute(VIEWER, token=account.access_token)

    assert response.data["viewer"]["id"] == account.user_id
    assert response.data["viewer"]["email"] == account.email


async def test_sign_up_stores_only_an_argon2_hash(client: GraphQLClient, owner_session: AsyncSession) -> None:
    account = await sign_up(client, "hash")
    stored = await owner_session.scalar(select(User.password_hash).where(User.email == account.email))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


async def test_sign_up_refuses_bad_input_and_writes_nothing(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    users_before = await owner_session.scalar(select(func.count()).select_from(User))
    cases = {
        "not-an-email": ("BAD_USER_INPUT", "email"),
        "weak@example.com": ("BAD_USER_INPUT", "password"),
    }
    for email, (code, field) in cases.items():
        password = "password123" if field == "password" else PASSWORD
        response = await client.execute(
            SIGN_UP, {"input": {"email": email, "password": password, "displayName": "X"}}
        )
        [error] = response.data["signUp"]["userErrors"]
        assert (error["code"], error["field"]) == (code, [field])
        assert response.data["signUp"]["accessToken"] is None
    assert await owner_session.scalar(select(func.count()).select_from(User)) == users_before


async def test_sign_up_with_a_taken_email_in_another_case_conflicts(client: GraphQLClient) -> None:
    account = await sign_up(client, "taken")
    response = await client.execute(
        SIGN_UP, {"input": {"email": account.email.upper(), "password": PASSWORD, "displayName": "Twin"}}
    )
    assert _errors(response, "signUp") == [("CONFLICT", "An account with this email already exists.")]


async def test_log_in_with_wrong_password_or_unknown_email_gets_the_same_answer(
    client: GraphQLClient,
) -> None:
    account = await sign_up(client, "login")
    wrong_password = await client.execute(
        LOG_IN, {"input": {"email": account.email, "password": "nope-nope-nope"}}
    )
    unknown = await client.execute(LOG_IN, {"input": {"email": "nobody@example.com", "password": PASSWORD}})
    right = await client.execute(LOG_IN, {"input": {"email": account.email.upper(), "password": PASSWORD}})

    assert _errors(wrong_password, "logIn") == _errors(unknown, "logIn")
    assert _errors(unknown, "logIn") == [("UNAUTHENTICATED", "Email or password is incorrect.")]
    assert right.data["logIn"]["user"]["id"] == account.user_id


async def test_repeated_failed_log_ins_are_rate_limited_even_with_the_right_password(
    client: GraphQLClient,
) -> None:
    account = await sign_up(client, "throttled")
    for _ in range(5):
        await client.execute(LOG_IN, {"input": {"email": account.email, "password": "wrong-wrong-wrong"}})

    response = await client.execute(LOG_IN, {"input": {"email": account.email, "password": PASSWORD}})

    assert [code for code, _ in _errors(response, "logIn")] == ["RATE_LIMITED"]


async def test_refresh_rotates_and_the_old_refresh_token_no_longer_works(client: GraphQLClient) -> None:
    account = await sign_up(client, "rotate")

    rotated = (await client.execute(REFRESH, {"token": account.refresh_token})).data["refreshSession"]
    new_viewer = await client.execute(VIEWER, token=rotated["accessToken"])

    assert rotated["userErrors"] == []
    assert rotated["refreshToken"] != account.refresh_token
    assert new_viewer.data["viewer"]["id"] == account.user_id


async def test_reusing_a_rotated_refresh_token_ends_the_whole_session(client: GraphQLClient) -> None:
    account = await sign_up(client, "reuse")
    rotated = (await client.execute(REFRESH, {"token": account.refresh_token})).data["refreshSession"]

    reused = await client.execute(REFRESH, {"token": account.refresh_token})
    successor = await client.execute(REFRESH, {"token": rotated["refreshToken"]})
    access = await client.execute(VIEWER, token=rotated["accessToken"])

    assert [code for code, _ in _errors(reused, "refreshSession")] == ["UNAUTHENTICATED"]
    assert [code for code, _ in _errors(successor, "refreshSession")] == ["UNAUTHENTICATED"]
    assert access.error_codes == ["UNAUTHENTICATED"]


async def test_unknown_refresh_token_is_refused(client: GraphQLClient) -> None:
    response = await client.execute(REFRESH, {"token": "made-up"})
    assert [code for code, _ in _errors(response, "refreshSession")] == ["UNAUTHENTICATED"]


async def test_log_out_ends_the_session_and_its_tokens(client: GraphQLClient) -> None:
    account = await sign_up(client, "logout")

    logged_out = await client.execute(LOG_OUT, token=account.access_token)
    after = await client.execute(VIEWER, token=account.access_token)
    refreshed = await client.execute(REFRESH, {"token": account.refresh_token})

    assert logged_out.data["logOut"] == {"success": True, "userErrors": []}
    assert after.error_codes == ["UNAUTHENTICATED"]
    assert after.errors[0]["message"] == "The session has ended; log in again."
    assert [code for code, _ in _errors(refreshed, "refreshSession")] == ["UNAUTHENTICATED"]


async def test_expired_or_forged_access_tokens_are_refused(client: GraphQLClient) -> None:
    account = await sign_up(client, "expired")
    _, user_id = decode_global_id(account.user_id)
    expired, _ = issue_access_token(
        TEST_SECRET_KEY, AccessClaims(user_id, uuid.uuid4()), now=utcnow() - timedelta(hours=1)
    )
    forged, _ = issue_access_token("another-secret", AccessClaims(user_id, uuid.uuid4()), now=utcnow())

    expired_answer = await client.execute(VIEWER, token=expired)
    forged_answer = await client.execute(VIEWER, token=forged)

    assert expired_answer.error_codes == ["UNAUTHENTICATED"]
    assert "expired" in expired_answer.errors[0]["message"]
    assert forged_answer.error_codes == ["UNAUTHENTICATED"]


async def test_anonymous_viewer_is_null_not_an_error(client: GraphQLClient) -> None:
    response = await client.execute(VIEWER)
    assert response.body == {"data": {"viewer": None}}
