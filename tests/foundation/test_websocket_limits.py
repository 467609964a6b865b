"""Limits both WebSocket subprotocols enforce alike: sign in within the timeout, only so many
sockets per address that have not signed in, a coded error past the operations limit, and a
clean close for a message the server cannot read."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol

from app.runtime import Runtime
from tests.accounts import Account, sign_up
from tests.graphql_client import GraphQLClient
from tests.live_server import serve
from tests.ws_client import LEGACY_WS, TRANSPORT_WS, receive, signed_in, ws_url

PROTOCOLS = [TRANSPORT_WS, LEGACY_WS]


@pytest.fixture(scope="module")
async def account(client: GraphQLClient) -> Account:
    return await sign_up(client, "limits")


async def closing_code(socket: ClientConnection) -> int:
    async with asyncio.timeout(5):
        await socket.wait_closed()
    assert socket.close_code is not None
    return socket.close_code


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_socket_that_never_signs_in_is_closed_in_either_protocol(runtime: Runtime, protocol: str):
    settings = runtime.settings.model_copy(update={"connection_init_timeout_seconds": 0.3})
    async with (
        serve(runtime, settings) as base_url,
        connect(ws_url(base_url), subprotocols=[Subprotocol(protocol)]) as socket,
    ):
        assert await closing_code(socket) == 4408


async def test_a_legacy_socket_that_signed_in_in_time_stays_open(runtime: Runtime, account: Account):
    settings = runtime.settings.model_copy(update={"connection_init_timeout_seconds": 0.3})
    async with (
        serve(runtime, settings) as base_url,
        signed_in(base_url, account.access_token, LEGACY_WS) as socket,
    ):
        await asyncio.sleep(0.6)
        await socket.subscribe("subscription { notificationReceived { id } }")
        with pytest.raises(TimeoutError):  # no close, no error: the subscription is just waiting
            await socket.next(within=0.3)


async def test_an_address_may_hold_only_so_many_sockets_that_have_not_signed_in(
    runtime: Runtime, account: Account
):
    settings = runtime.settings.model_copy(update={"max_unsigned_sockets_per_address": 2})
    async with serve(runtime, settings) as base_url:
        url, protocols = ws_url(base_url), [Subprotocol(TRANSPORT_WS)]
        async with connect(url, subprotocols=protocols) as first, connect(url, subprotocols=protocols):
            with pytest.raises(InvalidStatus) as refused:
                async with connect(url, subprotocols=protocols):
                    pass
            assert refused.value.response.status_code == 403

            # Signing in gives the place back: another socket may open.
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {account.access_token}"}}
            await first.send(json.dumps(init))
            assert (await receive(first))["type"] == "connection_ack"
            async with connect(url, subprotocols=protocols) as third:
                assert third.subprotocol == TRANSPORT_WS
        # Closed sockets give theirs back too.
        async with connect(url, subprotocols=protocols), connect(url, subprotocols=protocols):
            pass


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_the_operations_limit_answers_with_a_code(runtime: Runtime, account: Account, protocol: str):
    settings = runtime.settings.model_copy(update={"max_subscriptions_per_connection": 1})
    async with (
        serve(runtime, settings) as base_url,
        signed_in(base_url, account.access_token, protocol) as socket,
    ):
        await socket.subscribe("subscription { notificationReceived { id } }")
        second = await socket.subscribe("subscription { notificationReceived { id } }")
        answer = await socket.next()

    assert answer["type"] == "error"
    assert answer["id"] == second
    errors = answer["payload"] if isinstance(answer["payload"], list) else [answer["payload"]]
    assert [error["extensions"]["code"] for error in errors] == ["RATE_LIMITED"]
    assert errors[0]["message"].startswith("Subscription limit reached: at most 1 operations")


SUBSCRIPTION = "subscription { notificationReceived { id } }"
NESTED_PAST_THE_PARSER = f'"payload": {{"query": "{SUBSCRIPTION}", "variables": {{"v": {"[" * 100_000}'


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (NESTED_PAST_THE_PARSER, "The request's JSON is nested too deeply."),
        (
            '"payload": {not json',
            "The request is not valid JSON: Expecting property name enclosed in double quotes.",
        ),
    ],
    ids=["nested", "not-json"],
)
async def test_a_message_the_server_cannot_read_closes_only_its_socket_with_4400(
    live_server: str,
    account: Account,
    protocol: str,
    payload: str,
    reason: str,
    caplog: pytest.LogCaptureFixture,
):
    kind = "start" if protocol == LEGACY_WS else "subscribe"

    with caplog.at_level(logging.WARNING):
        async with signed_in(live_server, account.access_token, protocol) as bystander:
            async with signed_in(live_server, account.access_token, protocol) as sender:
                await sender.socket.send(f'{{"type": "{kind}", "id": "1", {payload}')
                code = await closing_code(sender.socket)
            await bystander.subscribe(SUBSCRIPTION)
            with pytest.raises(TimeoutError):  # no close, no error: the subscription is just waiting
                await bystander.next(within=0.3)
            async with signed_in(live_server, account.access_token, protocol):
                pass  # and the server still signs sockets in

    assert (code, sender.socket.close_reason) == (4400, reason)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
