"""The `vizora` command as an operator uses it: real processes, real embedded PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.bootstrap import DatabaseTargets
from app.db.embedded import stop_embedded_postgres
from app.demo import DEMO_EMAIL, seed_demo
from app.models import Organization, Project, User
from tests.conftest import make_settings
from tests.processes import close_pipes, free_port, stop

VIZORA = [sys.executable, "-m", "app.cli"]
READY_TIMEOUT_SECONDS = 90


def _environment(data_dir: Path, **settings: str) -> dict[str, str]:
    """Ours, on the embedded PostgreSQL of ``data_dir``."""
    environment = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    return environment | {"VIZORA_DATA_DIR": str(data_dir), **settings}


def _serve(data_dir: Path, port: int, **settings: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*VIZORA, "serve", "--port", str(port)],
        env=_environment(data_dir, VIZORA_LOG_LEVEL="WARNING", **settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("server not ready in time")


def test_two_servers_share_one_data_directory_and_stop_it_together(tmp_path: Path) -> None:
    ports = [free_port(), free_port()]
    processes = [_serve(tmp_path, ports[0])]
    try:
        _wait_ready(processes[0], ports[0])
        processes.append(_serve(tmp_path, ports[1]))
        _wait_ready(processes[1], ports[1])
        postmaster = _postmaster_pid(tmp_path)

        answers = [
            httpx.post(
                f"http://127.0.0.1:{port}/graphql", json={"query": "{ viewer { id } }"}, timeout=10
            ).json()
            for port in ports
        ]
        assert answers == [{"data": {"viewer": None}}] * 2
        assert _alive(postmaster)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
            close_pipes(process)

    assert _gone_within(postmaster, seconds=30), "the embedded PostgreSQL outlived the servers that used it"


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data directory whose PostgreSQL is stopped after the test, even one a failure left running."""
    yield tmp_path
    stop_embedded_postgres(tmp_path / "pgdata")


def test_serve_adopts_the_database_a_killed_serve_left_running_and_stops_it_on_exit(data_dir: Path) -> None:
    postmaster = _serve_then_kill(data_dir)
    assert _alive(postmaster)

    port = free_port()
    server = _serve(data_dir, port)
    try:
        _wait_ready(server, port)
        answer = httpx.post(
            f"http://127.0.0.1:{port}/graphql", json={"query": "{ viewer { id } }"}, timeout=10
        )
        assert answer.json() == {"data": {"viewer": None}}
        assert _postmaster_pid(data_dir) == postmaster
    finally:
        stop(server)

    assert _gone_within(postmaster, seconds=30), "the adopted PostgreSQL outlived the last server using it"


def test_db_stop_stops_the_database_a_killed_serve_left_running(data_dir: Path) -> None:
    postmaster = _serve_then_kill(data_dir)
    assert _alive(postmaster)

    stopped = _vizora(data_dir, "db", "stop")
    again = _vizora(data_dir, "db", "stop")

    assert not _alive(postmaster)
    pgdata = (data_dir / "pgdata").resolve()
    assert (stopped.returncode, stopped.stdout) == (
        0,
        f"Stopped the embedded PostgreSQL on {pgdata} (pid {postmaster}).\n",
    )
    assert (again.returncode, again.stdout) == (
        0,
        f"No embedded PostgreSQL is running on {pgdata}; nothing to stop.\n",
    )


def test_serve_with_a_metrics_port_serves_metrics_there_and_not_on_the_api_port(data_dir: Path) -> None:
    port, metrics_port = free_port(), free_port()
    server = _serve(data_dir, port, VIZORA_METRICS_PORT=str(metrics_port))
    try:
        _wait_ready(server, port)
        on_api_port = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        on_metrics_port = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10)
    finally:
        stop(server)

    assert on_api_port.status_code == 404
    assert on_metrics_port.status_code == 200
    # The API's own counters, so the listener runs in the serving process.
    assert 'vizora_http_requests_total{method="GET",route="/readyz",status="200"}' in on_metrics_port.text


def _serve_then_kill(data_dir: Path) -> int:
    """Serve on ``data_dir`` until ready, then SIGKILL the server (no exit hooks run); the pid
    of the PostgreSQL it started."""
    port = free_port()
    server = _serve(data_dir, port)
    try:
        _wait_ready(server, port)
    finally:
        server.kill()
        server.wait(timeout=30)
        close_pipes(server)
    return _postmaster_pid(data_dir)


def _vizora(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VIZORA, *arguments], env=_environment(data_dir), capture_output=True, text=True, check=False
    )


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])


def _gone_within(pid: int, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    return not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_seed_demo_creates_a_usable_login(
    database: DatabaseTargets, owner_session: AsyncSession
) -> None:
    login = await seed_demo(make_settings(database))
    again = await seed_demo(make_settings(database))

    user = await owner_session.scalar(select(User).where(User.email == DEMO_EMAIL))
    organizations = (
        await owner_session.scalars(select(Organization).where(Organization.slug == login.organization_slug))
    ).all()
    projects = (await owner_session.scalars(select(Project).where(Project.slug == login.project_slug))).all()
    assert user is not None
    assert PasswordHasher().verify(user.password_hash, again.password)
    assert len(organizations) == 1
    assert len(projects) == 1


def test_export_schema_writes_the_served_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    subprocess.run([*VIZORA, "export-schema", "--output", str(target)], check=True, capture_output=True)
    assert "type Query" in target.read_text()
    assert target.read_text() == (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()


def test_export_diagram_draws_a_schema_file_as_svg_and_mermaid(tmp_path: Path) -> None:
    source = tmp_path / "shop.sql"
    source.write_text(
        "CREATE TABLE customers (id int PRIMARY KEY);\n"
        "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);\n"
    )
    svg, mermaid = tmp_path / "shop.svg", tmp_path / "shop.mmd"

    subprocess.run([*VIZORA, "export-diagram", str(source), "-o", str(svg)], check=True, capture_output=True)
    subprocess.run(
        [*VIZORA, "export-diagram", str(source), "--mermaid", "-o", str(mermaid)],
        check=True,
        capture_output=True,
    )

    root = ElementTree.fromstring(svg.read_text())
    assert root.tag.endswith("svg")
    assert "customers" in svg.read_text()
    assert "orders" in svg.read_text()
    assert mermaid.read_text().startswith("erDiagram")


def test_the_cli_imports_neither_the_server_nor_the_database_code_until_a_command_runs() -> None:
    probe = "import sys, app.cli; print(sorted(m for m in ('app.server', 'app.runtime', 'uvicorn', 'strawberry', 'asyncpg') if m in sys.modules))"

    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)

    assert loaded.stdout.strip() == "[]"


def test_export_diagram_of_a_missing_file_or_one_without_tables_is_a_one_line_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sql"
    notes.write_text("-- only a comment, no tables\n")

    missing = subprocess.run(
        [*VIZORA, "export-diagram", str(tmp_path / "nope.sql")], capture_output=True, text=True, check=False
    )
    empty = subprocess.run(
        [*VIZORA, "export-diagram", str(notes)], capture_output=True, text=True, check=False
    )

    assert missing.returncode == 2
    assert missing.stderr == f"Error: cannot read {tmp_path / 'nope.sql'}: No such file or directory.\n"
    assert empty.returncode == 2
    assert empty.stderr == "Error: No tables, views or types found in the source.\n"
    assert not (tmp_path / "diagram.svg").exists()
