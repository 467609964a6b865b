"""No text of a canonical model may contain a character PostgreSQL cannot store (NUL, an
unpaired surrogate: see app/storable_text.py). The source itself is refused when it holds one,
but readers also make text out of escapes (MySQL's ``'a\\0b'``, JSON's ``"\\u0000"``, DBML's
and Mermaid's strings), so the model they produce is checked once, whatever the format, before
anything is stored."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from functools import cache

from app.errors import BadUserInputError
from app.ingest.model import SchemaModel
from app.storable_text import UNSTORABLE, unstorable_character


def refuse_nul_characters(model: SchemaModel, warnings: list[str]) -> None:
    """Raises ``BadUserInputError`` naming the first place (``Column t.c: its comment``) where
    the model or its warnings hold a character that cannot be stored."""
    if (character := unstorable_character("".join(warnings))) is not None:
        raise _refusal("The source: one of its warnings", character)
    path = _path_to_nul(model)
    if path is not None:
        last, field_name = path[-1]
        raise _refusal(_described(path), unstorable_character(_text_of(getattr(last, field_name))) or "")


def _text_of(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _refusal(place: str, character: str) -> BadUserInputError:
    return BadUserInputError(
        f"{place} contains {character}, which PostgreSQL text cannot hold.", field=["source"]
    )


def _path_to_nul(value: object) -> list[tuple[object, str]] | None:
    """The objects and the fields taken from ``value`` down to a text that cannot be stored.
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
            if unstorable_character(item) is not None:
                return [(value, name)]
        elif item is not None and (path := _path_to_nul(item)) is not None:
            return [(value, name), *path]
    return [] if isinstance(value, str) and unstorable_character(value) is not None else None


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
    """A name as the author wrote it, NUL spelled as the escape that most formats use, other
    characters that cannot be stored as ``\\uXXXX``."""
    return UNSTORABLE.sub(lambda found: _escape(found.group()), key)


def _escape(character: str) -> str:
    return "\\0" if character == "\x00" else f"\\u{ord(character):04x}"
