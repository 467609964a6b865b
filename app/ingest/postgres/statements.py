"""Cutting a script into statements the way psql reads it, with PostgreSQL's own lexer.

The lexer (libpg_query's scanner) knows quotes, dollar quotes and comments, so a semicolon
inside a function body never ends a statement. What the server's lexer does not know is
psql's: a line starting with a backslash is a meta-command (``\\connect``, ``\\set``), and
``COPY ... FROM stdin`` is followed by data lines up to ``\\.``. Both are handled here, so
neither costs the rest of the file.
"""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from pglast import ast, parse_sql, parser
from pglast.parser import Token

from app.ingest.source_text import SourceText

_SEMICOLON = "ASCII_59"
_BACKSLASH = "ASCII_92"
_OPEN_PAREN = "ASCII_40"
_CLOSE_PAREN = "ASCII_41"
_COMMENTS = frozenset({"C_COMMENT", "SQL_COMMENT"})
_DEPTH_CHANGE = {_OPEN_PAREN: 1, _CLOSE_PAREN: -1}


class StatementKind(StrEnum):
    SQL = "sql"
    META_COMMAND = "psql meta-command"


@dataclass(frozen=True)
class Statement:
    kind: StatementKind
    text: str
    # Where ``text`` starts in the source (characters, lines and columns counted from 1).
    offset: int
    line: int
    column: int
    # The lexer's name of the first token ("CREATE", "INSERT"...), when the lexer got that far.
    keyword: str | None = None
    # The statement's syntax tree when its whole window was parsed at once; the tree's
    # positions then count from ``tree_base`` characters before ``text``.
    parsed: tuple[ast.RawStmt, ...] | None = None
    tree_base: int = 0

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    def position(self, index: int) -> tuple[int, int]:
        """Line and column in the source of ``text[index]``."""
        before = self.text[:index]
        newlines = before.count("\n")
        if newlines == 0:
            return self.line, self.column + index
        return self.line + newlines, index - before.rfind("\n")

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The statement's tokens, positions relative to ``text``."""
        return tuple(parser.scan(self.text))


class Source(SourceText):
    """The script, with a line index to turn offsets into line and column."""

    def next_meta_line(self, offset: int) -> int:
        """The start of the first line at or after ``offset`` whose first visible character
        is a backslash; the length of the text if there is none."""
        text = self.text
        position = text.find("\\", offset)
        while position != -1:
            line_start = text.rfind("\n", 0, position) + 1
            if not text[max(line_start, offset) : position].strip():
                return max(line_start, offset)
            position = text.find("\\", position + 1)
        return len(text)

    def statement(
        self,
        kind: StatementKind,
        start: int,
        end: int,
        keyword: str | None = None,
        parsed: tuple[ast.RawStmt, ...] | None = None,
        tree_base: int = 0,
    ) -> Statement:
        line, column = self.position(start)
        text = self.text[start:end]
        return Statement(kind, text, start, line, column, keyword, parsed, tree_base)


def split_statements(text: str) -> Iterator[Statement]:
    source = Source(text)
    cursor = 0
    while cursor < len(text):
        if not text[cursor : source.line_end(cursor)].strip():
            cursor = source.line_end(cursor) + 1
            continue
        meta_start = source.next_meta_line(cursor)
        if meta_start == cursor:
            start = text.index("\\", cursor)
            end = source.line_end(start)
            yield source.statement(StatementKind.META_COMMAND, start, end)
            cursor = end + 1
            continue
        if (statements := _parsed_window(source, cursor, meta_start)) is not None:
            yield from statements
            cursor = meta_start
        else:
            cursor = yield from _split_until(source, cursor, meta_start)


def _parsed_window(source: Source, start: int, end: int) -> list[Statement] | None:
    """The statements between ``start`` and the meta-command line at ``end``, cut where the
    parser says each begins and ends: one parse for the whole window, and no pass over its
    tokens in Python. None when the window does not parse (a syntax error, a quote left open,
    data after ``COPY ... FROM stdin``): the statement-by-statement split then finds and
    reports what is wrong, or reads the data, as psql would."""
    window = source.text[start:end]
    try:
        parsed = parse_sql(window)
    except parser.ParseError:
        return None
    if any(_copies_from_stdin(raw.stmt) for raw in parsed):
        return None
    statements = []
    for raw in parsed:
        location = raw.stmt_location or 0
        length = raw.stmt_len or len(window.rstrip()) - location
        statement_start = start + location
        statements.append(
            source.statement(
                StatementKind.SQL,
                statement_start,
                statement_start + length,
                parsed=(raw,),
                tree_base=location,
            )
        )
    return statements


def _copies_from_stdin(node: ast.Node | None) -> bool:
    return isinstance(node, ast.CopyStmt) and bool(node.is_from) and node.filename is None


def _split_until(source: Source, start: int, end: int) -> Generator[Statement, None, int]:
    """Yield the statements between ``start`` and the meta-command line at ``end``; return
    where to continue. A quote or comment left open at ``end`` means the backslash line is
    inside it, so the window grows to the next one."""
    text = source.text
    while True:
        tokens, lex_error_at = _scan(text, start, end)
        reader = _StatementReader(source, tokens, offset=start)
        resume = yield from reader.read()
        if resume is not None:
            return resume
        if lex_error_at is None:
            # psql would keep an unfinished statement open across the meta-command; ending it
            # here turns the rare script that does that into a reported syntax error.
            yield from reader.flush()
            return end
        if end < len(text):
            start = reader.pending_start if reader.pending_start is not None else lex_error_at
            end = source.next_meta_line(source.line_end(end) + 1)
            continue
        # An unterminated quote or comment: hand the rest to the parser, which reports it
        # (without a keyword, so that not even an INSERT is skipped unread).
        error_start = reader.pending_start if reader.pending_start is not None else lex_error_at
        yield source.statement(StatementKind.SQL, error_start, len(text))
        return len(text)


def _scan(text: str, start: int, end: int) -> tuple[list[Token], int | None]:
    """Tokens of ``text[start:end]`` (positions relative to ``start``); on a lexical error,
    the tokens before it and where it is (absolute)."""
    window = text[start:end]
    try:
        tokens = parser.scan(window)
        error_at = None
    except parser.ParseError as error:
        error_at = error_index(error)
        tokens = parser.scan(window[:error_at])
    return tokens, None if error_at is None else error_at + start


def error_index(error: parser.ParseError) -> int:
    index = error.args[1] if len(error.args) > 1 else 0
    return index if isinstance(index, int) else 0


class _StatementReader:
    """Groups tokens into statements: a semicolon ends one unless it is inside parentheses
    (``CREATE RULE ... (a; b)``) or a ``BEGIN ATOMIC ... END`` function body."""

    def __init__(self, source: Source, tokens: list[Token], *, offset: int) -> None:
        self.source = source
        self.tokens = tokens
        self.offset = offset
        self.pending_start: int | None = None
        self.pending_end = 0
        self._pending: list[Token] = []

    def read(self) -> Generator[Statement, None, int | None]:
        """Yield complete statements; return where to resume when a meta-command or COPY data
        interrupts the token stream, or None when all tokens were read."""
        depth = atomic = 0
        previous = ""
        for token in self.tokens:
            name = token.name
            if name in _COMMENTS:
                continue
            start, end = token.start + self.offset, token.end + self.offset + 1
            if name == _BACKSLASH:
                yield from self.flush()
                line_end = self.source.line_end(start)
                yield self.source.statement(StatementKind.META_COMMAND, start, line_end)
                return line_end + 1
            if name == _SEMICOLON and depth == 0 and atomic == 0:
                is_copy_from_stdin = self._is_copy_from_stdin()
                yield from self.flush()
                if is_copy_from_stdin:
                    return self._copy_data_end(end)
                continue
            depth += _DEPTH_CHANGE.get(name, 0)
            if (name == "ATOMIC" and previous == "BEGIN_P") or (atomic and name == "CASE"):
                atomic += 1
            elif atomic and name == "END_P":
                atomic -= 1
            previous = name
            if self.pending_start is None:
                self.pending_start = start
            self._pending.append(token)
            self.pending_end = end
        return None

    def flush(self) -> Iterator[Statement]:
        """The statement read so far, if any."""
        if self.pending_start is not None:
            keyword = self._pending[0].name
            yield self.source.statement(StatementKind.SQL, self.pending_start, self.pending_end, keyword)
        self.pending_start = None
        self._pending = []

    def _is_copy_from_stdin(self) -> bool:
        if not self._pending or self._pending[0].name != "COPY":
            return False  # most statements: no need to list their tokens' names
        names = [token.name for token in self._pending]
        return any(first == "FROM" and second == "STDIN" for first, second in itertools.pairwise(names))

    def _copy_data_end(self, after_statement: int) -> int:
        """psql sends the lines after ``COPY ... FROM stdin;`` as data, up to a line ``\\.``."""
        text = self.source.text
        position = self.source.line_end(after_statement) + 1
        while (found := text.find("\\.", position)) != -1:
            line_end = self.source.line_end(found)
            if text.rfind("\n", 0, found) + 1 == found and text[found:line_end].rstrip("\r") == "\\.":
                return line_end + 1
            position = found + 2
        return len(text)
