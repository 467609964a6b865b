"""From an upload to the canonical model: the one place that knows which reader reads which
format and dialect, and how a dialect is chosen when the caller does not say."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app.errors import BadUserInputError
from app.ingest import model as canonical
from app.ingest.dbml import parse_dbml
from app.ingest.dialects import parse_dialect_sql
from app.ingest.dialects.detect import detect_dialect
from app.ingest.errors import ParseError
from app.ingest.mermaid import parse_mermaid
from app.ingest.nul_characters import refuse_nul_characters
from app.ingest.postgres import parse_postgres
from app.ingest.result import ParseResult
from app.models.enums import SchemaSourceFormat, SqlDialect


@dataclass(frozen=True)
class Upload:
    source: str
    format: SchemaSourceFormat
    dialect: SqlDialect | None
    label: str | None
    lenient: bool


@dataclass(frozen=True)
class Parsed:
    model: canonical.SchemaModel
    warnings: list[str]


def read_upload(upload: Upload, *, default_dialect: SqlDialect | None) -> Parsed:
    """The dialect is the upload's, else the project's default, else guessed from the text;
    a guess is reported as the version's first warning, and named in a syntax error, so a
    wrong guess is easy to correct."""
    if not upload.source.strip():
        raise BadUserInputError("The source is empty.", field=["source"])
    if "\x00" in upload.source:
        raise BadUserInputError("The source is binary, not text.", field=["source"])
    parsed = _read(upload, default_dialect)
    refuse_nul_characters(parsed.model, parsed.warnings)
    if not (parsed.model.tables or parsed.model.enums or parsed.model.domains):
        raise BadUserInputError(
            "No tables, views or types found in the source" + _format_hint(upload) + ".", field=["source"]
        )
    return parsed


# What another format's text starts with: a source read as the wrong one usually yields
# nothing at all, and says which format it was meant to be.
_FORMAT_CLUES = (
    (SchemaSourceFormat.MERMAID, "a Mermaid erDiagram", re.compile(r"^\s*erDiagram\b", re.MULTILINE)),
    (
        SchemaSourceFormat.DBML,
        "DBML",
        re.compile(r"^\s*Table\s+[\w.\"]+\s*(?:as\s+\w+\s*)?(?:\[[^\]]*\]\s*)?\{", re.MULTILINE),
    ),
    (SchemaSourceFormat.JSON, "a JSON model", re.compile(r"\A\s*\{\s*\"")),
)


def _format_hint(upload: Upload) -> str:
    for source_format, name, clue in _FORMAT_CLUES:
        if source_format is not upload.format and clue.search(upload.source):
            return f"; this looks like {name}: send format: {source_format.name}"
    return ""


def _read(upload: Upload, default_dialect: SqlDialect | None) -> Parsed:
    match upload.format:
        case SchemaSourceFormat.JSON:
            return _read_json(upload.source)
        case SchemaSourceFormat.DBML:
            return _parsed(parse_dbml(upload.source, dialect=upload.dialect or default_dialect))
        case SchemaSourceFormat.MERMAID:
            return _parsed(parse_mermaid(upload.source, dialect=upload.dialect or default_dialect))
        case SchemaSourceFormat.SQL:
            return _read_sql(upload, default_dialect)
    raise BadUserInputError(
        f"{upload.format.name} is not an upload format; live databases are read with introspectConnection.",
        field=["format"],
    )


def _read_sql(upload: Upload, default_dialect: SqlDialect | None) -> Parsed:
    chosen = upload.dialect or default_dialect
    guess = detect_dialect(upload.source) if chosen is None else None
    dialect = chosen or (guess.dialect if guess else SqlDialect.POSTGRES)
    try:
        if dialect is SqlDialect.POSTGRES:
            result = parse_postgres(upload.source, lenient=upload.lenient)
        else:
            result = parse_dialect_sql(upload.source, dialect, lenient=upload.lenient)
    except ParseError as error:
        raise _with_hint(
            error, dialect, guess_reason=guess.reason if guess else None, source=upload.source
        ) from error
    parsed = _parsed(result)
    if guess is not None:
        parsed.warnings.insert(0, f"No dialect was given; read as {dialect.name}: {guess.reason}")
    return parsed


def _with_hint(
    error: ParseError, dialect: SqlDialect, *, guess_reason: str | None, source: str
) -> ParseError:
    if guess_reason is not None:
        hint = f"Read as {dialect.name} because {guess_reason}; pass `dialect` if that is wrong."
    else:
        other = detect_dialect(source)
        if other.dialect is dialect:
            return error
        hint = f"It was read as {dialect.name}, but it looks like {other.dialect.name}: {other.reason}."
    return ParseError(
        f"{error.reason}. {hint}", line=error.line, column=error.column, statement=error.statement
    )


def _parsed(result: ParseResult) -> Parsed:
    return Parsed(result.model, list(result.warnings))


def _read_json(source: str) -> Parsed:
    try:
        return Parsed(canonical.from_json(json.loads(source)), [])
    except ValueError as error:
        raise BadUserInputError(
            f"The JSON is not a Vizora schema model: {error}", field=["source"]
        ) from error
