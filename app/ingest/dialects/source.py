"""A script's text and its statements: where each statement is, and its tokens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot.tokenizer_core import Token, TokenType

from app.ingest.source_text import SourceText

# Tokens whose text is a quoted name or a literal, never a keyword.
QUOTED = frozenset(
    {
        TokenType.STRING,
        TokenType.IDENTIFIER,
        TokenType.NATIONAL_STRING,
        TokenType.RAW_STRING,
        TokenType.BIT_STRING,
        TokenType.HEX_STRING,
        TokenType.BYTE_STRING,
        TokenType.HEREDOC_STRING,
        TokenType.UNICODE_STRING,
    }
)


@dataclass(frozen=True)
class Statement:
    text: str
    # Where ``text`` starts in the source (characters from 0; lines and columns from 1).
    offset: int
    line: int
    column: int
    tokens: tuple[Token, ...] = ()
    # A client command (``DELIMITER``) rather than SQL for the server.
    client_command: str | None = None
    # Where a quote or comment opens that never closes, running the statement to the end.
    unclosed_at: int | None = None

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    def words(self, count: int) -> list[str]:
        """The first ``count`` words, upper case ("" for a quoted name or a literal); a token
        sqlglot reads as one keyword (LOCK TABLES) gives its words."""
        found = [part for token in self.tokens[:count] for part in word(token).split() or [""]]
        return found[:count]


def word(token: Token) -> str:
    return "" if token.token_type in QUOTED else token.text.upper()


class Source(SourceText):
    """The script, with a line index to turn offsets into line and column."""

    def starts_line(self, token: Token) -> bool:
        line_start = self.text.rfind("\n", 0, token.start) + 1
        return not self.text[line_start : token.start].strip()

    def statement(
        self,
        start: int,
        end: int,
        *,
        tokens: tuple[Token, ...] = (),
        client_command: str | None = None,
        unclosed_at: int | None = None,
    ) -> Statement:
        line, column = self.position(start)
        return Statement(
            self.text[start:end],
            start,
            line,
            column,
            tokens=tokens,
            client_command=client_command,
            unclosed_at=unclosed_at,
        )
