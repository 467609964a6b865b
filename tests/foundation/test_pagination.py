"""Cursor pagination: pages per parent in one statement, stable cursors, capped sizes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.statements import counting_statements
from app.errors import BadUserInputError
from app.models import Project
from app.pagination import Page, PageRequest, SortKey, fetch_pages
from graphql_schema.connection import Connection
from tests.factories import make_tenant, unique

SORT = SortKey(Project.created_at)
MAX = 100


@pytest.fixture(scope="module")
async def workspaces(owner_session: AsyncSession) -> dict[UUID, list[UUID]]:
    """Two workspaces with 5 and 2 projects (including the factory's), ids in creation order."""
    made: dict[UUID, list[UUID]] = {}
    for extra in (4, 1):
        tenant = await make_tenant(owner_session, "paged")
        ids = [tenant.project.id]
        for minutes in range(1, extra + 1):
            project = Project(
                organization_id=tenant.organization.id,
                workspace_id=tenant.workspace.id,
                name=unique("p"),
                slug=unique("p"),
                created_at=tenant.project.created_at + timedelta(minutes=minutes),  # a strict order
            )
            owner_session.add(project)
            await owner_session.flush()
            ids.append(project.id)
        await owner_session.commit()
        made[tenant.workspace.id] = ids
    return made


async def _pages(session: AsyncSession, parents: list[UUID], request: PageRequest) -> dict[UUID, Page[Any]]:
    return await fetch_pages(
        session,
        select(Project),
        entity=Project,
        partition_by=Project.workspace_id,
        parent_ids=parents,
        sort=SORT,
        request=request,
    )


async def test_first_page_of_every_parent_in_one_statement(
    owner_session: AsyncSession, workspaces: dict[UUID, list[UUID]]
) -> None:
    parents = [*workspaces, UUID(int=0)]
    with counting_statements() as statements:
        pages = await _pages(owner_session, parents, PageRequest.parse(first=3, max_size=MAX))

    assert statements.value == 1
    big, small = workspaces.values()
    assert [row.id for row in pages[parents[0]].rows] == big[:3]
    assert (pages[parents[0]].has_next_page, pages[parents[0]].total_count) == (True, 5)
    assert [row.id for row in pages[parents[1]].rows] == small
    assert pages[parents[1]].has_next_page is False
    assert (pages[parents[2]].rows, pages[parents[2]].total_count) == ([], 0)


async def test_following_cursors_walks_the_list_forwards_and_backwards(
    owner_session: AsyncSession, workspaces: dict[UUID, list[UUID]]
) -> None:
    parent, expected = next(iter(workspaces.items()))
    first = (await _pages(owner_session, [parent], PageRequest.parse(first=2, max_size=MAX)))[parent]
    second = (
        await _pages(
            owner_session, [parent], PageRequest.parse(first=2, after=first.cursors[-1], max_size=MAX)
        )
    )[parent]
    last = (await _pages(owner_session, [parent], PageRequest.parse(last=2, max_size=MAX)))[parent]
    before_last = (
        await _pages(owner_session, [parent], PageRequest.parse(last=2, before=last.cursors[0], max_size=MAX))
    )[parent]

    assert [row.id for row in first.rows + second.rows] == expected[:4]
    assert (second.has_previous_page, second.has_next_page) == (True, True)
    assert [row.id for row in before_last.rows + last.rows] == expected[1:]
    assert (last.has_previous_page, last.has_next_page) == (True, False)


async def test_connection_exposes_edges_page_info_and_total(
    owner_session: AsyncSession, workspaces: dict[UUID, list[UUID]]
) -> None:
    parent, expected = next(iter(workspaces.items()))
    page = (await _pages(owner_session, [parent], PageRequest.parse(first=2, max_size=MAX)))[parent]

    connection = Connection.from_page(page, lambda row: row.id)

    assert [edge.node for edge in connection.edges] == expected[:2]
    assert connection.page_info.end_cursor == page.cursors[-1]
    assert connection.total_count == 5


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"first": 101}, "first must be between 0 and 100."),
        ({"last": -1}, "last must be between 0 and 100."),
        ({"first": 1, "last": 1}, "Pass either first or last, not both."),
        ({"after": "not-a-cursor"}, "after is not a cursor this list returned."),
    ],
)
def test_bad_page_arguments_are_refused_with_a_clear_message(
    arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(BadUserInputError, match=message):
        PageRequest.parse(max_size=MAX, **arguments)  # type: ignore[arg-type]
