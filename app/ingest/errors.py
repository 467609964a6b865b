"""Errors of schema ingestion that the caller can act on."""

from __future__ import annotations

from app.errors import BadUserInputError


class ParseError(BadUserInputError):
    """A statement of the source could not be read: says where and what, so the author can fix
    the file (the API turns it into ``BAD_USER_INPUT``)."""

    def __init__(self, message: str, *, line: int, column: int, statement: str) -> None:
        self.reason = message
        self.line = line
        self.column = column
        self.statement = statement
        super().__init__(
            f"{message} (line {line}, column {column}, in the statement starting {statement!r})",
            field=["source"],
        )
