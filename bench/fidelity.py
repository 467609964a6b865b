"""Schema ingestion fidelity: how much of a real schema the parser recovers, and how fast.

    python -m bench.fidelity ../shared/corpus [--repeat 5] [--show-misses]

Every ``<name>.sql`` with a ``<name>.truth.json`` beside it (see the corpus README: the truth
is what a real server's catalog said after loading the file) is ingested and compared.
One JSON line per file goes to stdout; the summary table and, with ``--show-misses``, what
was missed or invented go to stderr.

What is compared (an item counts as recovered only if every listed attribute matches):

* tables: keys (``schema.table``) of tables and partitioned tables; views are not tables.
* columns: (table, name, type, nullable, is primary key).
* foreign_keys: (table, name, columns, referenced table and columns, ON DELETE, ON UPDATE,
  MATCH, DEFERRABLE, INITIALLY DEFERRED). The truth's ``inherited`` ones (clones PostgreSQL
  makes on partitions) are left out: the model keeps them on the parent only.
* indexes: (table, name, unique, method, keys, predicate) of indexes made by CREATE INDEX.
  The truth's indexes that back a constraint (``constraint``: those are the model's keys
  and unique constraints) or that PostgreSQL cloned onto a partition
  (``partition_of_index``) are left out, for the same reason.
* enums: (type, labels in order).
* policies: (table, name, command, permissive, roles).

``defaults`` is reported apart: the share of recovered columns whose default text equals
``pg_get_expr``'s. Only the common forms are printed the way PostgreSQL does, so it is a
measure, not a target. ``parse_ms`` is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ingest.model import SchemaModel
from app.ingest.postgres import ParseResult, parse_postgres

Item = tuple[Any, ...]
CATEGORIES = ("tables", "columns", "foreign_keys", "indexes", "enums", "policies")
INGESTERS: dict[str, Callable[[str], ParseResult]] = {"postgres": lambda source: parse_postgres(source)}


def truth_items(truth: dict[str, Any]) -> dict[str, set[Item]]:
    tables = {key: table for key, table in truth["tables"].items() if table["kind"] != "view"}
    return {
        "tables": {(key,) for key in tables},
        "columns": {
            (key, column["name"], column["type"], column["nullable"], column["is_pk"])
            for key, table in tables.items()
            for column in table["columns"]
        },
        "foreign_keys": {
            (
                fk["table"],
                fk["name"],
                tuple(fk["columns"]),
                fk["ref_table"],
                tuple(fk["ref_columns"]),
                fk["on_delete"].lower(),
                fk["on_update"].lower(),
                fk["match"].lower(),
                fk["deferrable"],
                fk["initially_deferred"],
            )
            for fk in truth["foreign_keys"]
            if not fk.get("inherited")
        },
        "indexes": {
            (
                index["table"],
                index["name"],
                index["unique"],
                index["method"],
                tuple(index["columns"]),
                index.get("predicate"),
            )
            for index in truth["indexes"]
            if not index.get("constraint") and not index.get("partition_of_index")
        },
        "enums": {(key, tuple(labels)) for key, labels in truth["enums"].items()},
        "policies": {
            (
                policy["table"],
                policy["name"],
                policy["command"].lower(),
                policy["permissive"],
                tuple(policy["roles"]),
            )
            for policy in truth["policies"]
        },
    }


def model_items(model: SchemaModel) -> dict[str, set[Item]]:
    tables = [table for table in model.tables if not table.kind.is_view]
    policies = [*model.external_policies, *(policy for table in model.tables for policy in table.policies)]
    return {
        "tables": {(table.key,) for table in tables},
        "columns": {
            (table.key, column.name, column.data_type, column.nullable, column.is_primary_key)
            for table in tables
            for column in table.columns
        },
        "foreign_keys": {
            (
                table.key,
                fk.name,
                tuple(fk.columns),
                fk.referenced_table,
                tuple(fk.referenced_columns),
                str(fk.on_delete),
                str(fk.on_update),
                str(fk.match),
                fk.deferrable,
                fk.initially_deferred,
            )
            for table in tables
            for fk in table.foreign_keys
        },
        "indexes": {
            (table.key, index.name, index.unique, index.method, tuple(index.columns), index.predicate)
            for table in model.tables
            for index in table.indexes
        },
        "enums": {(enum.key, tuple(enum.values)) for enum in model.enums},
        "policies": {
            (policy.table, policy.name, str(policy.command), policy.permissive, tuple(policy.roles))
            for policy in policies
        },
    }


def default_accuracy(truth: dict[str, Any], model: SchemaModel) -> tuple[int, int]:
    """(columns whose default matches, columns compared)."""
    parsed = {(table.key, column.name): column.default for table in model.tables for column in table.columns}
    pairs = [
        (column["default"], parsed[(key, column["name"])])
        for key, table in truth["tables"].items()
        for column in table["columns"]
        if (key, column["name"]) in parsed
    ]
    return sum(expected == actual for expected, actual in pairs), len(pairs)


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def measure(ingest: Callable[[str], ParseResult], source: str, repeat: int) -> tuple[ParseResult, float]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = ingest(source)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return result, round(best * 1000, 1)


def evaluate(sql_path: Path, truth: dict[str, Any], repeat: int, show_misses: bool) -> dict[str, Any]:
    result, parse_ms = measure(INGESTERS[truth["dialect"]], sql_path.read_text(encoding="utf-8"), repeat)
    expected, parsed = truth_items(truth), model_items(result.model)
    report: dict[str, Any] = {"file": sql_path.name, "dialect": truth["dialect"], "parse_ms": parse_ms}
    report.update(statements=result.statements, warnings=len(result.warnings), skipped=result.skipped)
    for category in CATEGORIES:
        matched = len(expected[category] & parsed[category])
        report[category] = {
            "truth": len(expected[category]),
            "parsed": len(parsed[category]),
            "matched": matched,
            "recall": ratio(matched, len(expected[category])),
            "precision": ratio(matched, len(parsed[category])),
        }
        if show_misses:
            for label, items in (
                ("missed", expected[category] - parsed[category]),
                ("extra", parsed[category] - expected[category]),
            ):
                for item in sorted(items, key=repr)[:25]:
                    print(f"{sql_path.name} {category} {label}: {item}", file=sys.stderr)
    right, compared = default_accuracy(truth, result.model)
    report["defaults"] = {"matched": right, "compared": compared, "accuracy": ratio(right, compared)}
    return report


def print_summary(reports: list[dict[str, Any]]) -> None:
    def cell(report: dict[str, Any], category: str) -> str:
        scores = report[category]
        if scores["truth"] == 0 and scores["parsed"] == 0:
            return "—"
        return f"{_percent(scores['recall'])}/{_percent(scores['precision'])}"

    headers = ["file", *CATEGORIES, "defaults", "ms"]
    rows = [
        [
            report["file"],
            *(cell(report, category) for category in CATEGORIES),
            _percent(report["defaults"]["accuracy"]),
            str(report["parse_ms"]),
        ]
        for report in reports
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    print("recall/precision in %", file=sys.stderr)
    for row in [headers, ["-" * width for width in widths], *rows]:
        print("  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)), file=sys.stderr)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}"


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    arguments.add_argument("directory", type=Path)
    arguments.add_argument(
        "--repeat", type=int, default=5, help="parse each file this many times (best time)"
    )
    arguments.add_argument("--show-misses", action="store_true", help="list missed and extra items on stderr")
    options = arguments.parse_args(argv)
    reports = []
    for sql_path in sorted(options.directory.glob("*.sql")):
        truth_path = sql_path.with_name(sql_path.name.removesuffix(".sql") + ".truth.json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth["dialect"] not in INGESTERS:
            skipped = {
                "file": sql_path.name,
                "dialect": truth["dialect"],
                "skipped": "dialect not supported yet",
            }
            print(json.dumps(skipped))
            continue
        report = evaluate(sql_path, truth, options.repeat, options.show_misses)
        reports.append(report)
        print(json.dumps(report, ensure_ascii=False))
    print_summary(reports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
