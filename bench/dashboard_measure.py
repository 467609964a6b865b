"""One implementation of the pages as the load generator sees it, and one cell of the table.

A ``Target`` answers a page once (to compare answers) and sends it under load (to measure).
Vizora and PostGraphile are ``GraphQLTarget``s over HTTP; the floor is a ``FloorTarget``,
asyncpg in this process. The load and the percentiles are bench.http_load's: each of
``concurrency`` workers sends its next request as soon as its last one answered.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import httpx

from bench.http_load import (
    Budget,
    Samples,
    StatementCounters,
    percentile_ms,
    read_statement_counters,
    send,
    statements_per_request,
)
from bench.peers import sql_floor
from bench.peers.usage import CpuReading, CpuSpent, tree_rss_mb

REQUEST_TIMEOUT_SECONDS = 30.0  # longer than the statement timeout (5 s) plus queueing at c=64


@dataclass(frozen=True)
class GraphQLRequest:
    body: dict[str, Any]  # query and variables
    headers: dict[str, str]
    normalise: Callable[[dict[str, Any]], Any]  # ``data`` → the compared shape


@dataclass(frozen=True)
class FloorRequest:
    statement: str
    viewer: UUID
    argument: UUID
    normalise: Callable[[Any], Any]


class Target(ABC):
    """An implementation of the pages, and the process that serves them (None: in this one)."""

    def __init__(self, label: str, server_pid: int | None) -> None:
        self.label = label
        self.server_pid = server_pid

    @abstractmethod
    async def answer(self, page: str) -> Any:
        """The page's answer in the compared shape; raises when it is an error."""

    @abstractmethod
    async def request(self, page: str) -> bool:
        """Asks for the page once under load: True when it answered without an error."""

    async def statement_counters(self) -> StatementCounters | None:
        return None


class GraphQLTarget(Target):
    def __init__(
        self,
        label: str,
        server_pid: int,
        client: httpx.AsyncClient,
        requests: dict[str, GraphQLRequest],
        *,
        counts_statements: bool = False,  # serves Vizora's /metrics
    ) -> None:
        super().__init__(label, server_pid)
        self.client, self.requests, self.counts_statements = client, requests, counts_statements

    async def answer(self, page: str) -> Any:
        request = self.requests[page]
        response = await self.client.post("/graphql", json=request.body, headers=request.headers)
        body = response.json()
        if response.status_code != 200 or body.get("errors") or not body.get("data"):
            raise RuntimeError(f"{self.label} failed the {page} page: HTTP {response.status_code} {body}")
        return request.normalise(body["data"])

    async def request(self, page: str) -> bool:
        request = self.requests[page]
        return await send(self.client, request.body, request.headers)

    async def statement_counters(self) -> StatementCounters | None:
        return await read_statement_counters(self.client) if self.counts_statements else None


class FloorTarget(Target):
    def __init__(self, label: str, pool: asyncpg.Pool, requests: dict[str, FloorRequest]) -> None:
        super().__init__(label, None)
        self.pool, self.requests = pool, requests

    async def answer(self, page: str) -> Any:
        request = self.requests[page]
        return request.normalise(
            await sql_floor.answer(self.pool, request.statement, request.viewer, request.argument)
        )

    async def request(self, page: str) -> bool:
        request = self.requests[page]
        try:
            await sql_floor.answer(self.pool, request.statement, request.viewer, request.argument)
        except (TimeoutError, asyncpg.PostgresError, OSError):  # a statement timeout, say
            return False
        return True


def graphql_client(
    base_url: str, concurrency: int, *, timeout: float = REQUEST_TIMEOUT_SECONDS
) -> httpx.AsyncClient:
    """Sized so that no request waits for a free connection; trust_env=False keeps any configured
    HTTP proxy off loopback."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout, trust_env=False)


async def drive(request: Callable[[], Awaitable[bool]], concurrency: int, budget: Budget) -> Samples:
    """bench.http_load's ``drive`` for any kind of request, the in-process floor included."""
    samples = Samples()

    async def worker() -> None:
        while budget.take():
            started = time.perf_counter()
            succeeded = await request()
            samples.latencies_s.append(time.perf_counter() - started)
            samples.errors += not succeeded

    started = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())
    samples.elapsed_s = time.perf_counter() - started
    return samples


@dataclass(frozen=True)
class Run:
    duration: float
    warmup: float
    requests: int | None  # instead of the duration


async def measure(target: Target, page: str, concurrency: int, run: Run, postgres_pid: int) -> dict[str, Any]:
    """A warm-up (opens connections, fills pools and caches), then the measured run."""

    async def request() -> bool:
        return await target.request(page)

    await drive(request, concurrency, Budget(seconds=run.warmup))
    counters_before = await target.statement_counters()
    cpu_before = CpuReading.now(target.server_pid, postgres_pid)
    samples = await drive(request, concurrency, Budget(seconds=run.duration, requests=run.requests))
    cpu = CpuSpent.between(cpu_before, CpuReading.now(target.server_pid, postgres_pid))
    counters_after = await target.statement_counters()
    latencies = sorted(samples.latencies_s)
    count = len(latencies)

    def per_request_ms(seconds: float | None) -> float | None:
        return round(seconds * 1000 / count, 2) if seconds is not None and count else None

    return {
        "bench": "dashboard",
        "page": page,
        "target": target.label,
        "concurrency": concurrency,
        "requests": count,
        "duration_s": round(samples.elapsed_s, 3),
        "rps": round(count / samples.elapsed_s, 1) if samples.elapsed_s else None,
        # Under overload failures come back fast (a pool timeout after 3 s): count answers apart.
        "ok_rps": round((count - samples.errors) / samples.elapsed_s, 1) if samples.elapsed_s else None,
        "p50_ms": percentile_ms(latencies, 50),
        "p99_ms": percentile_ms(latencies, 99),
        "max_ms": percentile_ms(latencies, 100),
        "errors": samples.errors,
        "sql_per_request": (
            statements_per_request(counters_before, counters_after)
            if counters_before is not None and counters_after is not None
            else None
        ),
        "server_rss_mb": None if target.server_pid is None else round(tree_rss_mb(target.server_pid), 1),
        "server_cpu_ms_per_request": per_request_ms(cpu.server),
        "postgres_cpu_ms_per_request": per_request_ms(cpu.postgres),
        "client_cpu_ms_per_request": per_request_ms(cpu.client),
        "others_busy_cores": round(cpu.others / cpu.wall, 2),
    }
