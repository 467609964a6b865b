"""How errors leave the API: expected ones with their code, everything else masked.

A resolver that fails unexpectedly (a bug, a lost database) must never show the caller a
traceback, SQL or driver text: the caller gets "Internal server error", the code and the
request id to quote to support, and the log gets the details under the same request id.
Request errors (syntax, validation, variable coercion) keep their message: it helps the
caller and reveals nothing about the server.
"""

from __future__ import annotations

from typing import Any

import structlog
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from app.errors import ErrorCode, VizoraError
from app.observability.metrics import observe_error

logger = structlog.get_logger("vizora.graphql")

INTERNAL_ERROR_MESSAGE = "Internal server error"


def is_unexpected(error: GraphQLError) -> bool:
    """Raised while executing a field, and not one of ours."""
    return (
        error.path is not None
        and error.original_error is not None
        and not isinstance(error.original_error, VizoraError)
    )


def expected_code(error: GraphQLError) -> ErrorCode:
    """The code of one of our errors, or of a request error (syntax, validation, coercion)."""
    if isinstance(error.original_error, VizoraError):
        return error.original_error.code
    existing = str((error.extensions or {}).get("code"))
    return ErrorCode(existing) if existing in ErrorCode.__members__ else ErrorCode.BAD_USER_INPUT


class ErrorFormatting(MaskErrors):
    """Masks unexpected errors and gives every error an ``extensions.code``."""

    def __init__(self) -> None:
        super().__init__(error_message=INTERNAL_ERROR_MESSAGE)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self._format(error) for error in errors]

    def _format(self, error: GraphQLError) -> GraphQLError:
        if not is_unexpected(error):
            return self._with_code(error, expected_code(error))
        logger.error("unexpected error in resolver", path=error.path, exc_info=error.original_error)
        return self._with_code(self.anonymise_error(error), ErrorCode.INTERNAL_SERVER_ERROR)

    def _with_code(self, error: GraphQLError, code: ErrorCode) -> GraphQLError:
        observe_error(code)
        extensions: dict[str, Any] = {**(error.extensions or {}), "code": code.value}
        request_id = getattr(self.execution_context.context, "request_id", None)
        if code is ErrorCode.INTERNAL_SERVER_ERROR and request_id:
            extensions["requestId"] = request_id
        original = error.original_error
        if isinstance(original, VizoraError) and original.field:
            extensions["field"] = original.field
        return GraphQLError(
            message=error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )
