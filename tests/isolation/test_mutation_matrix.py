"""The mutation matrix, two-sided: for every mutation of the schema, the lowest role that may call
it succeeds, as a person and as an API key of that role; one role lower is refused and learns
nothing (NOT_FOUND for what it cannot see, FORBIDDEN where it sees but may not act); strangers
to the organization are refused; and a refusal changes nothing.

The cases are in ``mutation_cases``: a new mutation without one fails
``test_every_mutation_of_the_schema_is_in_the_matrix``.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.enums import WorkspaceRole
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.isolation.fingerprint import fingerprint
from tests.isolation.mutation_cases import CASES, MutationCase
from tests.isolation.team import Team, build_team, one_lower
from tests.isolation.victim import assert_no_leak
from tests.projects.test_connections import Customer

KEY_CASES = [case for case in CASES if case.keys]
# Keys below the minimum: there is a workspace role one lower.
KEY_LOWER_CASES = [
    case
    for case in KEY_CASES
    if isinstance(case.minimum, WorkspaceRole) and case.minimum is not WorkspaceRole.VIEWER
]
NO_KEY_CASES = [case for case in CASES if not case.keys]
TENANT_CASES = [case for case in CASES if case.in_tenant]
STRANGERS = ["unauthenticated", "outsider", "key_of_another_organization"]


def _ids(case: MutationCase) -> str:
    return case.id


@pytest.fixture(scope="module")
async def founder(client: GraphQLClient) -> Account:
    return await sign_up(client, "founder")


@pytest.fixture
async def team(
    client: GraphQLClient, owner_session: AsyncSession, founder: Account, customer: Customer
) -> Team:
    return await build_team(client, owner_session, founder, customer.uri)


async def _act(team: Team, case: MutationCase, token: str | None) -> tuple[GraphQLResponse, bool]:
    """Arrange, then call ``case`` with ``token``; the response, and whether the organization changed."""
    variables = {"input": await case.arrange(team)}
    before = await fingerprint(team.session, team.organization_id)
    response = await team.client.execute(case.document, variables, token=token)
    return response, await fingerprint(team.session, team.organization_id) != before


def _assert_succeeded(case: MutationCase, response: GraphQLResponse, changed: bool) -> None:
    assert response.errors == [], response.body
    assert response.data[case.name]["userErrors"] == [], response.body
    assert changed is case.changes_tenant


def _assert_refused(case: MutationCase, response: GraphQLResponse, changed: bool, code: str) -> None:
    """Refused with ``code``, as an error (no data) or, where the payload says so, a user error."""
    if response.errors:
        assert response.error_codes == [code], response.body
        assert response.data is None
    else:
        assert [error["code"] for error in response.data[case.name]["userErrors"]] == [code], response.body
    assert_no_leak(response.body)
    assert not changed


async def test_every_mutation_of_the_schema_is_in_the_matrix(client: GraphQLClient) -> None:
    response = await client.execute("{ __schema { mutationType { fields { name } } } }")

    in_schema = {field["name"] for field in response.data["__schema"]["mutationType"]["fields"]}

    assert in_schema - {case.name for case in CASES} == set(), "add a MutationCase for each"
    assert {case.name for case in CASES} - in_schema == set()


@pytest.mark.parametrize("case", CASES, ids=_ids)
async def test_the_lowest_role_that_may_call_it_succeeds(team: Team, case: MutationCase) -> None:
    token = await team.token_of(case.minimum)

    response, changed = await _act(team, case, token)

    _assert_succeeded(case, response, changed)


@pytest.mark.parametrize("case", [case for case in CASES if case.lower is not None], ids=_ids)
async def test_one_role_lower_is_refused_and_learns_nothing(team: Team, case: MutationCase) -> None:
    assert case.lower is not None
    token = await team.token_of(case.lower)

    response, changed = await _act(team, case, token)

    _assert_refused(case, response, changed, case.lower_refusal)


@pytest.mark.parametrize("whole_organization", [False, True], ids=["workspace_key", "organization_key"])
@pytest.mark.parametrize("case", KEY_CASES, ids=_ids)
async def test_a_key_of_the_lowest_role_succeeds(
    team: Team, case: MutationCase, whole_organization: bool
) -> None:
    role = case.minimum if isinstance(case.minimum, WorkspaceRole) else WorkspaceRole.VIEWER
    secret = await team.key(role, whole_organization=whole_organization)

    response, changed = await _act(team, case, secret)

    _assert_succeeded(case, response, changed)


@pytest.mark.parametrize("case", KEY_LOWER_CASES, ids=_ids)
async def test_a_key_one_role_lower_is_refused_and_learns_nothing(team: Team, case: MutationCase) -> None:
    lower = one_lower(case.minimum)
    assert isinstance(lower, WorkspaceRole)
    secret = await team.key(lower)

    response, changed = await _act(team, case, secret)

    _assert_refused(case, response, changed, case.lower_refusal)


@pytest.mark.parametrize("case", NO_KEY_CASES, ids=_ids)
async def test_keys_are_refused_what_only_people_do(team: Team, case: MutationCase) -> None:
    secret = await team.key(WorkspaceRole.OWNER, whole_organization=True)  # the most a key can be

    response, changed = await _act(team, case, secret)

    _assert_refused(case, response, changed, case.key_refusal)


@pytest.fixture(scope="module")
async def key_of_another_organization(
    client: GraphQLClient, owner_session: AsyncSession, founder: Account
) -> str:
    other = await build_team(client, owner_session, founder, "postgresql://unused@127.0.0.1/none")
    return await other.key(WorkspaceRole.OWNER, whole_organization=True)


@pytest.mark.parametrize("stranger", STRANGERS)
@pytest.mark.parametrize("case", TENANT_CASES, ids=_ids)
async def test_strangers_are_refused_and_learn_nothing(
    team: Team, key_of_another_organization: str, case: MutationCase, stranger: str
) -> None:
    tokens: dict[str, Any] = {
        "unauthenticated": None,
        "outsider": team.person.access_token,
        "key_of_another_organization": key_of_another_organization,
    }
    expected = {
        "unauthenticated": "UNAUTHENTICATED",
        "outsider": "NOT_FOUND",
        "key_of_another_organization": "FORBIDDEN" if case.people_only else "NOT_FOUND",
    }

    response, changed = await _act(team, case, tokens[stranger])

    _assert_refused(case, response, changed, expected[stranger])
