"""Mermaid ``erDiagram`` text of a model: an entity per table or view with its columns as
``type name PK, FK "comment"``, and a relationship per foreign key between two tables of the
model. What Mermaid's grammar (``erDiagram.jison``) allows decides the spelling:

* Entity names are always double-quoted. Unquoted, a table called ``one``, ``to``, ``class``
  or ``one-time`` would be read as a keyword, because the lexer tries keywords first; quoted
  names are read by a rule that comes before every keyword. A quoted name cannot hold ``"``,
  ``%``, ``\\`` or line breaks, so those become look-alikes: ``'``, the fullwidth percent
  sign, the set-minus sign and a space.
* An attribute's type and name are bare words: a letter, ``_``, ``*`` or a character from
  U+00C0 on, then those, digits and ``-``. Spaces, parentheses and commas are not allowed in
  every Mermaid version, so a type keeps its letters and digits joined by ``_``
  (``character varying(255)`` → ``varchar_255``, ``numeric(10,2)`` → ``numeric_10_2``,
  ``text[]`` → ``text_array``), with PostgreSQL's long spellings shortened and the default
  schema dropped first (``public.mood`` → ``mood``). A column
  named ``PK``, ``FK`` or ``UK`` gets a trailing ``_``, since those are read as key markers.
  When a column name had to change, its comment starts with the real name.
* A comment is a double-quoted string on one line; ``"`` becomes ``'``.
* A relationship reads ``parent <parent side>--<child side> child``: the parent side is
  ``||`` (exactly one) or ``|o`` when a key column is nullable; the child side is ``o{``
  (zero or more) or ``o|`` when the key columns are unique (one-to-one). The line is solid
  (``--``, identifying) when the key is part of the child's primary key, else dashed (``..``).
  Its label lists the key's columns.
"""

from __future__ import annotations

import re
import unicodedata

from app.diagrams.relations import Relationship, key_markers, relationships, table_label
from app.ingest.model import Column, SchemaModel, Table
from app.ingest.postgres.names import DEFAULT_SCHEMA

INDENT = "    "
UNKNOWN_TYPE = "unknown"
# PostgreSQL's format_type spellings that have a shorter name of their own; a precision
# stays: timestamp(3) with time zone → timestamptz(3).
_SHORT_TYPES = [
    (re.compile(r"^character varying\b"), "varchar"),
    (re.compile(r"^character\b"), "char"),
    (re.compile(r"^bit varying\b"), "varbit"),
    (re.compile(r"^(timestamp|time)(\(\d+\))? with time zone\b"), r"\1tz\2"),
    (re.compile(r"^(timestamp|time)(\(\d+\))? without time zone\b"), r"\1\2"),
    (re.compile(r"^double precision\b"), "float8"),
]
_NAME_LOOKALIKES = str.maketrans({'"': "'", "%": "\uff05", "\\": "\u2216", "\r": " ", "\n": " "})
_KEY_WORDS = {"pk", "fk", "uk"}


def to_mermaid(model: SchemaModel) -> str:
    names = _entity_names(model.tables)
    lines = ["erDiagram"]
    for table in model.tables:
        lines += _entity(table, names[table.key])
    for relationship in relationships(model):
        lines.append(INDENT + _relationship(relationship, names))
    return "\n".join(lines) + "\n"


def _entity_names(tables: list[Table]) -> dict[str, str]:
    """Quoted entity names, distinct even when two labels become equal once cleaned."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for table in tables:
        base = _clean_text(table_label(table).translate(_NAME_LOOKALIKES)) or "table"
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base} ({suffix})", suffix + 1
        used.add(name)
        names[table.key] = f'"{name}"'
    return names


def _entity(table: Table, name: str) -> list[str]:
    if not table.columns:
        return [INDENT + name]
    markers = key_markers(table)
    lines = [f"{INDENT}{name} {{"]
    for column in table.columns:
        lines.append(INDENT * 2 + _attribute(column, markers.get(column.name, ())))
    lines.append(INDENT + "}")
    return lines


def _attribute(column: Column, markers: tuple[str, ...]) -> str:
    name = _word(column.name)
    if name.lower() in _KEY_WORDS:
        name += "_"
    parts = [_type_word(column.data_type), name]
    if markers:
        parts.append(", ".join(markers))
    comment = " — ".join(filter(None, [column.name if name != column.name else None, column.comment]))
    if comment:
        parts.append('"' + _clean_text(comment).replace('"', "'") + '"')
    return " ".join(parts)


def _relationship(relationship: Relationship, names: dict[str, str]) -> str:
    parent_side = "|o" if relationship.optional else "||"
    child_side = "o|" if relationship.one_to_one else "o{"
    line = "--" if relationship.identifying else ".."
    label = _clean_text(", ".join(relationship.foreign_key.columns)).replace('"', "'")
    parent, child = names[relationship.parent.key], names[relationship.child.key]
    return f'{parent} {parent_side}{line}{child_side} {child} : "{label}"'


def _type_word(data_type: str | None) -> str:
    if not data_type:
        return UNKNOWN_TYPE
    # User types are schema-qualified; the default schema says nothing.
    unqualified = data_type.removeprefix(DEFAULT_SCHEMA + ".")
    for pattern, short in _SHORT_TYPES:
        unqualified = pattern.sub(short, unqualified)
    return _word(unqualified.replace("[]", " array"))


def _word(text: str) -> str:
    """Runs of characters Mermaid allows in an attribute word, joined by ``_``."""
    runs = re.findall(r"[A-Za-z0-9_\u00c0-\uffff]+", unicodedata.normalize("NFC", text))
    word = "_".join(run for run in runs if run.strip("_")) or "_"
    # A word must not start with a digit (a type such as "2d_point" in quotes).
    return word if not word[0].isdigit() else "_" + word


def _clean_text(text: str) -> str:
    """One line, no control characters."""
    return " ".join("".join(" " if unicodedata.category(char)[0] == "C" else char for char in text).split())
