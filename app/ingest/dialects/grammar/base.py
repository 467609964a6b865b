"""What the three readers' tokenizers and parsers share: every token kept, where a type was
written, where a syntax error is."""

from __future__ import annotations

from typing import ClassVar, cast

from sqlglot import exp
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import ParseError as SqlglotParseError
from sqlglot.parser import SENTINEL_NONE, Parser
from sqlglot.tokenizer_core import Token, TokenType

# The key under which a data type keeps where it was written: (start, end) offsets, end
# exclusive, so the reader can spell the type as the dialect does from the written tokens.
TYPE_SPAN = "vizora_type_span"
# The key under which a syntax error keeps the offset of the token it is about.
ERROR_OFFSET = "offset"


class MySQLTokenizer(MySQL.Tokenizer):
    # sqlglot turns the rest of a statement that starts with a "command" keyword into one
    # string token (and GO is such a keyword in T-SQL, which would swallow the next batch).
    # Statements are split and classified before parsing here, so every token is kept.
    COMMANDS: ClassVar[set[TokenType]] = set()


class TSQLTokenizer(TSQL.Tokenizer):
    COMMANDS: ClassVar[set[TokenType]] = set()


class SQLiteTokenizer(SQLite.Tokenizer):
    COMMANDS: ClassVar[set[TokenType]] = set()


class ReaderParser(Parser):
    """What every reader needs from the parser: where a type was written, and where an error is."""

    # Type names the dialect accepts that sqlglot does not know, longest first.
    EXTRA_TYPES: ClassVar[tuple[tuple[str, ...], ...]] = ()
    # Words after a type that belong to it (MySQL's UNSIGNED ZEROFILL).
    TYPE_SUFFIXES: ClassVar[tuple[str, ...]] = ()

    def _parse_name(self) -> exp.Table:
        """A [schema.]name."""
        name = self._parse_table_parts(schema=True)
        if not isinstance(name, exp.Table):
            self.raise_error("Expected a name")  # raises: these parsers stop at the first error
        return cast(exp.Table, name)

    def _skip_type_parameters(self) -> None:
        """The (length) or (precision, scale) of a type sqlglot does not know; the reader takes
        them from the written tokens."""
        if self._match(TokenType.L_PAREN, advance=False):
            self._parse_wrapped_csv(self._parse_bitwise)

    def raise_error(self, message: str, token: Token = SENTINEL_NONE) -> None:
        culprit = token or self._curr or self._prev
        try:
            super().raise_error(message, token)
        except SqlglotParseError as error:
            # Kept on the error's details, so backtracking (which catches ParseError) still works.
            if error.errors and culprit:
                error.errors[0][ERROR_OFFSET] = culprit.start
            raise

    def _warn_unsupported(self) -> None:
        """No log line: the reader reports a statement sqlglot kept as text, where it is."""

    def _parse_types(
        self,
        check_func: bool = False,
        schema: bool = False,
        allow_identifiers: bool = True,
        with_collation: bool = False,
    ) -> exp.Expr | None:
        first = self._curr
        for words in self.EXTRA_TYPES if schema else ():
            if self._match_text_seq(*words):
                self._skip_type_parameters()
                while self._match_texts(self.TYPE_SUFFIXES):
                    pass
                extra = user_type(" ".join(words))
                extra.meta[TYPE_SPAN] = (first.start, self._prev.end + 1)
                return extra
        data_type = super()._parse_types(
            check_func=check_func,
            schema=schema,
            allow_identifiers=allow_identifiers,
            with_collation=with_collation,
        )
        while data_type is not None and schema and self._match_texts(self.TYPE_SUFFIXES):
            pass
        if data_type is not None and first and self._prev:
            data_type.meta[TYPE_SPAN] = (first.start, self._prev.end + 1)
        return data_type


def user_type(name: str) -> exp.DataType:
    """A type sqlglot has no name for; the reader spells it from the written tokens."""
    return exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=name)


def attribute(name: str) -> exp.Property:
    """A column attribute that changes storage, not the schema the model describes."""
    return exp.Property(this=exp.var(name), value=exp.true())
