"""Readers for MySQL/MariaDB, SQLite and SQL Server scripts on sqlglot:
``parse_dialect_sql(source, dialect)`` gives the canonical model of a script, with warnings
and what was skipped; ``detect_dialect(source)`` says which dialect a script is in. See
``reader`` for the flow."""

from app.ingest.dialects.detect import DialectGuess, detect_dialect
from app.ingest.dialects.reader import parse_dialect_sql
from app.ingest.result import ParseResult

__all__ = ["DialectGuess", "ParseResult", "detect_dialect", "parse_dialect_sql"]
