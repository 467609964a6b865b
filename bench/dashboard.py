"""Vizora against PostGraphile 5 and a hand-written SQL floor, on the frontend's pages (issue 13).

    .venv/bin/python -m bench.dashboard [--duration 10] [--concurrency 1,16,64] [--workers 1,2]

One embedded PostgreSQL in a temporary directory, migrated by a real ``vizora serve``, with the
tenant seeded through the API (bench/dashboard_tenant.py). Then the same pages, as the same
user under the same row-level security, from:

- Vizora: ``vizora serve --workers N`` for each N of ``--workers``, over HTTP;
- PostGraphile 5 (bench/peers/postgraphile.py), as ``vizora_app`` with the user's settings;
- the floor (bench/peers/sql_floor.py): one ``json_agg`` statement per page over asyncpg.

All answers are compared first (bench/dashboard_pages.py), and the run stops if any differs.
Then each implementation in turn, alone, serves every page at every concurrency: a warm-up, then
a measured run. One JSON line per cell goes to stdout (and to ``--output``) as it ends; the
tables go to stderr at the end, with the server logs and progress. Everything started is
stopped, on errors and on Ctrl-C or SIGTERM too.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil

from app.config import Settings
from app.db.bootstrap import owner_url_for, raw_connect
from app.db.urls import RUNTIME_ROLE, role_url
from app.secrets import resolve_secret_key
from bench import dashboard_pages as pages
from bench.dashboard_measure import (
    FloorRequest,
    FloorTarget,
    GraphQLRequest,
    GraphQLTarget,
    Run,
    Target,
    graphql_client,
    measure,
)
from bench.dashboard_tenant import DEFAULT_CORPUS, Sources, Tenant, seed_tenant
from bench.entry import run_stopping_servers
from bench.http_load import emit, log_in
from bench.peers import sql_floor
from bench.peers.npm import default_cache_dir
from bench.peers.postgraphile import POSTGRAPHILE_VERSION, USER_HEADER, RunningPeer, running_postgraphile
from bench.peers.usage import postmaster_pid
from bench.server import (
    RunningServer,
    free_loopback_port,
    private_runtime_dir,
    spawn_server,
    stop_process,
    wait_until_ready,
)

TARGETS = ("vizora", "postgraphile", "sql")
SEEDING_TIMEOUT_SECONDS = 120.0  # one lago version is half a megabyte of SQL


class DifferentAnswersError(RuntimeError):
    pass


@asynccontextmanager
async def joined_database(settings: Settings) -> AsyncIterator[str]:
    """The embedded PostgreSQL of ``settings``, started (or joined) by this process, so that it
    outlives each server we start and stop on it; its owner's URL."""
    with redirect_stdout(sys.stderr):  # it logs creating the database; stdout is for results
        owner_url, embedded = await owner_url_for(settings)
    try:
        yield owner_url
    finally:
        if embedded is not None:
            embedded.release()


@asynccontextmanager
async def vizora_serving(settings: Settings, workers: int) -> AsyncIterator[RunningServer]:
    port = free_loopback_port()
    process = spawn_server(settings, port, workers=workers)
    server = RunningServer(f"http://127.0.0.1:{port}", process, settings)
    try:
        await wait_until_ready(server)
        yield server
    finally:
        stop_process(process)


async def vizora_target(
    label: str, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
) -> GraphQLTarget:
    """Signed in afresh: access tokens live 15 minutes."""
    dashboard_token = await log_in(client, tenant.dashboard_viewer.member)
    project_token = await log_in(client, tenant.project_viewer.member)
    requests = {
        "dashboard": GraphQLRequest(
            {"query": pages.VIZORA_DASHBOARD, "variables": {}},
            {"Authorization": f"Bearer {dashboard_token}"},
            pages.vizora_dashboard,
        ),
        "project": GraphQLRequest(
            {"query": pages.VIZORA_PROJECT, "variables": {"id": tenant.project_global_id}},
            {"Authorization": f"Bearer {project_token}"},
            pages.vizora_project,
        ),
    }
    return GraphQLTarget(label, server.process.pid, client, requests, counts_statements=True)


def postgraphile_target(peer: RunningPeer, client: httpx.AsyncClient, tenant: Tenant) -> GraphQLTarget:
    requests = {
        "dashboard": GraphQLRequest(
            {"query": pages.POSTGRAPHILE_DASHBOARD, "variables": {}},
            {USER_HEADER: str(tenant.dashboard_viewer.user_id)},
            pages.postgraphile_dashboard,
        ),
        "project": GraphQLRequest(
            {"query": pages.POSTGRAPHILE_PROJECT, "variables": {"id": str(tenant.project_id)}},
            {USER_HEADER: str(tenant.project_viewer.user_id)},
            pages.postgraphile_project,
        ),
    }
    return GraphQLTarget(f"PostGraphile {POSTGRAPHILE_VERSION}", peer.process.pid, client, requests)


def floor_target(pool: asyncpg.Pool, tenant: Tenant) -> FloorTarget:
    dashboard_viewer, project_viewer = tenant.dashboard_viewer.user_id, tenant.project_viewer.user_id
    requests = {
        "dashboard": FloorRequest(
            sql_floor.DASHBOARD, dashboard_viewer, dashboard_viewer, pages.floor_dashboard
        ),
        "project": FloorRequest(
            sql_floor.PROJECT_PAGE, project_viewer, tenant.project_id, pages.floor_project
        ),
    }
    return FloorTarget("SQL floor (asyncpg)", pool, requests)


async def settle(owner_url: str) -> None:
    """Vacuum, analyse and checkpoint after seeding, so that whichever implementation is measured
    first does not share the machine with autovacuum or the checkpoint of the seeding's writes."""
    connection = await raw_connect(owner_url)
    try:
        await connection.execute("VACUUM ANALYZE")
        await connection.execute("CHECKPOINT")
    finally:
        await connection.close()


async def answers_of(target: Target, page_names: list[str]) -> dict[str, Any]:
    return {page: await target.answer(page) for page in page_names}


def require_same(label: str, answers: dict[str, Any], reference: dict[str, Any]) -> None:
    for page, expected in reference.items():
        if (answer := answers[page]) != expected:
            raise DifferentAnswersError(
                f"{label} and the SQL floor answer the {page} page differently:\n"
                f"  {label}: {pages.describe(page, answer)}\n  {answer!r:.2000}\n"
                f"  floor: {pages.describe(page, expected)}\n  {expected!r:.2000}"
            )
    print(f"{label}: same answers as the SQL floor", file=sys.stderr, flush=True)


@dataclass
class Report:
    compared: dict[str, str]  # page → what its answers held
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] | None = None
    results: list[dict[str, Any]] = field(default_factory=list)


async def measure_all(target: Target, options: Options, postgres_pid: int, report: Report) -> None:
    run = Run(options.duration, options.warmup, options.requests)
    for page in options.pages:
        for concurrency in options.concurrency:
            result = await measure(target, page, concurrency, run, postgres_pid)
            report.results.append(result)
            emit(result, options.output)


async def benchmark(settings: Settings, owner_url: str, sources: Sources, options: Options) -> Report:
    load_before = os.getloadavg()
    size = max(options.concurrency)
    async with (
        vizora_serving(settings, workers=1) as seeder,
        graphql_client(seeder.base_url, size, timeout=SEEDING_TIMEOUT_SECONDS) as client,
    ):
        print("seeding through the API…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        tenant = await seed_tenant(client, sources)
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        seeded_on = await vizora_target("Vizora", seeder, client, tenant)
        vizora_answers = await answers_of(seeded_on, options.pages)
    await settle(owner_url)
    runtime_url = role_url(owner_url, resolve_secret_key(settings), RUNTIME_ROLE)
    postgres_pid = postmaster_pid(settings.embedded_pgdata)
    async with sql_floor.floor_pool(runtime_url, settings) as pool:
        floor = floor_target(pool, tenant)
        reference = await answers_of(floor, options.pages)
        report = Report(
            {page: pages.describe(page, answer) for page, answer in reference.items()}, load_before
        )
        require_same("Vizora", vizora_answers, reference)
        if "postgraphile" in options.targets:
            async with (
                running_postgraphile(
                    runtime_url, settings.db_statement_timeout_ms, options.peer_cache
                ) as peer,
                graphql_client(peer.base_url, size) as client,
            ):
                target = postgraphile_target(peer, client, tenant)
                require_same(target.label, await answers_of(target, options.pages), reference)
                await measure_all(target, options, postgres_pid, report)
        if "sql" in options.targets:
            await measure_all(floor, options, postgres_pid, report)
        if "vizora" in options.targets:
            for workers in options.workers:
                async with (
                    vizora_serving(settings, workers) as server,
                    graphql_client(server.base_url, size) as client,
                ):
                    label = f"Vizora ({workers} worker{'s' if workers > 1 else ''})"
                    target = await vizora_target(label, server, client, tenant)
                    require_same(target.label, await answers_of(target, options.pages), reference)
                    await measure_all(target, options, postgres_pid, report)
    report.load_after = os.getloadavg()
    return report


COLUMNS = (
    "implementation",
    "c",
    "ok req/s",
    "% of PostGraphile's",
    "p50 ms",
    "p99 ms",
    "max ms",
    "errors",
    "server RSS MB",
    "server CPU ms/req",
    "PostgreSQL CPU ms/req",
    "client CPU ms/req",
    "SQL/req",
    "others' load (cores)",
)


def tables(report: Report, options: Options) -> str:
    """What the machine was and did, then a Markdown table per page."""
    machine = (
        f"{psutil.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM"
    )
    load = f"load average before {format_load(report.load_before)}, after {format_load(report.load_after)}"
    cell = f"{options.duration:g} s per cell after {options.warmup:g} s of warm-up"
    lines = [f"{time.strftime('%Y-%m-%d %H:%M')}, {machine}; {load}; {cell}"]
    for page in options.pages:
        lines += ["", f"**{page}** ({report.compared[page]})", "", *page_table(report.results, page)]
    return "\n".join(lines)


def page_table(results: list[dict[str, Any]], page: str) -> list[str]:
    rows = [result for result in results if result["page"] == page]
    peer_rps = {row["concurrency"]: row["ok_rps"] for row in rows if row["target"].startswith("PostGraphile")}
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    for row in sorted(rows, key=lambda row: (table_order(row["target"]), row["concurrency"])):
        peer = peer_rps.get(row["concurrency"])
        cells = [
            row["target"],
            row["concurrency"],
            row["ok_rps"],
            f"{row['ok_rps'] / peer * 100:.0f}%" if peer and row["ok_rps"] is not None else None,
            row["p50_ms"],
            row["p99_ms"],
            row["max_ms"],
            row["errors"],
            row["server_rss_mb"],
            row["server_cpu_ms_per_request"],
            row["postgres_cpu_ms_per_request"],
            row["client_cpu_ms_per_request"],
            row["sql_per_request"],
            row["others_busy_cores"],
        ]
        lines.append("| " + " | ".join("—" if cell is None else str(cell) for cell in cells) + " |")
    return lines


def table_order(label: str) -> tuple[int, str]:
    return (0 if label.startswith("Vizora") else 1 if label.startswith("PostGraphile") else 2), label


def format_load(load: tuple[float, float, float] | None) -> str:
    if load is None:
        return "—"
    return " / ".join(f"{value:.2f}" for value in load)


async def run(options: Options) -> None:
    sources = Sources.read(options.corpus)  # before anything starts: a missing corpus fails fast
    with private_runtime_dir(), tempfile.TemporaryDirectory(prefix="vizora-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), database_url=None, pgdata=None)
        async with joined_database(settings) as owner_url:
            report = await benchmark(settings, owner_url, sources, options)
    print(tables(report, options), file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Options:
    duration: float
    warmup: float
    requests: int | None
    concurrency: list[int]
    workers: list[int]
    pages: list[str]
    targets: list[str]
    corpus: Path
    peer_cache: Path
    output: Path | None


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per cell (default 10)")
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of warm-up before each cell (default 1)"
    )
    parser.add_argument("--requests", type=int, help="requests per cell instead of a duration")
    parser.add_argument("--concurrency", default="1,16,64", help="comma-separated levels (default 1,16,64)")
    parser.add_argument(
        "--workers", default="1,2", help="Vizora rows: `vizora serve --workers N` for each N (default 1,2)"
    )
    parser.add_argument(
        "--pages", default=",".join(pages.PAGES), help=f"comma-separated of {', '.join(pages.PAGES)}"
    )
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"comma-separated of {', '.join(TARGETS)}"
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help=f"schemas to seed (default {DEFAULT_CORPUS})"
    )
    parser.add_argument(
        "--peer-cache", type=Path, default=default_cache_dir(), help="where npm installs the peers"
    )
    parser.add_argument("--output", type=Path, help="also append the JSON lines to this file")
    args = parser.parse_args(argv)
    concurrency = [int(level) for level in args.concurrency.split(",")]
    workers = [int(count) for count in args.workers.split(",")]
    chosen_pages, targets = args.pages.split(","), args.targets.split(",")
    if unknown := [page for page in chosen_pages if page not in pages.PAGES]:
        parser.error(f"unknown page {', '.join(unknown)}; choose from {', '.join(pages.PAGES)}")
    if unknown := [target for target in targets if target not in TARGETS]:
        parser.error(f"unknown target {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    if min(concurrency) < 1 or min(workers) < 1:
        parser.error("--concurrency and --workers must be at least 1")
    return Options(
        duration=args.duration,
        warmup=args.warmup,
        requests=args.requests,
        concurrency=concurrency,
        workers=workers,
        pages=chosen_pages,
        targets=targets,
        corpus=args.corpus,
        peer_cache=args.peer_cache,
        output=args.output,
    )


def main() -> None:
    options = parse_options()
    try:
        run_stopping_servers(run(options))
    except DifferentAnswersError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
