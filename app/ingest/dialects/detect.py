"""Which SQL dialect a script is written in, from the tokens and client commands only that
dialect uses, so an upload without a declared dialect goes to the right reader.

Each clue found adds its weight to its dialect (once, however often it appears): strong clues
(``ENGINE=``, a ``GO`` line, ``PRAGMA``, ``::`` casts) weigh 3, clues another dialect shares
in part (``[name]`` quoting is SQL Server's and SQLite's, ``SERIAL`` is PostgreSQL's and
MySQL's) weigh 1. The highest score wins; with no clue at all, or a tie with PostgreSQL, the
answer is PostgreSQL, the default. Only the start of a script is read: dumps declare their
tables first, and the clues are in their DDL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlglot.errors import TokenError
from sqlglot.tokenizer_core import Token, TokenType

from app.ingest.dialects.grammar import tokenizer
from app.ingest.dialects.source import Source, word
from app.models.enums import SqlDialect

# Enough for the DDL at the start of a dump; tokenizing more costs time for nothing.
_SAMPLE = 100_000
_NAMES = {
    SqlDialect.MYSQL: "MySQL",
    SqlDialect.MSSQL: "SQL Server",
    SqlDialect.SQLITE: "SQLite",
    SqlDialect.POSTGRES: "PostgreSQL",
}
# Ties go to the first: PostgreSQL is the default reader.
_PREFERENCE = (SqlDialect.POSTGRES, SqlDialect.MYSQL, SqlDialect.MSSQL, SqlDialect.SQLITE)


@dataclass(frozen=True)
class DialectGuess:
    dialect: SqlDialect
    # Why, in a sentence for the person who uploaded the file.
    reason: str


@dataclass(frozen=True)
class _Clue:
    dialect: SqlDialect
    label: str
    weight: int
    found: Callable[[_Scan], bool]


class _Scan:
    """The sample's tokens, with the upper-case words and adjacent word pairs they form."""

    def __init__(self, text: str) -> None:
        self.source = Source(text)
        self.tokens = _tokens(text)
        self.words = {word(token) for token in self.tokens}
        self.pairs = {(word(a), word(b)) for a, b in zip(self.tokens, self.tokens[1:], strict=False)}
        self.lines = [line.strip() for line in text.splitlines()]

    def quoted_with(self, opening: str) -> bool:
        return any(self.source.text.startswith(opening, token.start) for token in self.tokens)

    def bracketed_names(self) -> bool:
        """``[name]``, told apart from PostgreSQL's ``text[]`` and ``a[1]``."""
        kinds = [token.token_type for token in self.tokens]
        triples = zip(kinds, kinds[1:], kinds[2:], strict=False)
        return (TokenType.L_BRACKET, TokenType.VAR, TokenType.R_BRACKET) in set(triples)

    def line_starting(self, *prefixes: str) -> bool:
        return any(line.upper().startswith(prefixes) for line in self.lines)

    def token_types(self) -> Iterator[TokenType]:
        return (token.token_type for token in self.tokens)


def _tokens(text: str) -> list[Token]:
    """MySQL's tokenizer knows all four dialects' quotes well enough to find their words; a
    quote it cannot close ends the sample."""
    reader = tokenizer(SqlDialect.MYSQL)
    try:
        return reader.tokenize(text)
    except TokenError:
        return list(reader.tokens)


_CLUES = (
    _Clue(SqlDialect.MYSQL, "backtick quoting", 2, lambda s: s.quoted_with("`")),
    _Clue(SqlDialect.MYSQL, "ENGINE=", 3, lambda s: ("ENGINE", "=") in s.pairs),
    _Clue(SqlDialect.MYSQL, "AUTO_INCREMENT", 3, lambda s: "AUTO_INCREMENT" in s.words),
    _Clue(SqlDialect.MYSQL, "DELIMITER commands", 3, lambda s: s.line_starting("DELIMITER ")),
    _Clue(SqlDialect.MYSQL, "/*!...*/ versioned comments", 3, lambda s: "/*!" in s.source.text),
    _Clue(SqlDialect.MYSQL, "UNSIGNED columns", 2, lambda s: "UNSIGNED" in s.words),
    _Clue(SqlDialect.MYSQL, "LOCK TABLES", 2, lambda s: ("LOCK", "TABLES") in s.pairs),
    _Clue(
        SqlDialect.MSSQL, "GO batch separators", 3, lambda s: any(line.upper() == "GO" for line in s.lines)
    ),
    _Clue(SqlDialect.MSSQL, "[bracketed] names", 1, lambda s: s.bracketed_names()),
    _Clue(SqlDialect.MSSQL, "IDENTITY", 3, lambda s: "IDENTITY" in s.words),
    _Clue(SqlDialect.MSSQL, "NVARCHAR", 1, lambda s: "NVARCHAR" in s.words),
    _Clue(SqlDialect.MSSQL, "the dbo schema", 3, lambda s: "DBO" in s.words),
    _Clue(SqlDialect.MSSQL, "(N)VARCHAR(MAX)", 3, lambda s: ("(", "MAX") in s.pairs),
    _Clue(SqlDialect.MSSQL, "SET ANSI_NULLS", 3, lambda s: ("SET", "ANSI_NULLS") in s.pairs),
    _Clue(SqlDialect.MSSQL, "CLUSTERED indexes", 3, lambda s: bool({"CLUSTERED", "NONCLUSTERED"} & s.words)),
    _Clue(SqlDialect.SQLITE, "AUTOINCREMENT", 3, lambda s: "AUTOINCREMENT" in s.words),
    _Clue(SqlDialect.SQLITE, "PRAGMA", 3, lambda s: "PRAGMA" in s.words),
    _Clue(SqlDialect.SQLITE, "WITHOUT ROWID", 3, lambda s: ("WITHOUT", "ROWID") in s.pairs),
    # SQL Server scripts that quote with brackets come from tools that also write GO lines.
    _Clue(
        SqlDialect.SQLITE,
        "[bracketed] names without GO batches",
        2,
        lambda s: s.bracketed_names() and not any(line.upper() == "GO" for line in s.lines),
    ),
    _Clue(SqlDialect.SQLITE, "INTEGER columns", 1, lambda s: "INTEGER" in s.words),
    _Clue(SqlDialect.POSTGRES, "pg_dump markers", 3, lambda s: "PostgreSQL database dump" in s.source.text),
    _Clue(
        SqlDialect.POSTGRES,
        "SERIAL columns",
        1,
        lambda s: bool({"SERIAL", "BIGSERIAL", "SMALLSERIAL"} & s.words),
    ),
    _Clue(SqlDialect.POSTGRES, ":: casts", 3, lambda s: TokenType.DCOLON in s.token_types()),
    _Clue(SqlDialect.POSTGRES, "CREATE EXTENSION", 3, lambda s: ("CREATE", "EXTENSION") in s.pairs),
    _Clue(
        SqlDialect.POSTGRES,
        "$$-quoted function bodies",
        2,
        lambda s: "$$" in s.source.text and not s.line_starting("DELIMITER "),
    ),
    _Clue(SqlDialect.POSTGRES, "psql \\ commands", 3, lambda s: s.line_starting("\\")),
    _Clue(SqlDialect.POSTGRES, "JSONB or TIMESTAMPTZ", 2, lambda s: bool({"JSONB", "TIMESTAMPTZ"} & s.words)),
)


def detect_dialect(source: str) -> DialectGuess:
    scan = _Scan(source[:_SAMPLE])
    found: dict[SqlDialect, list[_Clue]] = {dialect: [] for dialect in _PREFERENCE}
    for clue in _CLUES:
        if clue.found(scan):
            found[clue.dialect].append(clue)
    scores = {dialect: sum(clue.weight for clue in clues) for dialect, clues in found.items()}
    best = max(_PREFERENCE, key=lambda dialect: scores[dialect])
    if scores[best] == 0:
        return DialectGuess(
            SqlDialect.POSTGRES, "no dialect-specific syntax found, so PostgreSQL (the default)"
        )
    strongest = sorted(found[best], key=lambda clue: -clue.weight)[:3]
    labels = [clue.label for clue in strongest]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    verb = "suggests" if len(labels) == 1 else "suggest"
    return DialectGuess(best, f"{listed} {verb} {_NAMES[best]}")
