"""SQL Server DDL sqlglot does not read: WITH NOCHECK, ADD ... DEFAULT ... FOR, CHECK
CONSTRAINT toggles, index options after a filter, inline INDEX, column attributes
(ROWGUIDCOL, SPARSE, FILESTREAM), TEXTIMAGE_ON, CREATE SCHEMA ... AUTHORIZATION, and the ANSI
type spellings (NATIONAL CHARACTER VARYING)."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.parsers.tsql import TSQLParser
from sqlglot.tokenizer_core import TokenType

from app.ingest.dialects.grammar.base import ReaderParser, attribute

# SQL Server's ANSI type spellings sqlglot does not know.
_TSQL_EXTRA_TYPES = (
    ("NATIONAL", "CHARACTER VARYING"),
    ("NATIONAL", "CHAR VARYING"),
    ("NATIONAL", "CHARACTER"),
    ("NATIONAL", "CHAR"),
    ("NATIONAL", "TEXT"),
    ("BINARY", "VARYING"),
)


class TSQLReaderParser(ReaderParser, TSQLParser):
    EXTRA_TYPES = _TSQL_EXTRA_TYPES
    ALTER_PARSERS: ClassVar[dict[str, Any]] = {
        **TSQLParser.ALTER_PARSERS,
        "ADD": lambda self: self._parse_default_for() or self._parse_alter_table_add(),
        # WITH NOCHECK ADD ...: existing rows are not validated; the constraint is the same.
        "WITH": lambda self: self._parse_alter_with_check(),
        # [WITH CHECK] CHECK | NOCHECK CONSTRAINT name | ALL: enables or disables enforcement.
        "CHECK": lambda self: self._parse_constraint_toggle(),
        "NOCHECK": lambda self: self._parse_constraint_toggle(),
    }
    CONSTRAINT_PARSERS: ClassVar[dict[str, Any]] = {
        **TSQLParser.CONSTRAINT_PARSERS,
        # On a column, PRIMARY KEY CLUSTERED has no column list.
        "CLUSTERED": lambda self: exp.ClusteredColumnConstraint(this=self._parse_optional_key_columns()),
        "NONCLUSTERED": lambda self: exp.NonClusteredColumnConstraint(
            this=self._parse_optional_key_columns()
        ),
        "ROWGUIDCOL": lambda self: attribute("ROWGUIDCOL"),
        "SPARSE": lambda self: attribute("SPARSE"),
        "FILESTREAM": lambda self: attribute("FILESTREAM"),
    }
    PROPERTY_PARSERS: ClassVar[dict[str, Any]] = {
        **TSQLParser.PROPERTY_PARSERS,
        # CREATE SCHEMA s AUTHORIZATION owner: who owns it, not what it holds.
        "AUTHORIZATION": lambda self: exp.Property(this=exp.var("AUTHORIZATION"), value=self._parse_id_var()),
        # Where large values and FILESTREAM data are stored: no schema.
        "TEXTIMAGE_ON": lambda self: exp.Property(this=exp.var("TEXTIMAGE_ON"), value=self._parse_field()),
        "FILESTREAM_ON": lambda self: exp.Property(this=exp.var("FILESTREAM_ON"), value=self._parse_field()),
    }

    def _parse_constraint(self) -> exp.Expr | None:
        """INDEX name [UNIQUE] [CLUSTERED | NONCLUSTERED] (columns) inside CREATE TABLE; its
        kind says which, e.g. "UNIQUE CLUSTERED"."""
        if not self._match_text_seq("INDEX"):
            return super()._parse_constraint()
        name = self._parse_id_var()
        kind = [
            self._prev.text.upper()
            for _ in range(2)
            if self._match_texts(("UNIQUE", "CLUSTERED", "NONCLUSTERED"))
        ]
        columns = self._parse_wrapped_csv(self._parse_ordered)
        return exp.IndexColumnConstraint(this=name, expressions=columns, kind=" ".join(kind) or None)

    def _parse_optional_key_columns(self) -> list[exp.Expr]:
        if not self._match(TokenType.L_PAREN, advance=False):
            return []
        return self._parse_wrapped_csv(self._parse_ordered)

    def _parse_default_for(self) -> list[exp.Expr] | None:
        """ADD [CONSTRAINT name] DEFAULT expr FOR column: the column's default, as SQL Server
        stores a default (a named constraint the model does not track separately)."""
        start = self._index
        if self._match(TokenType.CONSTRAINT):
            self._parse_id_var()
        if not self._match(TokenType.DEFAULT):
            self._retreat(start)
            return None
        value = self._parse_bitwise()
        if not self._match(TokenType.FOR):
            self._retreat(start)
            return None
        column = self._parse_id_var()
        return [self.expression(exp.AlterColumn(this=column, default=value))]

    def _parse_alter_with_check(self) -> Any:
        if not self._match_texts(("CHECK", "NOCHECK")) or not self._match_texts(self.ALTER_PARSERS):
            self.raise_error("Expected CHECK or NOCHECK and an action after WITH")
        return self.ALTER_PARSERS[self._prev.text.upper()](self)

    def _parse_constraint_toggle(self) -> exp.Property:
        toggle = f"{self._prev.text.upper()} CONSTRAINT"
        self._match(TokenType.CONSTRAINT)
        names = self._parse_csv(lambda: self._parse_id_var(any_token=True))
        return exp.Property(this=exp.var(toggle), value=exp.Tuple(expressions=names))

    def _parse_index_params(self) -> exp.IndexParameters:
        # SQL Server writes WITH (options) and ON filegroup after the WHERE of a filtered
        # index; sqlglot reads them only before it.
        params = super()._parse_index_params()
        if not params.args.get("with_storage") and self._match(TokenType.WITH):
            params.set("with_storage", self._parse_wrapped_properties())
        if not params.args.get("on") and self._match(TokenType.ON):
            params.set("on", self._parse_field())
        return params
