"""Export fidelity: does DDL -> model -> DDL -> model give the same model, in every dialect?

    python -m bench.roundtrip [../shared/corpus] [--show 10]

Every ``*.sql`` in the directory is read in the dialect ``detect_dialect`` finds, exported
as DDL of that dialect (``SchemaVersion.export(SQL)``), and the export read again. One line
per file says whether the two models are equal (same ``content_hash``) and, if not, the
first differences between their JSON forms, by path. Exit status 1 when any file does not
round-trip.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.ingest.dialects.detect import detect_dialect
from app.ingest.export.formats import ExportFormat, export_model
from app.ingest.model import content_hash, to_json
from app.ingest.readers import Upload, read_upload
from app.models.enums import SchemaSourceFormat


def differences(before: Any, after: Any, path: str = "$") -> Iterator[str]:
    """Paths where two JSON values differ, depth first, in document order."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(key for key in after if key not in before)]:
            yield from differences(before.get(key), after.get(key), f"{path}.{key}")
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (item_before, item_after) in enumerate(zip(before, after, strict=True)):
            yield from differences(item_before, item_after, f"{path}[{_label(item_before, index)}]")
    elif before != after:
        yield f"{path}: {_short(before)} -> {_short(after)}"


def _label(item: Any, index: int) -> str:
    """A list item by its key or name where it has one: ``tables[public.film]``."""
    if isinstance(item, dict):
        return str(item.get("key") or item.get("name") or index)
    return str(index)


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def round_trip(path: Path, show: int) -> bool:
    """Print one file's result."""
    source = path.read_text(encoding="utf-8")
    dialect = detect_dialect(source).dialect
    upload = Upload(source, SchemaSourceFormat.SQL, dialect, label=None, lenient=False)
    started = time.perf_counter()
    model = read_upload(upload, default_dialect=None).model
    exported = export_model(model, ExportFormat.SQL)
    again = read_upload(replace(upload, source=exported), default_dialect=None).model
    elapsed_ms = (time.perf_counter() - started) * 1000
    equal = content_hash(again) == content_hash(model)
    tables = len(model.tables)
    verdict = "equal" if equal else "DIFFERENT"
    print(f"{path.name} ({dialect.name}): {verdict} ({tables} tables, {elapsed_ms:.0f} ms)")
    if not equal:
        found = list(differences(to_json(model), to_json(again)))
        for line in found[:show]:
            print(f"    {line}")
        if len(found) > show:
            print(f"    ... and {len(found) - show} more")
    return equal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default="../shared/corpus", type=Path)
    parser.add_argument("--show", type=int, default=10, help="differences to print per file")
    arguments = parser.parse_args(argv)
    results = [round_trip(path, arguments.show) for path in sorted(arguments.directory.glob("*.sql"))]
    print(f"{sum(results)} of {len(results)} files round-trip to an equal model")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
