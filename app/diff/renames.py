"""Rename detection: a removed and an added object with the same shape are one renamed object
when the match is unambiguous, that is, exactly one removed and one added object share the
shape. Otherwise they stay a removal and an addition: guessing wrong would hide a drop.

Tables match by their columns (names and types); columns of one table by type, nullability,
default, identity, generated expression and collation. Constraints, indexes and policies
match by everything but their name (see ``named``).

Once renames are known, the old side's references are translated to the new names before
comparing, so a constraint on a renamed column or a foreign key to a renamed table is not
reported as changed: PostgreSQL itself follows renames in constraints, indexes and views.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar, overload

from app.diff.types import type_identity
from app.ingest.model import Column, Table
from app.models.enums import SqlDialect

Removed = TypeVar("Removed")
Added = TypeVar("Added")

_EXPRESSION_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|.""", re.DOTALL)
_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_$]*")


def pair_unambiguous(
    removed: Iterable[Removed],
    added: Iterable[Added],
    removed_shape: Callable[[Removed], Hashable],
    added_shape: Callable[[Added], Hashable],
) -> list[tuple[Removed, Added]]:
    """Pairs of a removed and an added object whose shape no other candidate shares, in the
    order of ``removed``."""
    removed_by_shape: dict[Hashable, list[Removed]] = defaultdict(list)
    added_by_shape: dict[Hashable, list[Added]] = defaultdict(list)
    for item in removed:
        removed_by_shape[removed_shape(item)].append(item)
    for other in added:
        added_by_shape[added_shape(other)].append(other)
    return [
        (candidates[0], added_by_shape[shape][0])
        for shape, candidates in removed_by_shape.items()
        if len(candidates) == 1 and len(added_by_shape.get(shape, ())) == 1
    ]


def table_renames(
    removed: Sequence[Table], added: Sequence[Table], before: SqlDialect, after: SqlDialect
) -> dict[str, str]:
    """Old table key → new table key. Tables without columns never match: an empty shape says
    nothing about identity."""

    def shape(dialect: SqlDialect) -> Callable[[Table], Hashable]:
        return lambda table: frozenset(
            (column.name, _type_identity(column.data_type, dialect)) for column in table.columns
        )

    removed = [table for table in removed if table.columns]
    added = [table for table in added if table.columns]
    return {old.key: new.key for old, new in pair_unambiguous(removed, added, shape(before), shape(after))}


def column_renames(
    removed: Sequence[Column], added: Sequence[Column], before: SqlDialect, after: SqlDialect
) -> dict[str, str]:
    """Old column name → new column name, among one table's removed and added columns."""

    def shape(dialect: SqlDialect) -> Callable[[Column], Hashable]:
        return lambda column: (
            _type_identity(column.data_type, dialect),
            column.nullable,
            # A serial default names a sequence derived from the column's name.
            "serial" if column.serial else column.default,
            column.identity,
            column.generated,
            column.collation,
        )

    return {old.name: new.name for old, new in pair_unambiguous(removed, added, shape(before), shape(after))}


@overload
def rename_identifiers(text: str, renames: Mapping[str, str]) -> str: ...
@overload
def rename_identifiers(text: None, renames: Mapping[str, str]) -> None: ...
def rename_identifiers(text: str | None, renames: Mapping[str, str]) -> str | None:
    """``text`` (an expression as the model prints it) with identifiers renamed; string
    literals are left alone. Identifiers are matched by name, not resolved, so a function
    named like a renamed column is renamed too; the usual cost is an unchanged expression
    reported as changed."""
    if text is None or not renames:
        return text
    return "".join(_renamed_token(token, renames) for token in _EXPRESSION_TOKEN.findall(text))


def _renamed_token(token: str, renames: Mapping[str, str]) -> str:
    if token.startswith('"'):
        name = token[1:-1].replace('""', '"')
    elif token[0].isalpha() or token[0] == "_":
        # Unquoted identifiers fold to lowercase in PostgreSQL.
        name = token.lower()
    else:
        return token
    if name not in renames:
        return token
    new = renames[name]
    return new if _PLAIN_IDENTIFIER.fullmatch(new) else '"' + new.replace('"', '""') + '"'


def _type_identity(data_type: str | None, dialect: SqlDialect) -> object:
    return None if data_type is None else type_identity(data_type, dialect)
