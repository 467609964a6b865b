"""The PostgreSQL DDL reader: ``parse_postgres(source)`` gives the canonical model of a
script, with warnings and what was skipped. See ``parser`` for the flow."""

from app.ingest.postgres.parser import parse_postgres
from app.ingest.result import ParseResult

__all__ = ["ParseResult", "parse_postgres"]
