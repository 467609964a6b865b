"""Every analysis of a document before it runs (cost, depth, aliases) takes time linear in the
document's size: a fragment is measured once, however often it is spread. Walking it again at
every spread made 800 bytes of nested spreads block the whole process for seconds."""

from __future__ import annotations

import time

from tests.foundation.test_graphql_limits import assert_refused
from tests.graphql_client import GraphQLClient


def doubling_fragments(count: int, leaf: str = "id") -> str:
    """``F0`` spreads ``F1`` twice, ``F1`` spreads ``F2`` twice, …: 2^count leaves."""
    chain = " ".join(f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}" for i in range(count))
    return f"query Doubling {{ viewer {{ ...F0 }} }} {chain} fragment F{count} on User {{ {leaf} }}"


async def test_forty_doubling_fragments_are_priced_at_once_and_refused(client: GraphQLClient):
    started = time.perf_counter()
    response = await client.execute(doubling_fragments(40))
    elapsed = time.perf_counter() - started

    # 2^40 leaves plus viewer: priced exactly, which walking every spread could never finish.
    assert_refused(
        response,
        f"The query would cost {2**40 + 1}, above the limit of 250000. "
        "Ask for smaller pages (first/last) or fewer nested lists.",
    )
    assert response.statements == 0
    assert elapsed < 1, f"refusing took {elapsed:.2f} s"  # the walk of every spread: hours


async def test_aliases_in_a_fragment_count_at_every_spread(client: GraphQLClient):
    response = await client.execute(doubling_fragments(4, leaf="a: id"))

    assert_refused(response, "16 aliases found. Allowed: 15")


async def test_aliases_under_the_limit_through_fragments_run(client: GraphQLClient):
    response = await client.execute(doubling_fragments(3, leaf="a: id"))

    assert response.errors == []
    assert response.data == {"viewer": None}


async def test_more_fragment_spreads_than_the_limit_are_refused_before_measuring(client: GraphQLClient):
    spreads = " ".join(f"...F{i}" for i in range(101))
    fragments = " ".join(f"fragment F{i} on User {{ id }}" for i in range(101))

    response = await client.execute(f"query Many {{ viewer {{ {spreads} }} }} {fragments}")

    assert_refused(response, "101 fragment spreads found. Allowed: 100")


async def test_a_cycle_of_fragments_is_reported_by_the_standard_rule(client: GraphQLClient):
    response = await client.execute(
        "query Cycle { viewer { ...A } } fragment A on User { ...B } fragment B on User { ...A }"
    )

    assert_refused(response, "Cannot spread fragment 'A' within itself via 'B'.")
