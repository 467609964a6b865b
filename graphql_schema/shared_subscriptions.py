"""Subscriptions that the sockets of one process share.

Sockets that subscribe with the same document and the same variables, as the same principal
(one person, or one API key), are owed the same results. So each event is executed once for
all of them, not once per socket: a person's open tabs, or the panes of a wall display,
cost one execution per event between them. Keying by principal is what makes sharing safe:
what a field returns can depend on who asks (row-level security, roles, "your own" fields),
never on which socket asked. The principal's permission is checked by the shared execution
itself, at subscribe time and on every membership change, so losing access ends it for all
of that principal's sockets at once, as it would have one by one.

Each socket reads from an inbox of its own. A socket that stops reading (its client has
stopped, its buffers are full) overflows its inbox and is disconnected with 1013; the
others carry on. The shared execution stops when its last socket leaves.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import strawberry
import structlog
from graphql import GraphQLError, get_operation_ast
from graphql import OperationType as OperationKind
from starlette.websockets import WebSocket
from strawberry.schema.schema import StreamResult
from strawberry.types.execution import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.aio import aclosing

from app.errors import SlowConsumerError
from app.identity.viewer import Viewer
from app.observability.metrics import SUBSCRIPTION_EXECUTIONS, SUBSCRIPTION_SOCKETS
from app.realtime.inbox import Inbox
from graphql_schema.operation import parse_document

logger = structlog.get_logger("vizora.realtime")

SLOW_CONSUMER_CLOSE_CODE = 1013  # "try again later"

OpenSource = Callable[[], Awaitable[StreamResult]]


@dataclass(frozen=True)
class FeedKey:
    """What makes two subscriptions' results the same."""

    query: str
    operation_name: str | None
    variables: str  # canonical JSON
    principal: Viewer  # without the session: a person's devices are owed the same results


class Feed:
    """One execution of a subscription, its results handed to every socket that joined it."""

    def __init__(self, feeds: Feeds, key: FeedKey, open_source: OpenSource) -> None:
        self.key = key
        self.inboxes: set[Inbox[ExecutionResult]] = set()
        self._feeds = feeds
        SUBSCRIPTION_EXECUTIONS.inc()
        self._task = asyncio.create_task(self._pump(open_source))
        self._task.add_done_callback(_log_failure)

    def join(self) -> Inbox[ExecutionResult]:
        inbox: Inbox[ExecutionResult] = Inbox(
            self._feeds.queue_size, name=self.key.operation_name or "subscription"
        )
        self.inboxes.add(inbox)
        SUBSCRIPTION_SOCKETS.inc()
        return inbox

    def leave(self, inbox: Inbox[ExecutionResult]) -> None:
        inbox.close()
        self.inboxes.remove(inbox)
        SUBSCRIPTION_SOCKETS.dec()
        if not self.inboxes:
            self._feeds.forget(self)
            self._task.cancel()

    async def _pump(self, open_source: OpenSource) -> None:
        try:
            source = await open_source()
            async with aclosing(source):
                async for result in source:
                    # Results, or a pre-execution error (one too): never incremental delivery.
                    assert isinstance(result, ExecutionResult)
                    for inbox in tuple(self.inboxes):
                        inbox.put(result)
        finally:
            # Whoever subscribes from now on starts a new execution; those here get the end.
            self._feeds.forget(self)
            for inbox in self.inboxes:
                inbox.finish()


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        logger.error("shared subscription failed", exc_info=error)


class Feeds:
    """The process's shared subscriptions, by what makes their results the same."""

    def __init__(self, queue_size: int) -> None:
        self.queue_size = queue_size
        self._feeds: dict[FeedKey, Feed] = {}

    def forget(self, feed: Feed) -> None:
        if self._feeds.get(feed.key) is feed:
            del self._feeds[feed.key]
            SUBSCRIPTION_EXECUTIONS.dec()

    async def listen(
        self, key: FeedKey, open_source: OpenSource, socket: Any
    ) -> AsyncGenerator[ExecutionResult, None]:
        """The results of the execution for ``key``, started by the first to listen."""
        feed = self._feeds.get(key)
        if feed is None:
            feed = self._feeds[key] = Feed(self, key, open_source)
        inbox = feed.join()
        try:
            while True:
                try:
                    result = await inbox.get()
                except StopAsyncIteration:
                    return
                except SlowConsumerError:
                    if isinstance(socket, WebSocket):
                        await socket.close(SLOW_CONSUMER_CLOSE_CODE, "too slow: reconnect and refetch")
                    return
                yield result
        finally:
            feed.leave(inbox)


class SharedSubscriptionsSchema(strawberry.Schema):
    """A schema whose subscriptions are shared (see the module's docstring); queries and
    mutations, over any transport, run as usual."""

    def __init__(self, *args: Any, queue_size: int, max_tokens: int, **kwargs: Any) -> None:
        """``max_tokens``: the token limit the operation's own parse applies (MaxTokensLimiter);
        looking at the document first parses it under the same limit, into the same cache."""
        super().__init__(*args, **kwargs)
        self.feeds = Feeds(queue_size)
        self.max_tokens = max_tokens

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        async def open_source() -> StreamResult:
            return await super(SharedSubscriptionsSchema, self).stream(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                operation_extensions,
                allowed_operation_types,
            )

        key = _feed_key(query, variable_values, context_value, operation_name, self.max_tokens)
        if key is None or root_value is not None or operation_extensions:
            return await open_source()
        return self.feeds.listen(key, open_source, getattr(context_value, "request", None))


def _feed_key(
    query: str | None,
    variables: dict[str, Any] | None,
    context: Any,
    operation_name: str | None,
    max_tokens: int,
) -> FeedKey | None:
    """The key of a subscription a signed-in caller may share; None for anything else."""
    viewer = getattr(context, "viewer", None)
    if query is None or not isinstance(viewer, Viewer):
        return None
    try:
        operation = get_operation_ast(parse_document(query, max_tokens=max_tokens), operation_name)
        canonical_variables = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    except (GraphQLError, TypeError, ValueError):
        return None  # the ordinary path reports what is wrong with it
    if operation is None or operation.operation is not OperationKind.SUBSCRIPTION:
        return None
    return FeedKey(query, operation_name, canonical_variables, replace(viewer, session_family_id=None))
