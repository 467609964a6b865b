"""Where statements end, per dialect, as its command-line client decides (see ``scripts``)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot.tokenizer_core import Token, TokenType

from app.ingest.dialects.source import QUOTED, Source, Statement, word
from app.models.enums import SqlDialect

# SQL Server: keywords that start a statement wherever they appear at the top level of a
# batch, unless the token before them makes them part of a clause (ON DELETE, GRANT EXECUTE).
_TSQL_STARTERS = frozenset(
    {
        "CREATE", "ALTER", "DROP", "SET", "USE", "INSERT", "UPDATE", "DELETE", "MERGE", "SELECT",
        "GRANT", "DENY", "REVOKE", "EXEC", "EXECUTE", "PRINT", "DECLARE", "TRUNCATE", "IF",
        "WHILE", "BEGIN", "COMMIT", "ROLLBACK", "RAISERROR", "THROW", "RETURN", "DBCC", "WAITFOR",
    }
)  # fmt: skip
# Tokens after which a starter keyword is part of a clause instead: GRANT EXECUTE ON, a list
# (UPDATE, DELETE), a name (dbo.[update]) or an expression.
_TSQL_CLAUSE_BEFORE = frozenset({"GRANT", "DENY", "REVOKE", ",", "(", ".", "="})
# ... and those that make a particular keyword part of a clause: ON DELETE CASCADE, FOR INSERT,
# INSERT INTO t SELECT, UNION SELECT, WITH EXECUTE AS.
_TSQL_CLAUSE_BEFORE_KEYWORD = {
    "DELETE": frozenset({"ON", "FOR", "AFTER", "OF"}),
    "UPDATE": frozenset({"ON", "FOR", "AFTER", "OF"}),
    "INSERT": frozenset({"FOR", "AFTER", "OF"}),
    "SELECT": frozenset({"UNION", "ALL", "EXCEPT", "INTERSECT", "AS", "FOR"}),
    "EXEC": frozenset({"AS", "WITH"}),
    "EXECUTE": frozenset({"AS", "WITH"}),
    "SET": frozenset({"DELETE", "UPDATE"}),
}
# ALTER and DROP start a statement only before an object type; otherwise they are an ALTER
# TABLE action (ALTER COLUMN, DROP CONSTRAINT).
_TSQL_OBJECTS = frozenset(
    {
        "TABLE", "VIEW", "INDEX", "PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "DATABASE", "SCHEMA",
        "TYPE", "SEQUENCE", "SYNONYM", "USER", "ROLE", "LOGIN", "STATISTICS", "FULLTEXT", "ASSEMBLY",
    }
)  # fmt: skip
# Objects whose body is the rest of the batch.
_TSQL_BATCH_OBJECTS = frozenset({"PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "VIEW"})
# BEGIN TRANSACTION and the like start a statement, not a BEGIN ... END block.
_NOT_A_BLOCK = frozenset({"TRAN", "TRANSACTION", "DISTRIBUTED", "DIALOG", "CONVERSATION"})


class Splitter:
    """Fed the script's tokens in order, a window at a time; yields each statement they end."""

    def __init__(self, source: Source) -> None:
        self.source = source
        # The tokens of the statement being read.
        self.pending: list[Token] = []

    def feed(self, tokens: list[Token]) -> Iterator[Statement]:
        """The statements these tokens end; the last one may stay pending for the next window."""
        raise NotImplementedError

    def at_boundary(self) -> bool:
        """Between two statements, where a data statement may be skipped without tokens."""
        return not self.pending

    def finish(self, unclosed_at: int | None) -> Iterator[Statement]:
        """The last statement; with ``unclosed_at`` (where a quote or comment opens that never
        closes) it runs to the end of the script, for the reader to report."""
        if unclosed_at is None:
            yield from self.flush()
            return
        start = self.pending[0].start if self.pending else unclosed_at
        text = self.source.text
        yield self.source.statement(start, len(text), tokens=tuple(self.pending), unclosed_at=unclosed_at)

    def flush(self, end: int | None = None) -> Iterator[Statement]:
        """The statement read so far, if any; ``end`` when it stops inside its last token."""
        if self.pending:
            start, stop = self.pending[0].start, self.pending[-1].end + 1 if end is None else end
            yield self.source.statement(start, stop, tokens=tuple(self.pending))
        self.pending = []


class _MySQLSplitter(Splitter):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.delimiter = ";"
        # The end of the DELIMITER line or custom delimiter just read.
        self.skip_until = -1

    def at_boundary(self) -> bool:
        return not self.pending and self.delimiter == ";"

    def feed(self, tokens: list[Token]) -> Iterator[Statement]:
        text = self.source.text
        for token in tokens:
            if token.start < self.skip_until:
                continue
            # The client reads DELIMITER only as the first word of a statement, on its own line.
            if not self.pending and word(token) == "DELIMITER" and self.source.starts_line(token):
                line_end = self.source.line_end(token.start)
                argument = text[token.end + 1 : line_end].split()
                self.delimiter = argument[0] if argument else self.delimiter
                yield self.source.statement(token.start, line_end, client_command="delimiter")
                self.skip_until = line_end
                continue
            delimiter = self.delimiter
            if delimiter == ";" and token.token_type == TokenType.SEMICOLON:
                yield from self.flush()
                continue
            # A custom delimiter may span tokens (// is two slashes) or end inside one (END$$).
            found = -1
            if delimiter != ";" and token.token_type not in QUOTED:
                found = text.find(delimiter, token.start, token.end + len(delimiter))
            if found == -1:
                self.pending.append(token)
                continue
            if found > token.start:
                self.pending.append(token)
            yield from self.flush(end=found)
            self.skip_until = found + len(delimiter)


class _TSQLSplitter(Splitter):
    """Fed the whole script at once: a statement's end depends on the tokens around it."""

    def __init__(self, source: Source) -> None:
        super().__init__(source)
        self.tokens: list[Token] = []
        self.depth = self.blocks = 0
        # In an IF or WHILE: whether the statement it controls has started.
        self.body_seen = False

    def flush(self, end: int | None = None) -> Iterator[Statement]:
        yield from super().flush(end)
        self.depth = self.blocks = 0
        self.body_seen = False

    def feed(self, tokens: list[Token]) -> Iterator[Statement]:
        self.tokens = tokens
        skip_until = -1
        for index, token in enumerate(tokens):
            if token.start < skip_until:
                continue
            if word(token) == "GO" and self._is_batch_separator(token):
                yield from self.flush()
                skip_until = self.source.line_end(token.start)
                continue
            at_top = self.depth == 0 and self.blocks == 0 and not self._takes_batch()
            if token.token_type == TokenType.SEMICOLON and (at_top or not self.pending):
                yield from self.flush()
                continue
            if self.pending and at_top and self._starts_statement(index):
                yield from self.flush()
            self._track(index)
            self.pending.append(token)

    def _is_batch_separator(self, token: Token) -> bool:
        """sqlcmd's GO: alone on its line, perhaps with a repeat count or a comment."""
        rest = self.source.text[token.end + 1 : self.source.line_end(token.start)].strip()
        return self.source.starts_line(token) and (not rest or rest.isdigit() or rest.startswith("--"))

    def _takes_batch(self) -> bool:
        words = [word(token) for token in self.pending[:4]]
        if not words or words[0] not in ("CREATE", "ALTER"):
            return False
        if words[1:3] == ["OR", "ALTER"]:
            words = words[2:]
        return len(words) > 1 and words[1] in _TSQL_BATCH_OBJECTS

    def _starts_statement(self, index: int) -> bool:
        tokens = self.tokens
        keyword = word(tokens[index])
        if keyword not in _TSQL_STARTERS:
            return False
        previous = word(tokens[index - 1]) if index else ""
        following = word(tokens[index + 1]) if index + 1 < len(tokens) else ""
        first = word(self.pending[0])
        if previous in _TSQL_CLAUSE_BEFORE or previous in _TSQL_CLAUSE_BEFORE_KEYWORD.get(keyword, ()):
            return False
        if keyword in ("ALTER", "DROP") and following not in _TSQL_OBJECTS:
            return False
        if keyword == "SET" and first in ("UPDATE", "MERGE", "ALTER"):
            return False
        if keyword in ("SELECT", "EXEC", "EXECUTE") and first == "INSERT":
            return False
        if first in ("IF", "WHILE") and (previous == "ELSE" or not self.body_seen):
            # The statement an IF or WHILE controls (after ELSE too) belongs to it.
            self.body_seen = True
            return False
        return True

    def _track(self, index: int) -> None:
        token = self.tokens[index]
        if token.token_type == TokenType.L_PAREN:
            self.depth += 1
        elif token.token_type == TokenType.R_PAREN:
            self.depth = max(0, self.depth - 1)
        keyword = word(token)
        following = word(self.tokens[index + 1]) if index + 1 < len(self.tokens) else ""
        if (keyword == "BEGIN" and following not in _NOT_A_BLOCK) or keyword == "CASE":
            self.blocks += 1
        elif keyword == "END":
            self.blocks = max(0, self.blocks - 1)


class _SQLiteSplitter(Splitter):
    def __init__(self, source: Source) -> None:
        super().__init__(source)
        # BEGIN ... END and CASE ... END open in the trigger being read.
        self.blocks = 0

    def at_boundary(self) -> bool:
        return not self.pending and self.blocks == 0

    def feed(self, tokens: list[Token]) -> Iterator[Statement]:
        for token in tokens:
            if token.token_type == TokenType.SEMICOLON and self.blocks == 0:
                yield from self.flush()
                continue
            keyword = word(token)
            if keyword in ("BEGIN", "CASE") and self._in_trigger():
                self.blocks += 1
            elif keyword == "END" and self.blocks:
                self.blocks -= 1
            self.pending.append(token)

    def _in_trigger(self) -> bool:
        words = [word(token) for token in self.pending[:3]]
        return words[:1] == ["CREATE"] and "TRIGGER" in words[1:]


SPLITTERS: dict[SqlDialect, type[Splitter]] = {
    SqlDialect.MYSQL: _MySQLSplitter,
    SqlDialect.MSSQL: _TSQLSplitter,
    SqlDialect.SQLITE: _SQLiteSplitter,
}
