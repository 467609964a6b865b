"""Cutting a script into statements the way each dialect's client reads it, on the tokens of
sqlglot's tokenizer (which knows each dialect's quotes and comments).

* MySQL, like the ``mysql`` client: ``DELIMITER $$`` changes what ends a statement, so a
  procedure body keeps its semicolons; ``/*!50503 ... */`` comments hold SQL that MySQL runs
  (``/*!40101 SET ...*/``, ``/*!50503 CHARSET ...*/``), so their text is read as SQL.
* SQL Server, like ``sqlcmd``: a line ``GO`` ends a batch. Inside a batch semicolons are
  optional, so a new statement also starts where a statement keyword can only start one
  (``SET ANSI_NULLS ON`` then ``CREATE TABLE``). A procedure, function, trigger or view takes
  the rest of its batch, as SQL Server requires.
* SQLite, like the ``sqlite3`` shell: a semicolon ends a statement, except inside the
  ``BEGIN ... END`` body of a trigger.

MySQL and SQLite dumps carry their data as INSERT statements, often most of the file: an
INSERT that starts between two statements is cut out by the quick ``scanner`` instead of
being tokenized, and the tokenizer reads the windows between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot.errors import TokenError
from sqlglot.tokenizer_core import Token, TokenType

from app.ingest.dialects.grammar import tokenizer
from app.ingest.dialects.scanner import DATA_LINE, DATA_VERBS, Scanner
from app.ingest.dialects.source import Source, Statement
from app.ingest.dialects.splitters import SPLITTERS
from app.models.enums import SqlDialect


@dataclass
class Script:
    """The statements of a script, and its text as read: MySQL's versioned comments opened."""

    text: str
    statements: list[Statement] = field(default_factory=list)


def split_script(text: str, dialect: SqlDialect) -> Script:
    if dialect == SqlDialect.MYSQL and ("/*!" in text or "/*M!" in text):
        text = open_versioned_comments(text)
    source = Source(text)
    splitter = SPLITTERS[dialect](source)
    scanner = Scanner(text, dialect) if dialect != SqlDialect.MSSQL else None
    statements: list[Statement] = []
    position, unclosed_at = 0, None
    while position < len(text) and unclosed_at is None:
        data = _data_statement(source, scanner, position) if splitter.at_boundary() else None
        if data is not None:
            statements.append(data)
            position = data.offset + len(data.text) + 1
            continue
        position, tokens, unclosed_at = _tokenize_window(text, position, dialect)
        statements.extend(splitter.feed(tokens))
    statements.extend(splitter.finish(unclosed_at))
    return Script(text=text, statements=statements)


def _data_statement(source: Source, scanner: Scanner | None, position: int) -> Statement | None:
    """The INSERT (or MySQL REPLACE) starting at ``position``, cut out without tokens."""
    if scanner is None:
        return None
    text = source.text
    start = end = scanner.skip_blank(position)
    while end < len(text) and text[end].isalpha():
        end += 1
    if text[start:end].upper() not in DATA_VERBS or (close := scanner.statement_end(start)) is None:
        return None
    # The verb, as a token, says what the reader counts the statement as.
    verb = Token(TokenType.VAR, text[start:end], start=start, end=end - 1)
    return source.statement(start, close, tokens=(verb,))


def _tokenize_window(text: str, start: int, dialect: SqlDialect) -> tuple[int, list[Token], int | None]:
    """The tokens from ``start`` up to the next line that starts a data statement (SQL Server:
    to the end), their end, and where a quote or comment opens that never closes, if one
    does. A window that ends inside a quote or comment grows to the next such line."""
    reader = tokenizer(dialect)
    end = start
    while True:
        found = DATA_LINE.search(text, end + 1) if dialect != SqlDialect.MSSQL else None
        end = found.start() if found else len(text)
        try:
            return end, _shifted(reader.tokenize(text[start:end]), start), None
        except TokenError:
            if end < len(text):
                continue
            tokens = _shifted(list(reader.tokens), start)
            after = tokens[-1].end + 1 if tokens else start
            return end, tokens, after + len(text[after:]) - len(text[after:].lstrip())


def _shifted(tokens: list[Token], offset: int) -> list[Token]:
    """Token offsets from the window's start to the script's (``line`` and ``col`` stay the
    window's; nothing here reads them)."""
    for token in tokens:
        token.start += offset
        token.end += offset
    return tokens


def open_versioned_comments(text: str) -> str:
    """Blank the ``/*!50503`` (and MariaDB's ``/*M!100100``) openers and their ``*/`` so that
    the SQL inside is read, keeping every offset where it was."""
    pieces, copied = [], 0
    for start, opener_end, close in Scanner(text, SqlDialect.MYSQL).versioned_comments():
        pieces += [text[copied:start], " " * (opener_end - start), text[opener_end:close], "  "]
        copied = close + 2
    return "".join([*pieces, text[copied:]])
