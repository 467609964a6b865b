"""MySQL DDL sqlglot does not read: CREATE FULLTEXT / SPATIAL INDEX and index options after
the key list, DEFINER=CURRENT_USER, RENAME TABLE, DISABLE KEYS, PARTITION BY clauses, and type
names such as POINT or NATIONAL VARCHAR."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.parsers.mysql import MySQLParser
from sqlglot.tokenizer_core import TokenType

from app.ingest.dialects.grammar.base import ReaderParser, attribute

# Type names MySQL accepts that sqlglot's MySQL grammar does not know.
_MYSQL_EXTRA_TYPES = (
    ("NATIONAL", "CHARACTER VARYING"),
    ("NATIONAL", "CHAR VARYING"),
    ("NATIONAL", "VARCHAR"),
    ("NATIONAL", "CHARACTER"),
    ("NATIONAL", "CHAR"),
    ("NCHAR", "VARCHAR"),
    ("LONG", "VARCHAR"),
    ("LONG", "VARBINARY"),
    ("POINT",),
    ("LINESTRING",),
    ("POLYGON",),
    ("MULTIPOINT",),
    ("MULTILINESTRING",),
    ("MULTIPOLYGON",),
    ("GEOMETRYCOLLECTION",),
    ("GEOMCOLLECTION",),
    ("LONG",),
    ("VARCHARACTER",),
    ("MIDDLEINT",),
    ("INT1",),
    ("INT2",),
    ("INT3",),
    ("INT8",),
)


class MySQLReaderParser(ReaderParser, MySQLParser):
    EXTRA_TYPES = _MYSQL_EXTRA_TYPES
    TYPE_SUFFIXES = ("UNSIGNED", "SIGNED", "ZEROFILL")
    STATEMENT_PARSERS: ClassVar[dict[TokenType, Any]] = {
        **MySQLParser.STATEMENT_PARSERS,
        TokenType.RENAME: lambda self: self._parse_rename_tables(),
    }
    ALTER_PARSERS: ClassVar[dict[str, Any]] = {
        **MySQLParser.ALTER_PARSERS,
        # mysqldump wraps data in ALTER TABLE t DISABLE KEYS ... ENABLE KEYS.
        "DISABLE": lambda self: self._match_text_seq("KEYS") and attribute("DISABLE KEYS"),
        "ENABLE": lambda self: self._match_text_seq("KEYS") and attribute("ENABLE KEYS"),
    }
    PROPERTY_PARSERS: ClassVar[dict[str, Any]] = {
        **MySQLParser.PROPERTY_PARSERS,
        "PARTITION BY": lambda self: self._parse_partitioning(),
    }

    def _parse_create(self) -> exp.Create | exp.Command:
        """CREATE [UNIQUE | FULLTEXT | SPATIAL] INDEX name [USING t] ON tbl (key_part, ...)
        [index_option ...] [ALGORITHM [=] x] [LOCK [=] x], with key parts read like those of
        an inline KEY (``a(10)`` is a prefix, not a function call)."""
        start = self._index
        kind = self._match_texts(("UNIQUE", "FULLTEXT", "SPATIAL")) and self._prev.text.upper()
        if not self._match(TokenType.INDEX):
            self._retreat(start)
            return super()._parse_create()
        exists = self._parse_exists(not_=True)
        name = self._parse_id_var()
        using = self._parse_index_type()
        self._match(TokenType.ON)
        table = self._parse_table_parts(schema=True)
        columns = self._parse_wrapped_csv(self._parse_index_key_part)
        options = self._parse_index_constraint_options()
        using = using or next((str(o.args["using"]) for o in options if o.args.get("using")), None)
        while self._match_texts(("ALGORITHM", "LOCK")):
            self._match(TokenType.EQ)
            self._advance_any()
        method = kind if kind in ("FULLTEXT", "SPATIAL") else using
        params = exp.IndexParameters(columns=columns, using=exp.var(method) if method else None)
        index = exp.Index(this=name, table=table, unique=kind == "UNIQUE", params=params)
        return self.expression(exp.Create(this=index, kind="INDEX", unique=kind == "UNIQUE", exists=exists))

    def _parse_definer(self) -> exp.DefinerProperty | None:
        # DEFINER=CURRENT_USER (mysqldump and sakila write it) names no user@host pair.
        self._match(TokenType.EQ)
        if self._match(TokenType.CURRENT_USER):
            self._match_pair(TokenType.L_PAREN, TokenType.R_PAREN)
            return exp.DefinerProperty(this="CURRENT_USER")
        return super()._parse_definer()

    def _parse_partitioning(self) -> exp.Property:
        """PARTITION BY ... ends a CREATE or ALTER TABLE; the model does not describe MySQL's
        partitions (they are not tables), so the clause is read past, to its end."""
        start = self._prev
        while self._curr:
            self._advance()
        return exp.Property(
            this=exp.var("PARTITION BY"), value=exp.Literal.string(self._find_sql(start, self._prev))
        )

    def _parse_rename_tables(self) -> exp.Expr:
        """RENAME TABLE a TO b [, c TO d]: one ALTER ... RENAME per pair, in a block."""
        if not self._match(TokenType.TABLE):
            return self._parse_as_command(self._prev)

        def rename() -> exp.Alter:
            old = self._parse_table_parts()
            self._match_text_seq("TO")
            new = self._parse_table_parts()
            return exp.Alter(this=old, kind="TABLE", actions=[exp.AlterRename(this=new)])

        return self.expression(exp.Block(expressions=self._parse_csv(rename)))
