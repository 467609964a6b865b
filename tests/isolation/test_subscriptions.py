"""The isolation matrix for subscriptions: strangers subscribing to the victim's objects."""

from __future__ import annotations

import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.isolation.victim import Victim, assert_no_leak
from tests.ws_client import TRANSPORT_WS, signed_in, ws_url

SUBSCRIPTIONS = {
    "diagramUpdated": (
        "subscription($id: ID!) { diagramUpdated(diagramId: $id) { diagram { name } } }",
        "DiagramState",
    ),
    "projectEvents": ("subscription($id: ID!) { projectEvents(projectId: $id) { __typename } }", "Project"),
}


@pytest.mark.parametrize("stranger", ["outsider", "too_low_role"])
@pytest.mark.parametrize("subscription", sorted(SUBSCRIPTIONS))
async def test_subscriptions_to_the_victims_objects_are_refused(
    live_server: str, victim: Victim, strangers: dict[str, str | None], stranger: str, subscription: str
) -> None:
    document, type_name = SUBSCRIPTIONS[subscription]
    token = strangers[stranger]
    assert token is not None
    async with signed_in(live_server, token) as socket:
        await socket.subscribe(document, {"id": victim.ids[type_name]})
        answer = await socket.next()

    assert answer["type"] in ("error", "next")
    assert "NOT_FOUND" in str(answer["payload"]) or "No such" in str(answer["payload"])
    assert_no_leak(answer)


async def test_an_unauthenticated_socket_cannot_subscribe(live_server: str, victim: Victim) -> None:
    async with connect(ws_url(live_server), subprotocols=[Subprotocol(TRANSPORT_WS)]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
