"""Fuzzing a real server: the fuzz test's generator (tests/fuzzing.py), longer, over HTTP.

Runs a real ``vizora serve`` on a throwaway database (bench/server.py), seeds the tenant the
fuzz test uses (through the API, and as the database owner for the rows no API call makes),
then sends ``--examples`` generated operations one after another. It does not stop at a
failure: it counts every answer and groups what must never happen (5xx,
INTERNAL_SERVER_ERROR, unmasked messages, the tenant's names read anonymously), with the
shortest operation that showed each. Prints one JSON line; the server's log (with the
tracebacks behind each INTERNAL_SERVER_ERROR, by request id) goes to stderr.

    .venv/bin/python -m bench.fuzz --examples 1000 --seed 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, seed, settings
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from bench.entry import run_stopping_servers
from bench.server import RunningServer, running_server
from tests.fuzzing.fuzzer import Exchange, Fuzzer, settled
from tests.fuzzing.operations import Operation, operations
from tests.fuzzing.tenant import seed_tenant
from tests.graphql_client import GraphQLClient

REQUEST_TIMEOUT_SECONDS = 60.0


@dataclass
class Finding:
    """One kind of failure: how often it came, and the shortest operation that showed it."""

    count: int = 0
    shortest: Exchange | None = None

    def add(self, exchange: Exchange) -> None:
        self.count += 1
        if self.shortest is None or len(exchange.document) < len(self.shortest.document):
            self.shortest = exchange


@dataclass
class Tally:
    requests: int = 0
    principals: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    error_codes: Counter[str] = field(default_factory=Counter)
    http_5xx: int = 0
    internal_server_errors: int = 0  # requests with at least one
    findings: dict[str, Finding] = field(default_factory=dict)

    def add(self, exchange: Exchange, found: list[str]) -> None:
        self.requests += 1
        self.principals[exchange.operation.principal.value] += 1
        self.statuses[str(exchange.status or "no answer")] += 1
        self.error_codes.update(exchange.error_codes)
        self.http_5xx += exchange.status is not None and exchange.status >= 500
        self.internal_server_errors += "INTERNAL_SERVER_ERROR" in exchange.error_codes
        for kind in found:
            # List indexes and counts vary between occurrences of the same failure.
            self.findings.setdefault(re.sub(r"\d+", "N", kind)[:160], Finding()).add(exchange)


def fuzz(loop: asyncio.AbstractEventLoop, fuzzer: Fuzzer, tally: Tally, options: Options) -> None:
    """Runs hypothesis in this (worker) thread; each example is sent on the event loop."""

    @settings(
        max_examples=options.examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # nothing fails the run, so there is nothing to shrink
        suppress_health_check=list(HealthCheck),
    )
    @seed(options.seed)
    @given(operation=operations())
    def run(operation: Operation) -> None:
        tally.add(*asyncio.run_coroutine_threadsafe(fuzzer.check(operation), loop).result())

    run()


async def checked_out_connections(http: httpx.AsyncClient) -> int:
    """The server's ``vizora_db_pool_connections{state="checked_out"}`` gauge."""
    response = await http.get("/metrics")
    response.raise_for_status()
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == "vizora_db_pool_connections" and sample.labels.get("state") == "checked_out":
                return int(sample.value)
    raise LookupError("/metrics has no vizora_db_pool_connections gauge")


@asynccontextmanager
async def owner_session(server: RunningServer) -> AsyncIterator[AsyncSession]:
    """A session as the database owner, for the tenant rows no API call makes."""
    engine = create_async_engine(await server.owner_url(), poolclass=NullPool)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            yield session
    finally:
        await engine.dispose()


def summary(
    tally: Tally, fuzzer: Fuzzer, elapsed: float, checked_out: int, options: Options
) -> dict[str, Any]:
    findings = sorted(tally.findings.items(), key=lambda item: -item[1].count)
    return {
        "bench": "fuzz",
        "examples": options.examples,
        "seed": options.seed,
        "requests": tally.requests,
        "duration_s": round(elapsed, 1),
        "principals": dict(tally.principals),
        "statuses": dict(tally.statuses),
        "error_codes": dict(tally.error_codes.most_common()),
        "http_5xx": tally.http_5xx,
        "internal_server_errors": tally.internal_server_errors,
        "pool_checked_out_at_end": checked_out,
        "tenants_seeded": fuzzer.reseeded + 1,
        "findings": [
            {
                "finding": kind,
                "count": finding.count,
                "principal": finding.shortest.operation.principal.value,
                "shortest_document": finding.shortest.document,
                "answer": finding.shortest.body or finding.shortest.failure,
            }
            for kind, finding in findings
            if finding.shortest is not None
        ],
    }


async def run(options: Options) -> None:
    async with (
        running_server(options.database_url) as server,
        owner_session(server) as session,
        httpx.AsyncClient(base_url=server.base_url, timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False) as http,
    ):
        client = GraphQLClient(http)
        fuzzer = Fuzzer(http, seed=lambda: seed_tenant(client, session))
        await fuzzer.current_tenant()  # seeded before the clock starts
        tally = Tally()
        started = time.perf_counter()
        await asyncio.to_thread(fuzz, asyncio.get_running_loop(), fuzzer, tally, options)
        elapsed = time.perf_counter() - started
        checked_out = await settled(lambda: checked_out_connections(http))
        print(json.dumps(summary(tally, fuzzer, elapsed, checked_out, options)), flush=True)


@dataclass(frozen=True)
class Options:
    examples: int
    seed: int
    database_url: str | None


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="operations to send (default 1000)")
    parser.add_argument(
        "--seed", type=int, default=0, help="hypothesis seed: the same seed sends the same operations"
    )
    parser.add_argument("--database-url", help="fuzz on this database instead of a fresh embedded one")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error("--examples must be at least 1")
    return Options(examples=args.examples, seed=args.seed, database_url=args.database_url)


def main() -> None:
    run_stopping_servers(run(parse_options()))


if __name__ == "__main__":
    main()
