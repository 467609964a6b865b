"""Ingestion timing: reading a schema alone versus storing it with ``createSchemaVersion``.

    python -m bench.ingest_timing [../shared/corpus] [--runs 5] [--size-kb 500] [--seed 1] [--hammer 0]

For every ``*.sql`` in the directory: the median time of the reader alone (``read_upload``,
with the dialect ``detect_dialect`` picks, passed explicitly), and the median time of
``createSchemaVersion`` over HTTP against a real ``vizora serve`` (bench/server.py), sent
with that dialect. Each mutation goes into a fresh project, so each one creates a version
(version 1: the path that also lays out the default diagram). The organization is moved to
the enterprise plan first, so the monthly version limit does not bite.

Then a generated PostgreSQL schema of about ``--size-kb`` (deterministic for a ``--seed``):
the median of ``pglast.parse_sql`` on the whole text (libpg_query's parse into pglast's
syntax tree) against the median mutation, timed in turns, their ratio (and the median of
each pair's ratio), and where the mutation's
time goes: the in-process steps of the create path run one by one. What is left (the
mutation less those steps) is the HTTP, GraphQL and SQL round trips and the inserts.

``--hammer S`` then uploads the generated schema for S more seconds, with the server's pid
on stderr, to profile it: ``py-spy record -o /tmp/ingest.svg --pid <pid> --duration 20``.

One JSON line per file and one for the generated schema go to stdout, a table to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pglast

from app.diagrams.layout import auto_layout
from app.diff.compare import compare
from app.ingest import model as canonical
from app.ingest.dialects.detect import detect_dialect
from app.ingest.readers import Upload, read_upload
from app.models.enums import SchemaSourceFormat, SqlDialect
from bench.server import REPO_ROOT, running_server

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
REQUEST_TIMEOUT_SECONDS = 120.0
PASSWORD = "bench-ingest-passphrase-2026"
TARGET_RATIO = 1.5

SIGN_UP = (
    """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken userErrors { message } } }"""
)
CREATE_ORGANIZATION = """mutation($name: String!, $slug: String!) {
  createOrganization(input: { name: $name, slug: $slug }) { organization { id } userErrors { message } } }"""
CHANGE_PLAN = """mutation($id: ID!) {
  changePlan(input: { organizationId: $id, planCode: "enterprise" }) { userErrors { message } } }"""
CREATE_WORKSPACE = """mutation($id: ID!) {
  createWorkspace(input: { organizationId: $id, name: "Ingest" }) {
    workspace { id } userErrors { message } } }"""
CREATE_PROJECT = """mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id } userErrors { message } } }"""
CREATE_VERSION = """mutation($input: CreateSchemaVersionInput!) {
  createSchemaVersion(input: $input) {
    created schemaVersion { number tableCount } userErrors { message } } }"""


class Api:
    """A signed-in owner of an enterprise organization with one workspace, as GraphQL calls."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        self.workspace_id = ""
        self.projects = 0
        self.last_project_id = ""

    async def execute(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.headers
        )
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"GraphQL call failed: {response.status_code} {body}")
        [payload] = body["data"].values()
        if payload.get("userErrors"):
            raise RuntimeError(f"GraphQL call refused: {payload['userErrors']}")
        return dict(payload)

    async def set_up(self) -> None:
        tag = uuid.uuid4().hex[:8]
        account = {"email": f"ingest-{tag}@example.com", "password": PASSWORD, "displayName": "Ingest"}
        signed_up = await self.execute(SIGN_UP, {"input": account})
        self.headers = {"Authorization": f"Bearer {signed_up['accessToken']}"}
        organization = await self.execute(CREATE_ORGANIZATION, {"name": "Ingest", "slug": f"ingest-{tag}"})
        organization_id = organization["organization"]["id"]
        await self.execute(CHANGE_PLAN, {"id": organization_id})
        self.workspace_id = (await self.execute(CREATE_WORKSPACE, {"id": organization_id}))["workspace"]["id"]

    async def new_project(self) -> str:
        self.projects += 1
        name = f"Ingest {self.projects}"
        created = await self.execute(
            CREATE_PROJECT, {"input": {"workspaceId": self.workspace_id, "name": name}}
        )
        return str(created["project"]["id"])

    async def time_new_version(
        self, source: str, dialect: SqlDialect, project_id: str | None = None
    ) -> float:
        """Seconds from sending ``createSchemaVersion`` (into ``project_id``, else a fresh
        project) to its whole answer. The body is encoded before the clock starts: we time
        the server, not our JSON."""
        self.last_project_id = project_id or await self.new_project()
        variables = {"projectId": self.last_project_id, "format": "SQL", "source": source}
        variables["dialect"] = dialect.name
        body = json.dumps({"query": CREATE_VERSION, "variables": {"input": variables}}).encode()
        headers = {**self.headers, "Content-Type": "application/json"}
        started = time.perf_counter()
        response = await self.client.post("/graphql", content=body, headers=headers)
        elapsed = time.perf_counter() - started
        answer = response.json()
        payload = (answer.get("data") or {}).get("createSchemaVersion") or {}
        if response.status_code != 200 or answer.get("errors") or not payload.get("created"):
            raise RuntimeError(f"createSchemaVersion did not create a version: {answer}")
        return elapsed


def median_ms(step: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        timings.append(time.perf_counter() - started)
    return _median_ms(timings)


async def paired_runs(
    api: Api, source: str, revised: str, runs: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds of ``pglast.parse_sql``, of the mutation creating a first version, and of the
    one creating the ``revised`` second version in the same project (a diff instead of a
    layout), taken in turns: a burst of load from elsewhere on a shared machine then slows
    every side of a run, not only one."""
    await api.time_new_version(source, SqlDialect.POSTGRES)  # warm-up: first-use costs in the server
    pglast_runs, first_runs, next_runs = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        pglast.parse_sql(source)
        pglast_runs.append(time.perf_counter() - started)
        first_runs.append(await api.time_new_version(source, SqlDialect.POSTGRES))
        next_runs.append(await api.time_new_version(revised, SqlDialect.POSTGRES, api.last_project_id))
    return pglast_runs, first_runs, next_runs


def _median_ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 2)


async def median_mutation_ms(api: Api, source: str, dialect: SqlDialect, runs: int) -> float:
    await api.time_new_version(source, dialect)  # warm-up: first-use costs in the server
    return _median_ms([await api.time_new_version(source, dialect) for _ in range(runs)])


def upload_of(source: str, dialect: SqlDialect) -> Upload:
    return Upload(source=source, format=SchemaSourceFormat.SQL, dialect=dialect, label=None, lenient=False)


async def time_corpus_file(api: Api, path: Path, runs: int) -> dict[str, Any]:
    source = await asyncio.to_thread(path.read_text, encoding="utf-8")
    dialect = detect_dialect(source).dialect
    upload = upload_of(source, dialect)
    model = read_upload(upload, default_dialect=None).model
    return {
        "bench": "ingest",
        "file": path.name,
        "dialect": str(dialect),
        "bytes": len(source.encode()),
        "tables": canonical.stats(model)["tables"],
        "parse_ms": median_ms(lambda: read_upload(upload, default_dialect=None), runs),
        "mutation_ms": await median_mutation_ms(api, source, dialect, runs),
    }


def create_path_breakdown(
    source: str, model: canonical.SchemaModel, revised: str, runs: int
) -> dict[str, float]:
    """The in-process steps of ``create_version`` for a first version (``model`` is what
    ``source`` reads as), in the order it runs them; and the diff that uploading ``revised``
    next would compute instead of the layout."""
    upload = upload_of(source, SqlDialect.POSTGRES)
    stored = canonical.to_json(model)
    later = read_upload(upload_of(revised, SqlDialect.POSTGRES), default_dialect=None).model
    return {
        "read_upload": median_ms(lambda: read_upload(upload, default_dialect=None), runs),
        "to_json": median_ms(lambda: canonical.to_json(model), runs),
        "content_hash": median_ms(lambda: canonical.json_content_hash(stored), runs),
        "stats": median_ms(lambda: canonical.stats(model), runs),
        "jsonb_encode": median_ms(lambda: json.dumps(stored), runs),  # SQLAlchemy's JSON bind
        "from_json": median_ms(lambda: canonical.from_json(stored), runs),  # the default diagram's
        "auto_layout": median_ms(lambda: auto_layout(model), runs),
        "diff_next_version": median_ms(lambda: compare(model, later), runs),  # not on version 1
    }


async def time_generated_schema(api: Api, source: str, options: Options) -> dict[str, Any]:
    revised = next_version(source, options.seed)
    pglast_runs, mutation_runs, next_runs = await paired_runs(api, source, revised, options.runs)
    pglast_ms, mutation_ms, next_ms = (_median_ms(runs) for runs in (pglast_runs, mutation_runs, next_runs))
    model = read_upload(upload_of(source, SqlDialect.POSTGRES), default_dialect=None).model
    breakdown = create_path_breakdown(source, model, revised, options.runs)
    first_version_steps = sum(ms for step, ms in breakdown.items() if step != "diff_next_version")
    return {
        "bench": "ingest",
        "file": f"generated(seed={options.seed})",
        "dialect": "postgres",
        "bytes": len(source.encode()),
        **canonical.stats(model),
        "pglast_ms": pglast_ms,
        "mutation_ms": mutation_ms,
        "ratio": round(mutation_ms / pglast_ms, 2),
        "ratio_of_pairs": round(
            statistics.median(m / p for p, m in zip(pglast_runs, mutation_runs, strict=True)), 2
        ),
        "next_version_mutation_ms": next_ms,
        "next_version_ratio": round(next_ms / pglast_ms, 2),
        "breakdown_ms": {**breakdown, "rest": round(mutation_ms - first_version_steps, 2)},
    }


async def hammer(api: Api, source: str, seconds: float, pid: int) -> None:
    print(f"hammering createSchemaVersion for {seconds:.0f} s; server pid {pid}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        await api.time_new_version(source, SqlDialect.POSTGRES)
        count += 1
    print(f"hammered: {count} versions", file=sys.stderr)


# --- The generated schema -------------------------------------------------------------------

NOUNS = [
    *("account", "customer", "order", "invoice", "payment", "product", "shipment", "supplier"),
    *("warehouse", "employee", "department", "project", "task", "ticket", "comment", "message"),
    *("session", "device", "event", "subscription", "plan", "coupon", "review", "category"),
    *("tag", "address", "contact", "note", "document", "attachment", "report"),
]
QUALIFIERS = ["core", "legacy", "daily", "archived", "regional", "partner", "internal", "external", "audit"]
ENUMS = {
    "status": ["draft", "active", "suspended", "archived"],
    "priority": ["low", "normal", "high", "urgent"],
    "currency": ["usd", "eur", "gbp", "jpy", "chf"],
    "channel": ["web", "mobile", "email", "phone", "partner"],
    "visibility": ["private", "team", "organization", "public"],
}
# (type, a default or None, a CHECK expression on {column} or None)
TYPES: list[tuple[str, str | None, str | None]] = [
    ("integer", "0", "{column} >= 0"),
    ("bigint", None, None),
    ("smallint", "1", "{column} BETWEEN 0 AND 100"),
    ("text", None, "char_length({column}) <= 2000"),
    ("character varying(120)", None, None),
    ("character varying(255)", "''", None),
    ("numeric(12,2)", "0", "{column} >= 0"),
    ("boolean", "false", None),
    ("timestamp with time zone", "now()", None),
    ("date", "CURRENT_DATE", None),
    ("jsonb", "'{}'::jsonb", None),
    ("uuid", "gen_random_uuid()", None),
    ("inet", None, None),
    ("bytea", None, None),
    ("text[]", "'{}'::text[]", None),
    ("double precision", None, None),
    ("interval", None, None),
    ("character(3)", None, None),
]


@dataclass(frozen=True)
class GeneratedTable:
    key: str
    id_type: str  # bigint or uuid


def generated_schema(target_bytes: int, seed: int) -> str:
    """A realistic PostgreSQL schema of about ``target_bytes``: two schemas, enums, tables of
    5 to 30 columns with keys, foreign keys (inline, table-level and pg_dump-style ALTERs),
    checks, indexes (plain, unique, partial, GIN) and comments. The same seed, the same text."""
    rng = random.Random(seed)
    parts = ["CREATE EXTENSION IF NOT EXISTS pgcrypto;\n", "CREATE SCHEMA billing;\n"]
    for name, labels in ENUMS.items():
        parts.append(f"CREATE TYPE public.{name} AS ENUM ({', '.join(repr(label) for label in labels)});\n")
    tables: list[GeneratedTable] = []
    deferred: list[str] = []
    while sum(map(len, parts)) + sum(map(len, deferred)) < target_bytes:
        parts.append(generated_table(rng, tables, deferred))
    return "\n".join(parts + deferred)


def generated_table(rng: random.Random, tables: list[GeneratedTable], deferred: list[str]) -> str:
    schema = "billing" if rng.random() < 0.2 else "public"
    name = f"{rng.choice(QUALIFIERS)}_{rng.choice(NOUNS)}_{len(tables):04d}"
    table = GeneratedTable(f"{schema}.{name}", rng.choice(("bigint", "uuid")))
    identity = "GENERATED ALWAYS AS IDENTITY" if table.id_type == "bigint" else "DEFAULT gen_random_uuid()"
    lines = [f"    id {table.id_type} {identity} PRIMARY KEY"]
    constraints: list[str] = []
    indexes: list[str] = []
    comments = [f"COMMENT ON TABLE {table.key} IS 'The {name.replace('_', ' ')} records.';"]
    for target in rng.sample(tables, min(len(tables), rng.randint(0, 3))):
        column = f"{target.key.split('.')[1]}_id"
        action = rng.choice(("CASCADE", "RESTRICT", "SET NULL", "NO ACTION"))
        nullable = "" if action == "SET NULL" else " NOT NULL"
        lines.append(f"    {column} {target.id_type}{nullable}")
        constraint = f"{name}_{column}_fkey"
        foreign_key = f"FOREIGN KEY ({column}) REFERENCES {target.key} (id) ON DELETE {action}"
        if rng.random() < 0.3:  # as pg_dump writes them: after every table exists
            deferred.append(f"ALTER TABLE ONLY {table.key}\n    ADD CONSTRAINT {constraint} {foreign_key};\n")
        else:
            constraints.append(f"    CONSTRAINT {constraint} {foreign_key}")
        indexes.append(f"CREATE INDEX {name}_{column}_idx ON {table.key} USING btree ({column});")
    # 5 to 30 columns in all, with the two timestamps every table ends with.
    for index in range(rng.randint(5, 30) - len(lines) - 2):
        column = f"{rng.choice(NOUNS)}_{index}"
        definition, data_type = generated_column(rng, column, constraints)
        lines.append(f"    {definition}")
        if rng.random() < 0.15:
            comments.append(
                f"COMMENT ON COLUMN {table.key}.{column} IS 'What {column} means, in a sentence.';"
            )
        if data_type in ("jsonb", "text[]") and rng.random() < 0.3:
            indexes.append(f"CREATE INDEX {name}_{column}_gin ON {table.key} USING gin ({column});")
        elif rng.random() < 0.08:
            unique = "UNIQUE " if rng.random() < 0.3 else ""
            where = " WHERE (created_at IS NOT NULL)" if rng.random() < 0.3 else ""
            indexes.append(f"CREATE {unique}INDEX {name}_{column}_idx ON {table.key} ({column}){where};")
    lines.append("    created_at timestamp with time zone DEFAULT now() NOT NULL")
    lines.append("    updated_at timestamp with time zone")
    body = ",\n".join(lines + constraints)
    tables.append(table)
    return "\n".join([f"CREATE TABLE {table.key} (\n{body}\n);", *indexes, *comments]) + "\n"


def generated_column(rng: random.Random, column: str, constraints: list[str]) -> tuple[str, str]:
    """A column's definition and its type; a CHECK on it may be added to ``constraints``."""
    if rng.random() < 0.1:
        enum = rng.choice(list(ENUMS))
        return f"{column} public.{enum} DEFAULT '{ENUMS[enum][0]}'::public.{enum} NOT NULL", enum
    data_type, default, check = rng.choice(TYPES)
    parts = [column, data_type]
    if default is not None and rng.random() < 0.5:
        parts.append(f"DEFAULT {default}")
    if rng.random() < 0.4:
        parts.append("NOT NULL")
    if check is not None and rng.random() < 0.3:
        constraints.append(f"    CONSTRAINT {column}_check CHECK ({check.format(column=column)})")
    if rng.random() < 0.03:
        parts.append("UNIQUE")
    return " ".join(parts), data_type


def next_version(source: str, seed: int) -> str:
    """The next version of a generated schema: a new table, and columns added to a few others."""
    rng = random.Random(seed + 1)
    keys = [line.split()[2] for line in source.splitlines() if line.startswith("CREATE TABLE ")]
    changes = [f"ALTER TABLE {key} ADD COLUMN revised_at date;" for key in rng.sample(keys, 10)]
    changes.append("CREATE TABLE public.revision_notes (id bigint PRIMARY KEY, body text NOT NULL);")
    return source + "\n" + "\n".join(changes) + "\n"


# --- Running and printing --------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    directory: Path
    runs: int
    size_kb: int
    seed: int
    hammer: float
    database_url: str | None


async def run(options: Options) -> None:
    # As the server does after boot (app/server.py): without it, full collections walk the
    # whole start-up heap during a parse, and in-process timings would not compare with its.
    gc.collect()
    gc.freeze()
    # trust_env=False: a configured HTTP proxy must not sit between us and loopback.
    async with (
        running_server(options.database_url) as server,
        httpx.AsyncClient(
            base_url=server.base_url, timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False
        ) as client,
    ):
        api = Api(client)
        await api.set_up()
        rows = []
        for path in sorted(options.directory.glob("*.sql")):
            rows.append(await time_corpus_file(api, path, options.runs))
            print(json.dumps(rows[-1]), flush=True)
        source = generated_schema(options.size_kb * 1024, options.seed)
        generated = await time_generated_schema(api, source, options)
        print(json.dumps(generated), flush=True)
        print_summary(rows, generated)
        if options.hammer > 0:
            await hammer(api, source, options.hammer, server.process.pid)


def print_summary(rows: list[dict[str, Any]], generated: dict[str, Any]) -> None:
    headers = ["file", "dialect", "tables", "parse ms", "end-to-end ms"]
    cells = [
        [row["file"], row["dialect"], str(row["tables"]), str(row["parse_ms"]), str(row["mutation_ms"])]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [headers, *cells]) for i in range(len(headers))]
    for line in [headers, ["-" * width for width in widths], *cells]:
        print("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)), file=sys.stderr)
    verdict = "within" if generated["ratio"] <= TARGET_RATIO else "over"
    print(
        f"\n{generated['file']}: {generated['bytes'] / 1024:.0f} KB, {generated['tables']} tables, "
        f"pglast {generated['pglast_ms']} ms, mutation {generated['mutation_ms']} ms, "
        f"ratio {generated['ratio']} ({verdict} the {TARGET_RATIO}x target; "
        f"median ratio of the pairs {generated['ratio_of_pairs']}); a second version of it "
        f"{generated['next_version_mutation_ms']} ms, ratio {generated['next_version_ratio']}",
        file=sys.stderr,
    )
    steps = ", ".join(f"{step} {ms}" for step, ms in generated["breakdown_ms"].items())
    print(f"where the mutation goes (ms): {steps}", file=sys.stderr)


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest_timing", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("directory", type=Path, nargs="?", default=DEFAULT_CORPUS, help="where the *.sql are")
    parser.add_argument(
        "--runs", type=int, default=5, help="measured runs of each timing (median; default 5)"
    )
    parser.add_argument("--size-kb", type=int, default=500, help="size of the generated schema (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated schema (default 1)")
    parser.add_argument("--hammer", type=float, default=0.0, help="then upload it for this many seconds")
    parser.add_argument(
        "--database-url", help="run the server on this database instead of a fresh embedded one"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return Options(args.directory, args.runs, args.size_kb, args.seed, args.hammer, args.database_url)


def main() -> None:
    options = parse_options()
    try:
        asyncio.run(run(options))
    except KeyboardInterrupt:
        sys.exit("interrupted; the server was stopped")


if __name__ == "__main__":
    main()
