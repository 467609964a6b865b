"""SQLite DDL sqlglot does not read: ON CONFLICT clauses, type names of several
words (UNSIGNED BIG INT), and schema-qualified index names."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.parsers.sqlite import SQLiteParser
from sqlglot.tokenizer_core import TokenType

from app.ingest.dialects.grammar.base import TYPE_SPAN, ReaderParser, user_type

# Words that start a column constraint in SQLite: anything else after a column name is part
# of its type name, which SQLite allows to be several words (UNSIGNED BIG INT).
_SQLITE_CONSTRAINT_WORDS = frozenset(
    {
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
    }
)


class SQLiteReaderParser(ReaderParser, SQLiteParser):
    CONSTRAINT_PARSERS: ClassVar[dict[str, Any]] = {
        **SQLiteParser.CONSTRAINT_PARSERS,
        "ON": lambda self: self._parse_conflict_clause() or SQLiteParser.CONSTRAINT_PARSERS["ON"](self),
    }

    def _parse_create(self) -> exp.Create | exp.Command:
        """CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (column, ...) [WHERE
        expr]: sqlglot reads a schema-qualified index name as the table."""
        start = self._index
        unique = self._match(TokenType.UNIQUE)
        if not self._match(TokenType.INDEX):
            self._retreat(start)
            return super()._parse_create()
        exists = self._parse_exists(not_=True)
        name = self._parse_name()
        self._match(TokenType.ON)
        table = self._parse_name()
        if name.args.get("db") and not table.args.get("db"):
            # The index and its table are in one schema, which only the index name gives.
            table.set("db", name.args["db"])
        params = exp.IndexParameters(
            columns=self._parse_wrapped_csv(self._parse_ordered), where=self._parse_where()
        )
        index = exp.Index(this=name.this, table=table, unique=unique, params=params)
        return self.expression(exp.Create(this=index, kind="INDEX", unique=unique, exists=exists))

    def _parse_conflict_clause(self) -> exp.OnConflict | None:
        """ON CONFLICT ROLLBACK | ABORT | FAIL | IGNORE | REPLACE after a NOT NULL, PRIMARY
        KEY or UNIQUE: what an INSERT does on a violation, not part of the schema."""
        start = self._index
        if self._prev.token_type != TokenType.ON and not self._match(TokenType.ON):
            return None
        if not self._match_text_seq("CONFLICT") or not self._advance_any():
            self._retreat(start)
            return None
        return exp.OnConflict(action=exp.var(self._prev.text.upper()))

    def _parse_key_constraint_options(self) -> list[str]:
        options: list[str] = []
        while True:
            start = self._index
            if self._match(TokenType.ON) and self._parse_conflict_clause() is not None:
                continue
            self._retreat(start)
            more = super()._parse_key_constraint_options()
            if not more:
                return options
            options.extend(more)

    def _parse_index_params(self) -> exp.IndexParameters:
        # After PRIMARY KEY (a), ON starts a conflict clause, not a filegroup.
        if self._match_text_seq("ON", "CONFLICT", advance=False):
            return self.expression(exp.IndexParameters())
        return super()._parse_index_params()

    def _parse_unique(self) -> exp.UniqueColumnConstraint:
        unique = super()._parse_unique()
        start = self._index
        if not (self._match(TokenType.ON) and self._parse_conflict_clause() is not None):
            self._retreat(start)
        return unique

    def _parse_types(
        self,
        check_func: bool = False,
        schema: bool = False,
        allow_identifiers: bool = True,
        with_collation: bool = False,
    ) -> exp.Expr | None:
        first = self._curr
        data_type = super()._parse_types(check_func, schema, allow_identifiers, with_collation)
        if data_type is None or not schema:
            return data_type
        extra = False
        while (
            self._curr
            and self._curr.text.upper() not in _SQLITE_CONSTRAINT_WORDS
            and (self._curr.token_type in (TokenType.VAR, *self.TYPE_TOKENS))
        ):
            self._advance()
            extra = True
        if extra:
            self._skip_type_parameters()
            data_type = user_type(self._find_sql(first, self._prev))
            data_type.meta[TYPE_SPAN] = (first.start, self._prev.end + 1)
        return data_type
