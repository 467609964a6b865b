"""CPU and memory of the processes a measurement involves, on a machine others share.

Client, server and PostgreSQL compete for the same cores, and so do other people's jobs. So
each cell of the benchmark reads the CPU time of each party before and after its run; what
the machine spent beyond them is the others' load during that run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import psutil


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and its descendants, the exited ones included: each live
    process's own time plus that of the children it has reaped (PostgreSQL backends, uvicorn
    workers), so nothing is counted twice and nothing that ended mid-run is lost."""
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue  # ended between the listing and the reading: its parent has its time now
        total += times.user + times.system + times.children_user + times.children_system
    return total


def tree_rss_mb(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / (1024 * 1024)


def postmaster_pid(pgdata: Path) -> int:
    """The first line of ``postmaster.pid`` is the running server's pid."""
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle, over all cores, since boot."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


@dataclass(frozen=True)
class CpuReading:
    wall: float
    client: float  # this process: the load generator, and the SQL floor's own work
    server: float | None  # the measured server's process tree; None for the in-process floor
    postgres: float
    machine: float

    @classmethod
    def now(cls, server_pid: int | None, postgres_pid: int) -> CpuReading:
        return cls(
            wall=time.perf_counter(),
            client=time.process_time(),
            server=None if server_pid is None else tree_cpu_seconds(server_pid),
            postgres=tree_cpu_seconds(postgres_pid),
            machine=machine_busy_seconds(),
        )


@dataclass(frozen=True)
class CpuSpent:
    """CPU seconds between two readings."""

    wall: float
    client: float
    server: float | None
    postgres: float
    others: float  # the machine's busy time that none of the above accounts for

    @classmethod
    def between(cls, before: CpuReading, after: CpuReading) -> CpuSpent:
        server = None
        if before.server is not None and after.server is not None:
            server = after.server - before.server
        client = after.client - before.client
        postgres = after.postgres - before.postgres
        ours = client + (server or 0.0) + postgres
        return cls(
            wall=after.wall - before.wall,
            client=client,
            server=server,
            postgres=postgres,
            others=max(0.0, after.machine - before.machine - ours),
        )
