"""Mermaid ``erDiagram`` text to statements, with the grammar in ``erdiagram.lark``; a syntax
error becomes a ParseError saying where and what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from app.ingest.errors import ParseError


class Cardinality(StrEnum):
    """How many of the entity next to the marker take part: ``||``, ``|o``, ``}|``, ``}o``."""

    ONLY_ONE = "only one"
    ZERO_OR_ONE = "zero or one"
    ONE_OR_MORE = "one or more"
    ZERO_OR_MORE = "zero or more"

    @property
    def is_many(self) -> bool:
        return self in (Cardinality.ONE_OR_MORE, Cardinality.ZERO_OR_MORE)

    @property
    def is_optional(self) -> bool:
        return self in (Cardinality.ZERO_OR_ONE, Cardinality.ZERO_OR_MORE)


class Key(StrEnum):
    PK = "PK"
    FK = "FK"
    UK = "UK"


@dataclass(frozen=True)
class Attribute:
    type: str
    name: str
    keys: frozenset[Key]
    comment: str | None
    # Written ``type?``: the attribute may be absent.
    optional: bool


@dataclass(frozen=True)
class EntityStatement:
    name: str
    alias: str | None
    # None when the statement has no ``{ }`` block: the entity is only named.
    attributes: list[Attribute] | None
    line: int


@dataclass(frozen=True)
class RelationshipStatement:
    left: str
    right: str
    # Each marker tells how many of the entity next to it: in ``A ||--o{ B``, ``||`` is A's.
    left_cardinality: Cardinality
    right_cardinality: Cardinality
    identifying: bool
    label: str | None
    line: int


@dataclass(frozen=True)
class SkippedStatement:
    """A direction, styling or accessibility line: it shapes the drawing, not the schema."""

    kind: str


Statement = EntityStatement | RelationshipStatement | SkippedStatement

_SKIPPED_KINDS = {"DIRECTION": "direction", "STYLING": "style", "ACCESSIBILITY": "accessibility"}
# Terminal names as an author would say them, for "expected ..." in errors; None: left unsaid.
_CARDINALITY = "a cardinality (||, |o, }|, }o, ...)"
_EXPECTED: dict[str, str | None] = {
    "_ER_DIAGRAM": "erDiagram",
    "NAME": "an entity name",
    "QUOTED_NAME": "an entity name",
    "ZERO_OR_ONE": _CARDINALITY,
    "ONLY_ONE": _CARDINALITY,
    "ONE_OR_MORE": _CARDINALITY,
    "ZERO_OR_MORE": _CARDINALITY,
    "IDENTIFYING": "-- or ..",
    "NON_IDENTIFYING": "-- or ..",
    "ATTRIBUTE_WORD": "an attribute type or name",
    "BACKQUOTED_WORD": "an attribute type or name",
    "KEY": "PK, FK or UK",
    "ATTRIBUTE_COMMENT": 'a "comment"',
    "QUOTED_LABEL": "a label",
    "LABEL_TEXT": "a label",
    "_NL": "the end of the line",
    "$END": "the end of the diagram",
    "LBRACE": "{",
    "RBRACE": "}",
    "LSQB": "[",
    "RSQB": "]",
    "COLON": ":",
    "COMMA": ",",
    "CLASS_SEPARATOR": ":::",
    "OPTIONAL": "?",
    # Drawing statements are possible at the start of any line; naming them there is noise.
    "DIRECTION": None,
    "STYLING": None,
    "ACCESSIBILITY": None,
}


def parse_statements(text: str) -> list[Statement]:
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        raise _syntax_error(error, text) from error
    return [_statement(child) for child in tree.children if isinstance(child, Tree)]


@cache
def _parser() -> Lark:
    # Built on first use, not at import: compiling the grammar takes about a tenth of a second.
    grammar = Path(__file__).with_name("erdiagram.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=True)


def _statement(tree: Tree[Token]) -> Statement:
    if tree.data == "skipped":
        token = tree.children[0]
        assert isinstance(token, Token)
        return SkippedStatement(kind=_SKIPPED_KINDS[token.type])
    tokens = [child for child in tree.children if isinstance(child, Token)]
    parts = {child.data: child for child in tree.children if isinstance(child, Tree)}
    line = tree.meta.line
    if tree.data == "entity":
        alias, block = parts.get("alias"), parts.get("block")
        return EntityStatement(
            name=_unquote(tokens[0]),
            alias=_unquote(_only_token(alias)).strip() if alias else None,
            attributes=[_attribute(child) for child in block.children if isinstance(child, Tree)]
            if block
            else None,
            line=line,
        )
    label = parts.get("label")
    return RelationshipStatement(
        left=_unquote(tokens[0]),
        right=_unquote(tokens[1]),
        left_cardinality=_cardinality(parts["left"]),
        right_cardinality=_cardinality(parts["right"]),
        identifying=_only_token(parts["identification"]).type == "IDENTIFYING",
        label=(_unquote(_only_token(label)).strip() or None) if label else None,
        line=line,
    )


def _attribute(tree: Tree[Token]) -> Attribute:
    tokens = [child for child in tree.children if isinstance(child, Token)]
    words = [token for token in tokens if token.type in ("ATTRIBUTE_WORD", "BACKQUOTED_WORD")]
    keys = next((child for child in tree.children if isinstance(child, Tree)), None)
    comment = next((token for token in tokens if token.type == "ATTRIBUTE_COMMENT"), None)
    return Attribute(
        type=_unquote(words[0]),
        name=_unquote(words[1]),
        keys=frozenset(Key(str(key).upper()) for key in keys.children) if keys else frozenset(),
        comment=(_unquote(comment) or None) if comment else None,
        optional=any(token.type == "OPTIONAL" for token in tokens),
    )


def _cardinality(tree: Tree[Token]) -> Cardinality:
    return Cardinality[_only_token(tree).type]


def _only_token(tree: Tree[Token]) -> Token:
    token = tree.children[0]
    assert isinstance(token, Token), "the grammar gives these rules one terminal"
    return token


def _unquote(token: Token) -> str:
    text = str(token)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in '"`':
        return text[1:-1]
    return text


def _syntax_error(error: UnexpectedInput, text: str) -> ParseError:
    line, column = max(error.line, 1), max(error.column, 1)
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        found = "end of the diagram"
        # lark places the end nowhere; the last line is where it happened.
        lines = text.rstrip().splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    elif isinstance(error, UnexpectedToken) and error.token.type == "_NL":
        found = "end of the line"
    elif isinstance(error, UnexpectedToken):
        # After a lexing failure lark re-reads with every terminal, which may take in more than the culprit.
        found = repr(str(error.token).split(maxsplit=1)[0])
    elif isinstance(error, UnexpectedCharacters):
        found = repr(error.char)
    else:
        found = "input"
    names = (
        getattr(error, "accepts", None) or getattr(error, "expected", None) or getattr(error, "allowed", None)
    )
    expected = sorted({said for name in names or () if (said := _EXPECTED.get(name, name))})
    message = f"Mermaid erDiagram syntax error: unexpected {found}"
    if expected:
        message += f"; expected {' or '.join(expected)}"
    lines = text.splitlines()
    statement = lines[line - 1].strip() if line <= len(lines) else ""
    return ParseError(message, line=line, column=column, statement=statement)
