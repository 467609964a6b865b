"""A quick lexical scan for what does not need tokens: where a data statement ends, and where
MySQL's versioned comments are.

sqlglot's tokenizer is written in Python and reads about half a megabyte a second: fine for
DDL, too slow for a dump with its data. So an INSERT met between statements is not tokenized:
this scanner finds its end, jumping with a regular expression from one character that matters
(a quote, a comment opener, the delimiter) to the next. It knows quotes, escapes and comments,
nothing of the SQL grammar; the statements that define schema are all read by sqlglot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.models.enums import SqlDialect

# What may start a quote or a comment, or end a statement, in each dialect.
_SPECIAL = {
    SqlDialect.MYSQL: re.compile(r"['\"`#;]|--|/\*"),
    SqlDialect.SQLITE: re.compile(r"['\"`\[;]|--|/\*"),
}
_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}
# MySQL strings take backslash escapes; identifiers and SQLite strings double the quote only.
_BACKSLASH_ESCAPES = {SqlDialect.MYSQL: frozenset({"'", '"'}), SqlDialect.SQLITE: frozenset()}
# A line a data statement starts, where a window of tokens may end.
DATA_LINE = re.compile(r"^[ \t]*(?:INSERT|REPLACE)\b", re.IGNORECASE | re.MULTILINE)
DATA_VERBS = frozenset({"INSERT", "REPLACE"})


class Scanner:
    def __init__(self, text: str, dialect: SqlDialect) -> None:
        self.text = text
        self.dialect = dialect
        self._special = _SPECIAL[dialect]

    def statement_end(self, start: int) -> int | None:
        """Where the semicolon that ends the statement at ``start`` is; None if the text ends
        first, or inside a quote or comment."""
        position: int | None = start
        while position is not None and (found := self._special.search(self.text, position)):
            if found.group() == ";":
                return found.start()
            position = self._after(found.start(), found.group())
        return None

    def skip_blank(self, position: int) -> int:
        """The first position from ``position`` that is not whitespace or a comment (MySQL's
        versioned comments are SQL, so they stop the skip)."""
        text = self.text
        while position < len(text):
            if text[position].isspace():
                position += 1
            elif text.startswith(("/*!", "/*M!"), position) or not self._is_comment(position):
                return position
            else:
                after = self._after(position, text[position : position + 2] if text[position] != "#" else "#")
                if after is None:
                    return len(text)
                position = after
        return position

    def versioned_comments(self) -> Iterator[tuple[int, int, int]]:
        """(start, end of the ``/*!50503`` opener, start of the ``*/``) of each versioned
        comment outside quotes."""
        position: int | None = 0
        while position is not None and (found := self._special.search(self.text, position)):
            start, mark = found.start(), found.group()
            position = self._after(start, mark)
            opener = start + 2 + self.text.startswith("M", start + 2)
            if mark == "/*" and self.text.startswith("!", opener) and position is not None:
                opener += 1
                while opener < len(self.text) and self.text[opener].isdigit():
                    opener += 1
                yield start, opener, position - 2

    def _is_comment(self, position: int) -> bool:
        text = self.text
        if text.startswith("/*", position):
            return True
        if self.dialect == SqlDialect.MYSQL and text.startswith("#", position):
            return True
        return text.startswith("--", position) and self._dashes_comment(position)

    def _dashes_comment(self, position: int) -> bool:
        # MySQL reads -- as a comment only before a space or the end of the line (1--1 is 2).
        following = self.text[position + 2 : position + 3]
        return self.dialect != SqlDialect.MYSQL or not following or following.isspace()

    def _after(self, start: int, mark: str) -> int | None:
        """Where the quote or comment opened by ``mark`` at ``start`` ends (just after it);
        ``start + 1`` for the delimiter or a ``--`` that is no comment; None if it never ends."""
        text = self.text
        if mark in ("#", "--"):
            if mark == "--" and not self._dashes_comment(start):
                return start + 2
            end = text.find("\n", start)
            return len(text) if end == -1 else end
        if mark == "/*":
            end = text.find("*/", start + 2)
            return None if end == -1 else end + 2
        if mark == ";":
            return start + 1
        return self._quote_end(start, mark)

    def _quote_end(self, start: int, quote: str) -> int | None:
        text, closer = self.text, _CLOSERS[quote]
        escapes = quote in _BACKSLASH_ESCAPES[self.dialect]
        position = start + 1
        while True:
            end = text.find(closer, position)
            if end == -1:
                return None
            if escapes and _escaped(text, position, end):
                position = end + 1
            elif text.startswith(closer, end + 1) and closer != "]":
                position = end + 2
            else:
                return end + 1


def _escaped(text: str, start: int, quote: int) -> bool:
    """Whether an odd number of backslashes (within the string) precedes the quote."""
    count = 0
    while quote - count - 1 >= start and text[quote - count - 1] == "\\":
        count += 1
    return count % 2 == 1
