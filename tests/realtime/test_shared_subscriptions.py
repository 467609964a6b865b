"""Sockets of one principal with the same subscription share one execution per event; each
reads from its own bounded inbox, and losing access ends every one of them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import AsyncExitStack

import pytest
from strawberry.types.execution import ExecutionResult

from app.identity.viewer import Viewer
from graphql_schema.shared_subscriptions import FeedKey, Feeds
from tests.accounts import PASSWORD
from tests.foundation.test_http_edge import metric_total
from tests.graphql_client import GraphQLClient
from tests.identity.test_sessions import LOG_IN
from tests.realtime.test_subscriptions import (
    DIAGRAM_UPDATED,
    PROJECT_EVENTS,
    data_of,
    move,
    room,
    settle,
    until_complete,
)
from tests.tenancy.test_membership import REMOVE
from tests.ws_client import LEGACY_WS, TRANSPORT_WS, GraphQLSocket, signed_in


async def subscription_gauges(client: GraphQLClient) -> tuple[float, float]:
    return (
        await metric_total(client.http, "vizora_subscription_executions"),
        await metric_total(client.http, "vizora_subscription_sockets"),
    )


async def test_one_persons_sockets_share_an_execution_and_another_person_gets_their_own(
    client: GraphQLClient, live_server: str
) -> None:
    shared = await room(client)
    executions, sockets = await subscription_gauges(client)
    # The same person signed in on another device: a session of its own.
    other_device = (
        await client.execute(LOG_IN, {"input": {"email": shared.viewer.email, "password": PASSWORD}})
    ).data["logIn"]["accessToken"]
    async with AsyncExitStack() as stack:
        viewer_sockets: list[GraphQLSocket] = [
            await stack.enter_async_context(signed_in(live_server, token, protocol))
            for token, protocol in (
                (shared.viewer.access_token, TRANSPORT_WS),
                (shared.viewer.access_token, LEGACY_WS),
                (other_device, TRANSPORT_WS),
            )
        ]
        editor_socket = await stack.enter_async_context(signed_in(live_server, shared.editor.access_token))
        for socket in (*viewer_sockets, editor_socket):
            await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        # The same person, another document: an execution of its own.
        await viewer_sockets[0].subscribe(PROJECT_EVENTS, {"id": shared.project_id})
        await settle()
        open_executions, open_sockets = await subscription_gauges(client)

        await move(client, shared, 1, 320)
        seen = []
        for socket in (*viewer_sockets, editor_socket):
            message = await socket.next()
            if message["type"] == "next" and "projectEvents" in message["payload"]["data"]:
                message = await socket.next()
            seen.append(data_of(message, "diagramUpdated"))

    assert (open_executions - executions, open_sockets - sockets) == (3, 5)
    assert all(event == seen[0] for event in seen)
    assert seen[0]["diagram"]["revision"] == 2
    for _ in range(50):  # the server notices the closed sockets asynchronously
        if await subscription_gauges(client) == (executions, sockets):
            break
        await asyncio.sleep(0.05)
    assert await subscription_gauges(client) == (executions, sockets)


async def test_a_removed_member_loses_every_socket_while_others_keep_receiving(
    client: GraphQLClient, live_server: str
) -> None:
    shared = await room(client)
    async with (
        signed_in(live_server, shared.viewer.access_token) as first,
        signed_in(live_server, shared.viewer.access_token) as second,
        signed_in(live_server, shared.editor.access_token) as editor_socket,
    ):
        for socket in (first, second, editor_socket):
            await socket.subscribe(DIAGRAM_UPDATED, {"id": shared.diagram_id})
        await settle()
        await client.execute(
            REMOVE,
            {
                "input": {
                    "organizationId": shared.organization_id,
                    "userId": shared.viewer.user_id,
                    "workspaceId": shared.workspace_id,
                }
            },
            token=shared.owner.access_token,
        )
        ended = [await until_complete(socket) for socket in (first, second)]
        await move(client, shared, 1, 9)
        after = data_of(await editor_socket.next(), "diagramUpdated")
        with pytest.raises(TimeoutError):
            await first.next(within=0.5)

    for messages in ended:
        assert "No such workspace" in str(messages[0]["payload"])
    assert after["diagram"]["revision"] == 2


# --- The shared execution on its own ------------------------------------------------------


def key(viewer: Viewer) -> FeedKey:
    return FeedKey("subscription { s }", None, "{}", viewer)


async def test_a_socket_that_stops_reading_is_cut_off_alone_and_the_execution_ends_with_the_last() -> None:
    results: asyncio.Queue[ExecutionResult] = asyncio.Queue()
    closed = asyncio.Event()

    async def source() -> AsyncGenerator[ExecutionResult, None]:
        try:
            while True:
                yield await results.get()
        finally:
            closed.set()

    async def open_source() -> AsyncGenerator[ExecutionResult, None]:
        return source()

    feeds = Feeds(queue_size=3)
    viewer = Viewer(user_id=None, api_key_id=None)
    reader = feeds.listen(key(viewer), open_source, socket=None)
    stalled = feeds.listen(key(viewer), open_source, socket=None)
    # Both join (a listener joins when first read), then the first result is produced.
    waiting = [asyncio.ensure_future(anext(listener)) for listener in (reader, stalled)]
    await asyncio.sleep(0)
    first = ExecutionResult(data={"s": 0}, errors=None)
    await results.put(first)
    assert await asyncio.gather(*waiting) == [first, first]  # one execution, both got it

    sent = [ExecutionResult(data={"s": n}, errors=None) for n in range(1, 6)]
    for result in sent:
        await results.put(result)
        assert await anext(reader) is result
    with pytest.raises(StopAsyncIteration):
        await anext(stalled)  # four waited where three fit: cut off
    assert not closed.is_set()

    await reader.aclose()
    await asyncio.wait_for(closed.wait(), 1)


async def test_a_new_subscriber_after_the_execution_ended_starts_a_new_one() -> None:
    opened = 0

    async def open_source() -> AsyncGenerator[ExecutionResult, None]:
        nonlocal opened
        opened += 1
        number = opened

        async def source() -> AsyncGenerator[ExecutionResult, None]:
            yield ExecutionResult(data={"s": number}, errors=None)

        return source()

    feeds = Feeds(queue_size=3)
    viewer = Viewer(user_id=None, api_key_id=None)
    assert [result.data async for result in feeds.listen(key(viewer), open_source, socket=None)] == [{"s": 1}]
    assert [result.data async for result in feeds.listen(key(viewer), open_source, socket=None)] == [{"s": 2}]
