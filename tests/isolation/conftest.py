"""Each isolation module builds its own victim tenant in its own database."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.graphql_client import GraphQLClient
from tests.isolation.victim import Victim, build_strangers, build_victim
from tests.projects.test_connections import customer as customer_database


@pytest.fixture(scope="module")
async def victim(client: GraphQLClient, owner_session: AsyncSession) -> Victim:
    return await build_victim(client, owner_session)


@pytest.fixture(scope="module")
async def strangers(client: GraphQLClient, victim: Victim) -> dict[str, str | None]:
    return await build_strangers(client, victim)


# The live-connection tests' "customer" database: the mutation matrix's connections dial it.
customer = customer_database
