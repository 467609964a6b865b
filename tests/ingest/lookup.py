"""Finding a table or column in a reader's result, with a message that lists what is there."""

from __future__ import annotations

from app.ingest.model import Column, Table
from app.ingest.result import ParseResult


def table(result: ParseResult, key: str) -> Table:
    found = result.model.table(key)
    assert found is not None, f"{key} not in {[t.key for t in result.model.tables]}"
    return found


def column(result: ParseResult, key: str, name: str) -> Column:
    found = table(result, key).column(name)
    assert found is not None, f"{key} has no column {name!r}"
    return found
