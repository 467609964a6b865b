"""The log-in throttle through GraphQL: a pair of email and client address is locked after its
failures, an address after failing for many emails; the account itself never is. The counts
live in the database, so two API processes on one database share them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.db.bootstrap import DatabaseTargets
from app.models import LoginFailureCounter
from app.runtime import Runtime, open_runtime
from app.server import create_app
from tests.accounts import PASSWORD, sign_up
from tests.conftest import make_settings
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient

PER_PAIR, PER_ADDRESS, WINDOW = 3, 6, timedelta(minutes=10)
WRONG = "not-the-password-at-all"
LOG_IN = """
mutation($input: LogInInput!) {
  logIn(input: $input) { accessToken userErrors { message code } }
}
"""

Connect = Callable[[str], AbstractAsyncContextManager[GraphQLClient]]
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


class Clock:
    """Both processes' time, moved by the tests instead of waiting for windows to end."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def settings(database: DatabaseTargets) -> Settings:
    return make_settings(
        database,
        login_failures_per_email_and_address=PER_PAIR,
        login_failures_per_address=PER_ADDRESS,
        login_failure_window_seconds=WINDOW.total_seconds(),
    )


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
async def second_runtime(settings: Settings, database: DatabaseTargets) -> AsyncIterator[Runtime]:
    """Another API process on the same database: nothing in memory is shared with ``runtime``."""
    other = open_runtime(settings, TEST_SECRET_KEY, database)
    await other.start_broker()
    yield other
    await other.close()


def _connector(runtime: Runtime) -> Connect:
    app = create_app(runtime=runtime)

    @asynccontextmanager
    async def connect(address: str) -> AsyncIterator[GraphQLClient]:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield GraphQLClient(http)

    return connect


@pytest.fixture(scope="module")
def first(runtime: Runtime, clock: Clock) -> Connect:
    runtime.login_throttle.clock = clock
    return _connector(runtime)


@pytest.fixture(scope="module")
def second(second_runtime: Runtime, clock: Clock) -> Connect:
    second_runtime.login_throttle.clock = clock
    return _connector(second_runtime)


async def _log_in(client: GraphQLClient, email: str, password: str) -> tuple[str | None, str]:
    """The error code (None on success) and its message."""
    payload = (await client.execute(LOG_IN, {"input": {"email": email, "password": password}})).data["logIn"]
    if not payload["userErrors"]:
        assert payload["accessToken"]
        return None, ""
    [error] = payload["userErrors"]
    return error["code"], error["message"]


async def _new_account(first: Connect) -> str:
    async with first(next(_addresses)) as client:
        return (await sign_up(client, "throttle")).email


async def test_a_pair_is_locked_after_its_failures_even_for_the_right_password(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as client:
        failures = [await _log_in(client, email, WRONG) for _ in range(PER_PAIR)]
        locked = await _log_in(client, email, PASSWORD)

    assert {code for code, _ in failures} == {"UNAUTHENTICATED"}
    assert locked == ("RATE_LIMITED", "Too many failed log-ins; try again in 10 minutes.")


async def test_the_same_account_still_logs_in_from_another_address(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as attacker:
        for _ in range(PER_PAIR + 2):
            await _log_in(attacker, email, WRONG)
        assert (await _log_in(attacker, email, PASSWORD))[0] == "RATE_LIMITED"

    async with first(next(_addresses)) as owner:
        assert await _log_in(owner, email, PASSWORD) == (None, "")


async def test_one_address_failing_for_many_emails_is_locked_for_every_email(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as sprayer:
        for n in range(PER_ADDRESS):
            assert (await _log_in(sprayer, f"guess-{n}@example.com", WRONG))[0] == "UNAUTHENTICATED"
        locked = await _log_in(sprayer, email, PASSWORD)
    async with first(next(_addresses)) as elsewhere:
        unaffected = await _log_in(elsewhere, email, PASSWORD)

    assert locked[0] == "RATE_LIMITED"
    assert unaffected == (None, "")


async def test_a_lock_ends_with_its_window(first: Connect, clock: Clock) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as client:
        for _ in range(PER_PAIR):
            await _log_in(client, email, WRONG)
        clock.now += WINDOW - timedelta(seconds=30)
        still_locked = await _log_in(client, email, PASSWORD)
        clock.now += timedelta(seconds=30)
        after = await _log_in(client, email, PASSWORD)

    assert still_locked == ("RATE_LIMITED", "Too many failed log-ins; try again in 30 seconds.")
    assert after == (None, "")


async def test_a_successful_log_in_clears_its_pairs_failures(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as client:
        for _ in range(2):
            for _ in range(PER_PAIR - 1):
                assert (await _log_in(client, email, WRONG))[0] == "UNAUTHENTICATED"
            assert await _log_in(client, email, PASSWORD) == (None, "")


async def test_successful_log_ins_do_not_use_up_the_addresss_allowance(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as office:
        answers = [await _log_in(office, email, PASSWORD) for _ in range(PER_ADDRESS + 1)]
    assert set(answers) == {(None, "")}


async def test_two_processes_on_one_database_share_the_count(first: Connect, second: Connect) -> None:
    email = await _new_account(first)
    address = next(_addresses)
    async with first(address) as one, second(address) as other:
        for client in (one, other, one):  # PER_PAIR failures in all
            assert (await _log_in(client, email, WRONG))[0] == "UNAUTHENTICATED"
        # The second process saw one failure itself; the other two reach it through the database.
        assert (await _log_in(other, email, PASSWORD))[0] == "RATE_LIMITED"


async def test_parallel_guesses_get_no_more_tries_than_the_limit(first: Connect) -> None:
    email = await _new_account(first)
    async with first(next(_addresses)) as client:
        answers = await asyncio.gather(*(_log_in(client, email, WRONG) for _ in range(PER_PAIR * 2)))
    codes = sorted(code for code, _ in answers if code)
    assert codes == ["RATE_LIMITED"] * PER_PAIR + ["UNAUTHENTICATED"] * PER_PAIR


async def test_ended_windows_are_swept_away(
    first: Connect, clock: Clock, owner_session: AsyncSession
) -> None:
    async with first(next(_addresses)) as client:
        for n in range(3):
            await _log_in(client, f"gone-{n}@example.com", WRONG)
    clock.now += WINDOW

    async with first(next(_addresses)) as client:
        await _log_in(client, "next@example.com", WRONG)

    ended = await owner_session.scalar(
        select(func.count())
        .select_from(LoginFailureCounter)
        .where(LoginFailureCounter.window_ends_at <= clock.now)
    )
    live = await owner_session.scalar(select(func.count()).select_from(LoginFailureCounter))
    assert ended == 0
    assert live == 2  # the last attempt's pair and address
