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

MySQL truths come from MariaDB's ``information_schema`` and SQLite truths from PRAGMAs (see
the corpus README), which hold less than PostgreSQL's catalog; what they lack is left out of
the comparison on both sides, and what they spell their own way is mapped:

* MySQL column types: MariaDB prints integer display widths (``int(11)``, ``smallint(5)
  unsigned``, ``year(4)``), MySQL 8 (the model's spelling) does not, except ``tinyint(1)``
  and ZEROFILL columns; the widths are dropped from the truth the same way.
* MySQL foreign keys have no MATCH or DEFERRABLE; SQLite's have no name (SQLite names none).
* MySQL indexes: the truth lists every index, so those of the primary key and of unique
  constraints (the model's keys) are left out, as are the indexes the server adds for a
  foreign key that has none (named after the constraint) when the source declares no such
  index. A SPATIAL index key is reported with MariaDB's internal prefix length
  (``location(32)``), which MySQL forbids writing; it is compared without it.
* SQLite indexes: those SQLite creates for a PRIMARY KEY or UNIQUE constraint (origin ``pk``
  and ``u``) are the model's keys and left out. SQLite has no index methods; whether an index
  is partial is compared instead of its predicate. Declared types are compared lower case
  and single-spaced, as the model spells them.

A ``.sql`` without a truth file is still read, with its dialect detected, and its table
count and parse time reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ingest.dialects import detect_dialect, parse_dialect_sql
from app.ingest.model import ForeignKey, Index, SchemaModel, Table, stats
from app.ingest.postgres import ParseResult, parse_postgres
from app.models.enums import SqlDialect

Item = tuple[Any, ...]
CATEGORIES = ("tables", "columns", "foreign_keys", "indexes", "enums", "policies")
INGESTERS: dict[str, Callable[[str], ParseResult]] = {
    "postgres": lambda source: parse_postgres(source),
    "mysql": lambda source: parse_dialect_sql(source, SqlDialect.MYSQL),
    "sqlite": lambda source: parse_dialect_sql(source, SqlDialect.SQLITE),
    "mssql": lambda source: parse_dialect_sql(source, SqlDialect.MSSQL),
}
_MYSQL_INTEGERS = ("tinyint", "smallint", "mediumint", "int", "bigint")
# What is counted for a file without a truth.
_COUNTED = ("tables", "columns", "foreign_keys", "indexes")


def truth_items(truth: dict[str, Any], model: SchemaModel) -> dict[str, set[Item]]:
    if truth["dialect"] == "mysql":
        return _mysql_truth_items(truth, model)
    if truth["dialect"] == "sqlite":
        return _sqlite_truth_items(truth)
    return _postgres_truth_items(truth)


def _postgres_truth_items(truth: dict[str, Any]) -> dict[str, set[Item]]:
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


def _mysql_truth_items(truth: dict[str, Any], model: SchemaModel) -> dict[str, set[Item]]:
    unique_names = {(unique["table"], unique["name"]) for unique in truth["unique_constraints"]}
    foreign_keys = {(fk["table"], fk["name"]): fk["columns"] for fk in truth["foreign_keys"]}
    declared = {(table.key, index.name) for table in model.tables for index in table.indexes}
    return {
        "tables": {(key,) for key in truth["tables"]},
        "columns": {
            (key, column["name"], _mysql8_type(column["type"]), column["nullable"], column["is_pk"])
            for key, table in truth["tables"].items()
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
            )
            for fk in truth["foreign_keys"]
        },
        "indexes": {
            (
                index["table"],
                index["name"],
                index["unique"],
                index["method"].lower(),
                _mysql_keys(index),
                None,
            )
            for index in truth["indexes"]
            if not index["primary"]
            and (index["table"], index["name"]) not in unique_names
            and not (
                foreign_keys.get((index["table"], index["name"])) == index["columns"]
                and (index["table"], index["name"]) not in declared
            )
        },
        "enums": {(key, tuple(labels)) for key, labels in truth["enums"].items()},
        "policies": set(),
    }


def _mysql8_type(column_type: str) -> str:
    """MariaDB's COLUMN_TYPE as MySQL 8 prints it: no integer display width, unless ZEROFILL
    or tinyint(1); year(4) is year."""
    name, _, rest = column_type.partition("(")
    width, _, attributes = rest.partition(")")
    keeps_width = "zerofill" in attributes or (name == "tinyint" and width == "1")
    if (name in _MYSQL_INTEGERS and not keeps_width) or name == "year":
        return name + attributes
    return column_type


def _mysql_keys(index: dict[str, Any]) -> tuple[str, ...]:
    if index["method"] == "SPATIAL":
        return tuple(column.partition("(")[0] for column in index["columns"])
    return tuple(index["columns"])


def _sqlite_truth_items(truth: dict[str, Any]) -> dict[str, set[Item]]:
    return {
        "tables": {(key,) for key in truth["tables"]},
        "columns": {
            (key, column["name"], _sqlite_type(column["type"]), column["nullable"], column["is_pk"])
            for key, table in truth["tables"].items()
            for column in table["columns"]
        },
        "foreign_keys": {
            (
                fk["table"],
                tuple(fk["columns"]),
                fk["ref_table"],
                tuple(fk["ref_columns"]),
                fk["on_delete"].lower(),
                fk["on_update"].lower(),
            )
            for fk in truth["foreign_keys"]
        },
        "indexes": {
            (index["table"], index["name"], index["unique"], tuple(index["columns"]), index["partial"])
            for index in truth["indexes"]
            if index["origin"] == "CREATE INDEX"
        },
        "enums": set(),
        "policies": set(),
    }


def _sqlite_type(declared: str) -> str:
    spaced = " ".join(declared.lower().split())
    for mark in ("(", ")", ","):
        spaced = spaced.replace(f" {mark}", mark).replace(f"{mark} ", mark)
    return spaced


def _foreign_key_item(dialect: SqlDialect, table: Table, fk: ForeignKey) -> Item:
    head = (table.key, fk.name, tuple(fk.columns), fk.referenced_table, tuple(fk.referenced_columns))
    actions = (str(fk.on_delete), str(fk.on_update))
    if dialect == SqlDialect.MYSQL:
        return head + actions
    if dialect == SqlDialect.SQLITE:
        return (head[0], *head[2:], *actions)
    return head + actions + (str(fk.match), fk.deferrable, fk.initially_deferred)


def _index_item(dialect: SqlDialect, table: Table, index: Index) -> Item:
    if dialect == SqlDialect.SQLITE:
        return (table.key, index.name, index.unique, tuple(index.columns), index.predicate is not None)
    return (table.key, index.name, index.unique, index.method, tuple(index.columns), index.predicate)


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
            _foreign_key_item(model.dialect, table, fk) for table in tables for fk in table.foreign_keys
        },
        "indexes": {
            _index_item(model.dialect, table, index) for table in model.tables for index in table.indexes
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
    expected, parsed = truth_items(truth, result.model), model_items(result.model)
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


def evaluate_without_truth(sql_path: Path, repeat: int) -> dict[str, Any]:
    """A file no database loaded for us: what its detected dialect's reader makes of it."""
    source = sql_path.read_text(encoding="utf-8")
    guess = detect_dialect(source)
    result, parse_ms = measure(INGESTERS[str(guess.dialect)], source, repeat)
    report: dict[str, Any] = {"file": sql_path.name, "dialect": str(guess.dialect), "detected": guess.reason}
    report.update(parse_ms=parse_ms, statements=result.statements, warnings=len(result.warnings))
    report.update(skipped=result.skipped, **{name: stats(result.model)[name] for name in _COUNTED})
    return report


def print_summary(reports: list[dict[str, Any]], untrusted: list[dict[str, Any]]) -> None:
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
    for report in untrusted:
        counts = ", ".join(f"{report[name]} {name.replace('_', ' ')}" for name in _COUNTED)
        detected = f"{report['dialect']}: {report['detected']}"
        print(f"no truth: {report['file']} ({detected}): {counts}, {report['parse_ms']} ms", file=sys.stderr)


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
    reports, untrusted = [], []
    for sql_path in sorted(options.directory.glob("*.sql")):
        truth_path = sql_path.with_name(sql_path.name.removesuffix(".sql") + ".truth.json")
        if not truth_path.exists():
            untrusted.append(evaluate_without_truth(sql_path, options.repeat))
            print(json.dumps(untrusted[-1], ensure_ascii=False))
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
    print_summary(reports, untrusted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
