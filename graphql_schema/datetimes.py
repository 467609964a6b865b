"""The DateTime scalar, with its UTC offset required on input.

A time without an offset is ambiguous (whose midnight is ``2030-01-01T00:00:00``?) and cannot
be compared with the server's aware clock, so it is refused as bad input instead of guessed.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.schema.types.base_scalars import wrap_parser


def _aware(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("It has no UTC offset: end it with Z or an offset like +02:00.")
    return parsed


AWARE_DATETIME = strawberry.scalar(
    name="DateTime",
    description="Date with time (ISO 8601) and its UTC offset, e.g. 2030-01-01T00:00:00Z.",
    serialize=dt.datetime.isoformat,
    parse_value=wrap_parser(_aware, "DateTime"),
)
