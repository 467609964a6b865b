"""Per-operation work around execution: parsing once per distinct document, metrics, and
committing a successful mutation."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from functools import lru_cache

import structlog
from graphql import GraphQLError, parse
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from app.db.session import UnitOfWork
from app.observability.metrics import GRAPHQL_LATENCY, GRAPHQL_OPERATIONS
from graphql_schema.context import operation_scope

logger = structlog.get_logger("vizora.graphql")


# A document of max_tokens (2,000) parses to about 0.6 MB: at worst 40 MB kept.
PARSED_DOCUMENTS_KEPT = 64
# Shared by CachedParsing and the subscription sharing that looks at a document first.
parse_document = lru_cache(maxsize=PARSED_DOCUMENTS_KEPT)(parse)


class CachedParsing(SchemaExtension):
    """Clients send a handful of documents over and over. Parsing one makes thousands of
    tokens in reference cycles, which only the garbage collector frees; the parsed tree is
    never changed afterwards, so it is kept. A document that does not parse is left to the
    ordinary parse, which reports the error (and is not kept)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            with suppress(GraphQLError):
                context.graphql_document = parse_document(context.query, **context.parse_options)
        yield


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        operation = operation_type_of(self.execution_context)
        operation_type = operation.value if operation else "invalid"
        GRAPHQL_OPERATIONS.labels(operation_type=operation_type).inc()
        GRAPHQL_LATENCY.labels(operation_type=operation_type).observe(time.perf_counter() - started)


class WebSocketOperationScope(SchemaExtension):
    """Over a WebSocket, each operation runs in a unit of work of its own (see
    ``operation_scope``); over HTTP the request's is the operation's already."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not isinstance(context.request, WebSocket):
            yield
            return
        async with operation_scope(context):
            yield


class FinishUnitOfWork(SchemaExtension):
    """A mutation commits once, after every field succeeded, or not at all; anything else
    rolls back, so no operation leaves a transaction (or a pooled connection) open.

    Listed last among the extensions so that it exits first: a failed commit becomes an
    error of the result, which ErrorFormatting then masks like any other.
    """

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context
        # Resolvers have all stopped, but a batch of a loader whose waiter was cancelled (a
        # sibling field failed) may still be querying: nothing ends the transaction under it.
        await context.context.loaders.settled()
        uow = context.context.uow
        result = context.result
        if result is None or result.errors or operation_type_of(context) is not OperationType.MUTATION:
            await _rollback(uow)
            return
        try:
            await uow.commit(context.context.runtime.broker)
        except Exception as error:
            await _rollback(uow)
            result.data = None
            result.errors = [GraphQLError("commit failed", path=["mutation"], original_error=error)]


async def _rollback(uow: UnitOfWork) -> None:
    """Roll back; a connection already lost has nothing left to undo, and the request's
    own error (if any) is what the caller needs to see, so a failure here is only logged."""
    try:
        await uow.rollback()
    except Exception:
        logger.warning("rollback failed", exc_info=True)


def operation_type_of(context: ExecutionContext) -> OperationType | None:
    """None when the document did not parse or named no operation to run."""
    try:
        return context.operation_type
    except RuntimeError:
        return None
