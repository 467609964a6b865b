"""HTTP load on POST /graphql: throughput, latency, SQL statements per request, server memory.

Runs a real ``vizora serve`` on a throwaway database (bench/server.py), seeds users, then for
each scenario and concurrency drives requests over loopback and prints one JSON line.

    .venv/bin/python -m bench.http_load --duration 5 --concurrency 1,32 --scenarios viewer,node
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.entry import run_stopping_servers
from bench.seed import Member, seeded_member, seeded_users
from bench.server import RunningServer, running_server
from graphql_schema.node import encode_global_id

QUERIES = {
    "viewer": "{ viewer { id } }",
    "node": "query($id: ID!) { node(id: $id) { id ... on User { displayName } } }",
    # Signed in, member of 5 organizations x 5 workspaces: the tenancy tree a sidebar loads.
    "tenancy": (
        "{ viewer { organizations(first: 10) { edges { node { slug viewerRole "
        "workspaces(first: 10) { edges { node { slug viewerRole } } } } } } } }"
    ),
}
SIGNED_IN = {"tenancy"}
LOG_IN = "mutation($e: String!, $p: String!) { logIn(input: { email: $e, password: $p }) { accessToken } }"
REQUEST_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Scenario:
    name: str
    query: str
    variables: Callable[[], dict[str, Any]]  # fresh per request, e.g. a random user's id
    headers: dict[str, str]

    def payload(self) -> dict[str, Any]:
        return {"query": self.query, "variables": self.variables()}


def build_scenarios(
    names: list[str], user_ids: list[UUID], access_token: str, rng: random.Random
) -> list[Scenario]:
    global_ids = [encode_global_id("User", user_id) for user_id in user_ids]
    variables: dict[str, Callable[[], dict[str, Any]]] = {
        "viewer": dict,
        "node": lambda: {"id": rng.choice(global_ids)},
        "tenancy": dict,
    }
    signed_in = {"Authorization": f"Bearer {access_token}"}
    return [
        Scenario(name, QUERIES[name], variables[name], signed_in if name in SIGNED_IN else {})
        for name in names
    ]


async def log_in(client: httpx.AsyncClient, member: Member) -> str:
    response = await client.post(
        "/graphql", json={"query": LOG_IN, "variables": {"e": member.email, "p": member.password}}
    )
    token: str = response.json()["data"]["logIn"]["accessToken"]
    return token


class Budget:
    """When a run stops: after a number of requests when one is given, else at a deadline.
    Workers share it; asyncio runs them on one thread, so no lock is needed."""

    def __init__(self, *, seconds: float, requests: int | None = None) -> None:
        self.deadline = time.perf_counter() + seconds
        self.remaining = requests

    def take(self) -> bool:
        if self.remaining is None:
            return time.perf_counter() < self.deadline
        self.remaining -= 1
        return self.remaining >= 0


@dataclass
class Samples:
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0


async def drive(client: httpx.AsyncClient, scenario: Scenario, concurrency: int, budget: Budget) -> Samples:
    """``concurrency`` workers, each sending its next request as soon as the last one answered."""
    samples = Samples()
    started = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker(client, scenario, budget, samples))
    samples.elapsed_s = time.perf_counter() - started
    return samples


async def worker(client: httpx.AsyncClient, scenario: Scenario, budget: Budget, samples: Samples) -> None:
    while budget.take():
        payload = scenario.payload()  # built before the clock starts: we time the server, not us
        started = time.perf_counter()
        succeeded = await send(client, payload, scenario.headers)
        samples.latencies_s.append(time.perf_counter() - started)
        samples.errors += not succeeded


async def send(client: httpx.AsyncClient, payload: dict[str, Any], headers: dict[str, str]) -> bool:
    """True when the operation succeeded: HTTP 200 and no GraphQL ``errors``."""
    try:
        response = await client.post("/graphql", json=payload, headers=headers)
        return response.status_code == 200 and "errors" not in response.json()
    except (httpx.HTTPError, ValueError):  # transport failure, or a body that is not JSON
        return False


@dataclass(frozen=True)
class StatementCounters:
    statements: float
    requests: float


async def read_statement_counters(client: httpx.AsyncClient) -> StatementCounters:
    response = await client.get("/metrics")
    response.raise_for_status()
    values = {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }
    return StatementCounters(
        statements=values["vizora_db_statements_total"],
        requests=values["vizora_db_statements_per_request_count"],
    )


def statements_per_request(before: StatementCounters, after: StatementCounters) -> float | None:
    # The middleware observes a request after its response is rendered, so the "before"
    # scrape lands in the delta (with 0 statements) and the "after" scrape does not.
    requests = after.requests - before.requests - 1
    return round((after.statements - before.statements) / requests, 3) if requests > 0 else None


def percentile_ms(sorted_seconds: list[float], percent: float) -> float | None:
    """Nearest-rank percentile: a latency some request actually had."""
    if not sorted_seconds:
        return None
    rank = max(1, math.ceil(percent / 100 * len(sorted_seconds)))
    return round(sorted_seconds[rank - 1] * 1000, 2)


async def measure(
    client: httpx.AsyncClient, server: RunningServer, scenario: Scenario, concurrency: int, options: Options
) -> dict[str, Any]:
    # Warm-up: open the connections and fill the server's pool and caches before the clock runs.
    await drive(client, scenario, concurrency, Budget(seconds=options.warmup))
    before = await read_statement_counters(client)
    budget = Budget(seconds=options.duration, requests=options.requests)
    samples = await drive(client, scenario, concurrency, budget)
    after = await read_statement_counters(client)
    latencies = sorted(samples.latencies_s)
    return {
        "bench": "http",
        "scenario": scenario.name,
        "concurrency": concurrency,
        "users": options.users,
        "requests": len(latencies),
        "duration_s": round(samples.elapsed_s, 3),
        "rps": round(len(latencies) / samples.elapsed_s, 1) if samples.elapsed_s else None,
        "p50_ms": percentile_ms(latencies, 50),
        "p99_ms": percentile_ms(latencies, 99),
        "max_ms": percentile_ms(latencies, 100),
        "errors": samples.errors,
        "sql_per_request": statements_per_request(before, after),
        "server_rss_mb": round(server.rss_mb(), 1),
    }


def emit(result: dict[str, Any], output: Path | None) -> None:
    line = json.dumps(result)
    print(line, flush=True)
    if output is not None:
        with output.open("a") as file:
            file.write(line + "\n")


async def run(options: Options) -> None:
    rng = random.Random(options.seed)
    # One client for every run, sized so no request ever waits for a free connection.
    size = max(options.concurrency)
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    # trust_env=False: a configured HTTP proxy must not sit between us and loopback.
    async with (
        running_server(options.database_url) as server,
        seeded_users(await server.owner_url(), options.users) as user_ids,
        seeded_member(await server.owner_url(), organizations=5, workspaces=5) as member,
        httpx.AsyncClient(
            base_url=server.base_url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False
        ) as client,
    ):
        access_token = await log_in(client, member)
        for scenario in build_scenarios(options.scenarios, user_ids, access_token, rng):
            for concurrency in options.concurrency:
                emit(await measure(client, server, scenario, concurrency, options), options.output)


@dataclass(frozen=True)
class Options:
    users: int
    duration: float
    requests: int | None
    warmup: float
    concurrency: list[int]
    scenarios: list[str]
    seed: int
    output: Path | None
    database_url: str | None


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.http_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100, help="users to seed (default 100)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run (default 10)")
    parser.add_argument("--requests", type=int, help="requests per run instead of a duration")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up before each run")
    parser.add_argument("--concurrency", default="1,32", help="comma-separated levels (default 1,32)")
    parser.add_argument("--scenarios", default="viewer,node", help=f"comma-separated of {', '.join(QUERIES)}")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the ids requested")
    parser.add_argument("--output", type=Path, help="also append the JSON lines to this file")
    parser.add_argument("--database-url", help="benchmark on this database instead of a fresh embedded one")
    args = parser.parse_args(argv)
    concurrency = [int(level) for level in args.concurrency.split(",")]
    scenarios = args.scenarios.split(",")
    if unknown := [name for name in scenarios if name not in QUERIES]:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(QUERIES)}")
    if min(concurrency) < 1:
        parser.error("--concurrency levels must be at least 1")
    if args.users < 1 and "node" in scenarios:
        parser.error("the node scenario needs --users of at least 1")
    return Options(
        users=args.users,
        duration=args.duration,
        requests=args.requests,
        warmup=args.warmup,
        concurrency=concurrency,
        scenarios=scenarios,
        seed=args.seed,
        output=args.output,
        database_url=args.database_url,
    )


def main() -> None:
    run_stopping_servers(run(parse_options()))


if __name__ == "__main__":
    main()
