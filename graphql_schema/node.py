"""Opaque global IDs and resolving any Node from one.

A global ID is base64 of ``TypeName:uuid``. Decoding is strict about shape (a malformed
ID, or one naming a type that has no objects, is the caller's mistake and says so) but
never about existence: an ID of a row the caller cannot see resolves to null, exactly like
one that never existed.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any, ClassVar, Self
from uuid import UUID

from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from app.errors import BadUserInputError


def encode_global_id(type_name: str, row_id: UUID) -> str:
    return relay.to_base64(type_name, row_id)


def decode_global_id(value: str, *, field: str = "id") -> tuple[str, UUID]:
    try:
        type_name, raw_id = relay.from_base64(value)
        return type_name, UUID(raw_id)
    except (ValueError, TypeError) as error:
        raise BadUserInputError(f"{value!r} is not a valid ID.", field=[field]) from error


def decode_global_id_of(value: str, expected_type: str, *, field: str) -> UUID:
    """The row id of a global ID that must name ``expected_type``; one of another type is bad
    input saying which type the argument takes (not "no such thing": it names no such thing)."""
    type_name, row_id = decode_global_id(value, field=field)
    if type_name != expected_type:
        raise BadUserInputError(f"{field} is not the ID of a {expected_type}.", field=[field])
    return row_id


def locate_node(info: Any, global_id: str, *, field: str) -> tuple[type[relay.Node], UUID]:
    """The Node type and row id a global ID names, refused before any SQL when it names none."""
    type_name, row_id = decode_global_id(global_id, field=field)
    node_type = _node_type_named(info.schema, type_name)
    if node_type is None:
        raise BadUserInputError(
            f"{global_id!r} is not a valid ID: {field} takes IDs of "
            f"{', '.join(_node_type_names(info.schema))} objects.",
            field=[field],
        )
    return node_type, row_id


async def load_node(info: Any, node_type: type[relay.Node], row_id: UUID) -> relay.Node | None:
    nodes = node_type.resolve_nodes(info=info, node_ids=[str(row_id)], required=False)
    resolved = await nodes if inspect.isawaitable(nodes) else nodes
    return next(iter(resolved), None)


def _node_type_named(schema: Any, type_name: str) -> type[relay.Node] | None:
    """The object type implementing Node of that name; None for any other name (an input, a
    scalar, the Node interface itself, or no type at all)."""
    definition = schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    return origin if isinstance(origin, type) and issubclass(origin, relay.Node) else None


def _node_type_names(schema: Any) -> list[str]:
    # Walked only on the way to an error, so it is not worth caching.
    return sorted(name for name in schema.schema_converter.type_map if _node_type_named(schema, name))


class LoadedNode(relay.Node):
    """A Node type fetched by id through one of the request's loaders, so ``node``/``nodes``
    (and RLS under them) treat every type alike. Subclasses name the loader and say how a
    row becomes the type."""

    loader_name: ClassVar[str]

    @classmethod
    def from_row(cls, row: Any) -> Self:
        raise NotImplementedError

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        loader = getattr(info.context.loaders, cls.loader_name)
        rows = await loader.load_many([UUID(node_id) for node_id in node_ids])
        return [cls.from_row(row) if row else None for row in rows]
