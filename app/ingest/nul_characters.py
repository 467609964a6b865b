"""No text of a canonical model may contain U+0000 (NUL): PostgreSQL text and JSONB cannot
store it. The source itself is refused when it holds one, but readers also make text out of
escapes (MySQL's ``'a\\0b'``, JSON's ``"\\u0000"``, DBML's and Mermaid's strings), so the
model they produce is checked once, whatever the format, before anything is stored."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from functools import cache

from app.errors import BadUserInputError
from app.ingest.model import SchemaModel

NUL = "\x00"


def refuse_nul_characters(model: SchemaModel, warnings: list[str]) -> None:
    """Raises ``BadUserInputError`` naming the first place (``Column t.c: its comment``) where
    the model or its warnings hold NUL."""
    if NUL in "".join(warnings):
        raise _refusal("The source: one of its warnings")
    path = _path_to_nul(model)
    if path is not None:
        raise _refusal(_described(path))


def _refusal(place: str) -> BadUserInputError:
    return BadUserInputError(
        f"{place} contains the NUL character (U+0000), which PostgreSQL text cannot hold.",
        field=["source"],
    )


def _path_to_nul(value: object) -> list[tuple[object, str]] | None:
    """The objects and the fields taken from ``value`` down to a text holding NUL, or None.
    The model is a few levels deep whatever its size; the path is built only when found."""
    if isinstance(value, list):
        for item in value:
            if (path := _path_to_nul(item)) is not None:
                return path
        return None
    kind: type = type(value)
    for name in _field_names(kind):
        item = getattr(value, name)
        if isinstance(item, str):
            if NUL in item:
                return [(value, name)]
        elif item is not None and (path := _path_to_nul(item)) is not None:
            return [(value, name), *path]
    return [] if isinstance(value, str) and NUL in value else None


def _described(path: list[tuple[object, str]]) -> str:
    """``Column public.t.c: its comment``: the nearest named object, by its key within its
    parents' keys, and its field that holds the text."""
    owner, key = "The source", ""
    for item, _ in path:
        name = getattr(item, "key", None) or getattr(item, "name", None)
        if isinstance(name, str):
            key = f"{key}.{name}" if key else name
            owner = f"{_kind(type(item).__name__)} {_shown(key)}"
    last, field_name = path[-1]
    its = "one of its" if isinstance(getattr(last, field_name), list) else "its"
    return f"{owner}: {its} {field_name.replace('_', ' ')}"


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's fields; none for text, numbers and flags."""
    return tuple(field.name for field in fields(kind)) if is_dataclass(kind) else ()


@cache
def _kind(class_name: str) -> str:
    """``ForeignKey`` -> ``Foreign key``."""
    return re.sub(r"(?<!^)([A-Z])", lambda upper: " " + upper.group(1).lower(), class_name)


def _shown(key: str) -> str:
    """A name as the author wrote it, NUL spelled as the escape that most formats use."""
    return key.replace(NUL, "\\0")
