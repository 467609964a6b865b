"""sqlglot's tokenizers and parsers for MySQL, SQLite and SQL Server, with the DDL that real
dumps contain and sqlglot (v30) does not read yet.

sqlglot is written for transpiling queries; its DDL coverage has gaps that dumps hit on every
file: ``CREATE FULLTEXT INDEX``, ``DEFINER=CURRENT_USER`` views, SQLite's
multi-word type names and ``ON CONFLICT`` clauses, SQL Server's ``WITH NOCHECK``,
``ADD DEFAULT ... FOR``, ``CHECK CONSTRAINT`` toggles and ``TEXTIMAGE_ON``. Each gap is filled
by a grammar rule in this package (a module per dialect), in sqlglot's own parser, so these
statements are parsed like any other instead of falling back to an unparsed ``Command``.

The classes are plain subclasses used directly, not new sqlglot dialects: a dialect class
registers itself globally when defined. The overrides use sqlglot's parser internals
(``_match``, ``_parse_*``), which is how its own dialects extend it; a sqlglot upgrade must
run the dialect tests.
"""

from __future__ import annotations

from sqlglot.parser import Parser
from sqlglot.tokens import Tokenizer

from app.ingest.dialects.grammar.base import (
    ERROR_OFFSET,
    TYPE_SPAN,
    MySQLTokenizer,
    SQLiteTokenizer,
    TSQLTokenizer,
)
from app.ingest.dialects.grammar.mysql import MySQLReaderParser
from app.ingest.dialects.grammar.sqlite import SQLiteReaderParser
from app.ingest.dialects.grammar.tsql import TSQLReaderParser
from app.models.enums import SqlDialect

__all__ = ["ERROR_OFFSET", "SQLGLOT_DIALECTS", "TYPE_SPAN", "parser", "tokenizer"]

_TOKENIZERS: dict[SqlDialect, type[Tokenizer]] = {
    SqlDialect.MYSQL: MySQLTokenizer,
    SqlDialect.MSSQL: TSQLTokenizer,
    SqlDialect.SQLITE: SQLiteTokenizer,
}
_PARSERS: dict[SqlDialect, type[Parser]] = {
    SqlDialect.MYSQL: MySQLReaderParser,
    SqlDialect.MSSQL: TSQLReaderParser,
    SqlDialect.SQLITE: SQLiteReaderParser,
}
# The names sqlglot knows the dialects by, for printing expressions.
SQLGLOT_DIALECTS = {SqlDialect.MYSQL: "mysql", SqlDialect.MSSQL: "tsql", SqlDialect.SQLITE: "sqlite"}


def tokenizer(dialect: SqlDialect) -> Tokenizer:
    return _TOKENIZERS[dialect](dialect=SQLGLOT_DIALECTS[dialect])


def parser(dialect: SqlDialect) -> Parser:
    """A parser that stops at the first error, which carries the offset of its token."""
    return _PARSERS[dialect](dialect=SQLGLOT_DIALECTS[dialect], error_message_context=40)
