"""Starting and stopping a real ``vizora serve`` for a benchmark, on a throwaway database.

The server runs as a subprocess, exactly as in production (uvicorn, the embedded PostgreSQL
or DATABASE_URL, migrations in its lifespan), so what we measure is what we ship.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from app.config import Settings
from app.db.bootstrap import owner_url_for
from app.db.embedded import EmbeddedPostgres

REPO_ROOT = Path(__file__).resolve().parent.parent
VIZORA = REPO_ROOT / ".venv" / "bin" / "vizora"
READY_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 20.0  # the server's own graceful-shutdown budget
# Settings that would point the server elsewhere than the database we prepare for it.
DATABASE_ENVIRONMENT = ("DATABASE_URL", "VIZORA_DATABASE_URL", "VIZORA_APP_DATABASE_URL", "VIZORA_PGDATA")


@dataclass(frozen=True)
class RunningServer:
    base_url: str
    process: subprocess.Popen[bytes]
    settings: Settings  # what the server was started with, to reach its database as the owner
    joined: list[EmbeddedPostgres] = field(default_factory=list)

    async def owner_url(self) -> str:
        """Joins the embedded PostgreSQL the server started (or returns DATABASE_URL).

        Joining registers this process as a user of the server; ``running_server`` releases
        that on exit, and the server stops once neither process uses it."""
        url, embedded = await owner_url_for(self.settings)
        if embedded is not None:
            self.joined.append(embedded)
        return url

    def rss_mb(self) -> float:
        """Resident memory of the server and any worker processes it forked."""
        root = psutil.Process(self.process.pid)
        processes = [root, *root.children(recursive=True)]
        return float(sum(process.memory_info().rss for process in processes)) / (1024 * 1024)


@asynccontextmanager
async def running_server(database_url: str | None = None) -> AsyncIterator[RunningServer]:
    """A ready server on a free loopback port; stopped, and its temporary data removed, on exit."""
    with private_runtime_dir(), tempfile.TemporaryDirectory(prefix="vizora-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), database_url=database_url, pgdata=None)
        port = free_loopback_port()
        process = spawn_server(settings, port)
        server = RunningServer(f"http://127.0.0.1:{port}", process, settings)
        try:
            await wait_until_ready(server)
            yield server
        finally:
            for embedded in server.joined:
                embedded.release()
            stop_process(process)


def spawn_server(settings: Settings, port: int, *, workers: int = 1) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(VIZORA), "serve", "--port", str(port), "--workers", str(workers)],
        cwd=REPO_ROOT,
        env=server_environment(settings),
        stdout=sys.stderr,  # stdout is ours: one JSON line per run, nothing else
        start_new_session=True,  # Ctrl-C reaches us only; we stop the server in order
    )


def server_environment(settings: Settings) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DATABASE_ENVIRONMENT}
    env["VIZORA_DATA_DIR"] = str(settings.data_dir)
    env["VIZORA_LOG_LEVEL"] = "WARNING"  # an INFO line per request would cost more than some requests
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    return env


@contextmanager
def private_runtime_dir() -> Iterator[None]:
    """The embedded PostgreSQL keeps its inter-process lock under XDG_RUNTIME_DIR. Server and
    harness must share it (both open the same data directory), and it must be private."""
    if os.environ.get("XDG_RUNTIME_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="vizora-bench-run-") as runtime_dir:
        os.chmod(runtime_dir, 0o700)
        os.environ["XDG_RUNTIME_DIR"] = runtime_dir
        try:
            yield
        finally:
            del os.environ["XDG_RUNTIME_DIR"]


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_ready(server: RunningServer) -> None:
    """Polls /readyz (the database answers) rather than /healthz (the process is up)."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    async with httpx.AsyncClient(base_url=server.base_url, trust_env=False, timeout=5.0) as client:
        while time.monotonic() < deadline:
            if (status := server.process.poll()) is not None:
                raise RuntimeError(f"vizora serve exited with status {status} before it was ready")
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            await asyncio.sleep(0.2)
    raise TimeoutError(f"vizora serve not ready after {READY_TIMEOUT_SECONDS:.0f} s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
