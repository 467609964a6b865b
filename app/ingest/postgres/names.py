"""Names the way PostgreSQL makes them: keys, quoting, and the names it generates for
constraints, indexes and sequences the source leaves unnamed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pglast import keywords, parser

# Identifiers are at most NAMEDATALEN - 1 bytes; PostgreSQL truncates longer generated names.
NAMEDATALEN = 64
DEFAULT_SCHEMA = "public"

# Tokens that cannot be (part of) a name.
_NOT_NAMES = frozenset({"ASCII_46", "SCONST", "ICONST", "FCONST", "Op", "PARAM"})
_SIMPLE_NAME = re.compile("[a-z_][a-z0-9_]*")
_QUOTED_KEYWORDS = keywords.RESERVED_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS | keywords.COL_NAME_KEYWORDS


def table_key(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def quote_ident(name: str) -> str:
    """PostgreSQL's quote_identifier: quotes unless all lowercase ASCII letters, digits and
    underscores (not starting with a digit) and not a keyword that needs quoting."""
    if _SIMPLE_NAME.fullmatch(name) and name not in _QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_qualified(schema: str | None, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}" if schema else quote_ident(name)


def parse_qualified_name(text: str) -> list[str] | None:
    """Split a name written inside a string literal (``'public."My Seq"'``, as in
    ``nextval('...')``) the way regclass input does: unquoted parts fold to lowercase."""
    try:
        tokens = parser.scan(text)
    except parser.ParseError:
        return None
    if len(tokens) % 2 == 0:
        return None
    parts: list[str] = []
    for index, token in enumerate(tokens):
        raw = text[token.start : token.end + 1]
        if index % 2 == 1:
            if token.name != "ASCII_46":
                return None
        elif token.name in _NOT_NAMES:
            return None
        else:
            parts.append(raw[1:-1].replace('""', '"') if raw.startswith('"') else raw.lower())
    return parts


def _clip(name: str, max_bytes: int) -> str:
    """Cut to at most ``max_bytes`` of UTF-8 without splitting a character (pg_mbcliplen)."""
    return name.encode()[:max_bytes].decode(errors="ignore")


def _byte_length(name: str) -> int:
    return len(name.encode())


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """makeObjectName: ``name1_name2_label``, shortening the longer of name1 and name2 first
    until the whole fits in NAMEDATALEN - 1 bytes."""
    overhead = (_byte_length(label) + 1 if label else 0) + (1 if name2 else 0)
    name1_bytes = _byte_length(name1)
    name2_bytes = _byte_length(name2) if name2 else 0
    available = NAMEDATALEN - 1 - overhead
    while name1_bytes + name2_bytes > available:
        if name1_bytes > name2_bytes:
            name1_bytes -= 1
        else:
            name2_bytes -= 1
    parts = [_clip(name1, name1_bytes)]
    if name2:
        parts.append(_clip(name2, name2_bytes))
    if label:
        parts.append(label)
    return "_".join(parts)


def name_addition(names: Iterable[str]) -> str:
    """ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the column names
    joined with underscores, cut at NAMEDATALEN bytes."""
    return _clip("_".join(names), NAMEDATALEN - 1)


def choose_name(name1: str, name2: str | None, label: str, is_taken: Callable[[str], bool]) -> str:
    """ChooseRelationName / ChooseConstraintName: the first of ``t_c_label``, ``t_c_label1``,
    ``t_c_label2``, ... that is free."""
    candidate = make_object_name(name1, name2, label)
    attempt = 0
    while is_taken(candidate):
        attempt += 1
        candidate = make_object_name(name1, name2, f"{label}{attempt}")
    return candidate


def unique_column_names(names: Iterable[str]) -> list[str]:
    """ChooseIndexColumnNames: a repeated name gets a number so index names stay readable."""
    result: list[str] = []
    for original in names:
        candidate, attempt = original, 0
        while candidate in result:
            attempt += 1
            candidate = _clip(original, NAMEDATALEN - 1 - len(str(attempt))) + str(attempt)
        result.append(candidate)
    return result
