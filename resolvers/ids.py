"""Global IDs from mutation inputs, as row ids of the type they must name."""

from __future__ import annotations

from uuid import UUID

from graphql_schema.node import decode_global_id_of


def required_id(value: str, type_name: str, field: str) -> UUID:
    return decode_global_id_of(value, type_name, field=field)


def optional_id(value: str | None, type_name: str, field: str) -> UUID | None:
    return None if value is None else required_id(value, type_name, field)
