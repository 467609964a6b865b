"""Per-operation work around execution: metrics, and committing a successful mutation."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from app.db.session import UnitOfWork
from app.observability.metrics import GRAPHQL_LATENCY, GRAPHQL_OPERATIONS

logger = structlog.get_logger("vizora.graphql")


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        operation = operation_type_of(self.execution_context)
        operation_type = operation.value if operation else "invalid"
        GRAPHQL_OPERATIONS.labels(operation_type=operation_type).inc()
        GRAPHQL_LATENCY.labels(operation_type=operation_type).observe(time.perf_counter() - started)


class FinishUnitOfWork(SchemaExtension):
    """A mutation commits once, after every field succeeded, or not at all; anything else
    rolls back, so no operation leaves a transaction (or a pooled connection) open.

    Listed last among the extensions so that it exits first: a failed commit becomes an
    error of the result, which ErrorFormatting then masks like any other.
    """

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context
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
