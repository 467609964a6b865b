"""Characters PostgreSQL text (and JSONB) cannot hold: U+0000 (NUL), and unpaired UTF-16
surrogates, which JSON's and GraphQL's ``\\u`` escapes can spell but UTF-8 cannot encode.
Text holding either would get as far as the database and fail there as an internal error."""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_character(text: str) -> str | None:
    """The first character of ``text`` that cannot be stored, named for a message (``the NUL
    character (U+0000)``); None when all of it can."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    character = found.group()
    if character == "\x00":
        return "the NUL character (U+0000)"
    return f"an unpaired surrogate (U+{ord(character):04X})"
