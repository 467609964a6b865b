"""What every schema reader returns, whatever the source format."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ingest.model import SchemaModel


@dataclass(frozen=True)
class ParseResult:
    model: SchemaModel
    # Things the author should know: skipped bad statements (lenient), dangling references...
    warnings: list[str] = field(default_factory=list)
    # Statements that carry no schema, by kind ("insert", "function", "psql meta-command"...).
    skipped: dict[str, int] = field(default_factory=dict)
    # Every statement read, skipped ones included.
    statements: int = 0
