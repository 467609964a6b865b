"""Crash drill: ``kill -9`` a server under write load, restart it on the same data directory,
and check that every write it acknowledged is there and that version numbers have no gaps.

    .venv/bin/python -m bench.crash [--writers 8] [--projects 4] [--load 4] [--kill-postgres]

Starts a real ``vizora serve`` (bench/server.py) on the embedded PostgreSQL in a temporary
data directory and seeds, through the API, an enterprise organization (no plan limits) with
``--projects`` projects. ``--writers`` concurrent writers then send ``createSchemaVersion``
(a distinct one-table schema each time, so each one creates a version) into random projects,
and now and then ``createProject``, recording every write the server acknowledged: answered
200, no errors, no userErrors, and for a version ``created: true`` with its number.

After ``--load`` seconds the server gets SIGKILL mid-load (with ``--kill-postgres``, its
PostgreSQL's postmaster too: a crash of the whole machine, short of losing the page cache).
A new server starts on the same data directory; once ``/readyz`` answers, every
acknowledged project and version is looked up, and each project's version numbers must be
exactly 1..n. Writes that got no answer are in doubt: they may or may not have landed.
Prints one JSON line; the servers' logs go to stderr. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from app.config import Settings
from app.db.embedded import stop_embedded_postgres
from bench.entry import run_stopping_servers
from bench.ingest_timing import Api
from bench.server import (
    RunningServer,
    free_loopback_port,
    private_runtime_dir,
    spawn_server,
    stop_process,
    wait_until_ready,
)

REQUEST_TIMEOUT_SECONDS = 30.0
CREATE_VERSION = """mutation($input: CreateSchemaVersionInput!) {
  createSchemaVersion(input: $input) { created schemaVersion { id number } userErrors { code message } } }"""
CREATE_PROJECT = """mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id } userErrors { code message } } }"""
VERSIONS = """query($id: ID!, $after: String) { node(id: $id) { ... on Project {
  versions(first: 100, after: $after) {
    edges { node { id number } } pageInfo { hasNextPage endCursor } } } } }"""
PROJECT_SHARE = 0.1  # of writes: createProject; the rest are createSchemaVersion


@dataclass(frozen=True)
class Version:
    project_id: str
    id: str
    number: int


@dataclass
class Ledger:
    """What the writers sent and what the server said about it."""

    projects: list[str]  # seeded and acknowledged; writers pick from it
    versions: list[Version] = field(default_factory=list)  # acknowledged
    created_projects: list[str] = field(default_factory=list)  # acknowledged
    refused: Counter[str] = field(default_factory=Counter)  # answered, not written: by code
    in_doubt: int = 0  # sent, never answered

    @property
    def acknowledged(self) -> int:
        return len(self.versions) + len(self.created_projects)


class Writer:
    def __init__(self, api: Api, ledger: Ledger, index: int, rng: random.Random) -> None:
        self.api, self.ledger, self.index, self.rng = api, ledger, index, rng
        self.sent = 0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sent += 1
            try:
                if self.rng.random() < PROJECT_SHARE:
                    await self.create_project()
                else:
                    await self.create_version()
            except (httpx.HTTPError, ValueError):  # no answer, or half of one: the server died
                self.ledger.in_doubt += 1
                return

    async def create_version(self) -> None:
        project_id = self.rng.choice(self.ledger.projects)
        source = f"CREATE TABLE w{self.index}_{self.sent} (id bigint PRIMARY KEY);"
        variables = {"input": {"projectId": project_id, "format": "SQL", "source": source}}
        payload = await self.mutate(CREATE_VERSION, variables)
        if payload is not None and payload["created"]:
            version = payload["schemaVersion"]
            self.ledger.versions.append(Version(project_id, version["id"], version["number"]))

    async def create_project(self) -> None:
        variables = {
            "input": {"workspaceId": self.api.workspace_id, "name": f"Crash {self.index}-{self.sent}"}
        }
        payload = await self.mutate(CREATE_PROJECT, variables)
        if payload is not None:
            self.ledger.created_projects.append(payload["project"]["id"])
            self.ledger.projects.append(payload["project"]["id"])

    async def mutate(self, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """The payload of an acknowledged write; None (counted as refused) otherwise."""
        response = await self.api.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.api.headers
        )
        body = response.json()
        errors = body.get("errors") or []
        payload = next(iter((body.get("data") or {}).values()), None)
        user_errors = (payload or {}).get("userErrors") or []
        if response.status_code != 200 or errors or user_errors or payload is None:
            codes = [error.get("extensions", {}).get("code") for error in errors] + [
                error.get("code") for error in user_errors
            ]
            self.ledger.refused[",".join(map(str, codes)) or f"HTTP {response.status_code}"] += 1
            return None
        return dict(payload)


async def project_versions(api: Api, project_id: str) -> list[dict[str, Any]] | None:
    """Every version of the project, or None when the project is not there."""
    versions: list[dict[str, Any]] = []
    after = None
    while True:
        response = await api.client.post(
            "/graphql",
            json={"query": VERSIONS, "variables": {"id": project_id, "after": after}},
            headers=api.headers,
        )
        project = response.json()["data"]["node"]
        if project is None:
            return None
        page = project["versions"]
        versions.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return versions
        after = page["pageInfo"]["endCursor"]


async def verify(api: Api, ledger: Ledger) -> dict[str, Any]:
    """Every acknowledged write present; each project's numbers exactly 1..n."""
    found = {project_id: await project_versions(api, project_id) for project_id in ledger.projects}
    missing_projects = [project_id for project_id in ledger.created_projects if found[project_id] is None]
    present_ids = {version["id"] for versions in found.values() for version in versions or []}
    missing_versions = [version.__dict__ for version in ledger.versions if version.id not in present_ids]
    gaps = {}
    for project_id, versions in found.items():
        numbers = sorted(version["number"] for version in versions or [])
        if numbers != list(range(1, len(numbers) + 1)):
            gaps[project_id] = numbers
    stored = sum(len(versions or []) for versions in found.values())
    return {
        "present_after_restart": ledger.acknowledged - len(missing_projects) - len(missing_versions),
        "missing_projects": missing_projects,
        "missing_versions": missing_versions,
        "projects_with_gaps": gaps,
        # Versions stored beyond those acknowledged: in-doubt writes that did land.
        "unacknowledged_versions_stored": stored - len(ledger.versions),
    }


def kill_postgres(settings: Settings) -> int | None:
    """SIGKILL to the embedded postmaster (its backends exit when they see it gone)."""
    pid_file = settings.embedded_pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
        postmaster = psutil.Process(pid)
    except (FileNotFoundError, IndexError, ValueError, psutil.Error):
        return None
    postmaster.kill()
    return pid


async def started(settings: Settings) -> tuple[RunningServer, float]:
    """A server on the data directory, and the seconds it took to be ready."""
    port = free_loopback_port()
    begun = time.perf_counter()
    server = RunningServer(f"http://127.0.0.1:{port}", spawn_server(settings, port), settings)
    await wait_until_ready(server)
    return server, time.perf_counter() - begun


async def drill(settings: Settings, options: Options, servers: list[RunningServer]) -> dict[str, Any]:
    rng = random.Random(options.seed)
    first, first_ready = await started(settings)
    servers.append(first)
    limits = httpx.Limits(max_connections=options.writers + 1)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS, limits=limits, trust_env=False) as client:
        client.base_url = httpx.URL(first.base_url)
        api = Api(client)
        await api.set_up()
        ledger = Ledger(projects=[await api.new_project() for _ in range(options.projects)])
        stop = asyncio.Event()
        writers = [
            Writer(api, ledger, index, random.Random(rng.random())) for index in range(options.writers)
        ]
        tasks = [asyncio.create_task(writer.run(stop)) for writer in writers]
        await asyncio.sleep(options.load)
        os.kill(first.process.pid, signal.SIGKILL)
        killed_postgres = kill_postgres(settings) if options.kill_postgres else None
        stop.set()
        await asyncio.gather(*tasks)
        first.process.wait()
        second, ready = await started(settings)
        servers.append(second)
        client.base_url = httpx.URL(second.base_url)
        checked = await verify(api, ledger)
    return {
        "bench": "crash",
        "killed": "server and postgres" if killed_postgres else "server",
        "writers": options.writers,
        "load_s": options.load,
        "first_ready_s": round(first_ready, 2),
        "writes_sent": sum(writer.sent for writer in writers),
        "acknowledged": {"versions": len(ledger.versions), "projects": len(ledger.created_projects)},
        "refused": dict(ledger.refused),
        "in_doubt": ledger.in_doubt,
        **checked,
        "time_to_ready_after_restart_s": round(ready, 2),
    }


async def run(options: Options) -> dict[str, Any]:
    with private_runtime_dir(), tempfile.TemporaryDirectory(prefix="vizora-crash-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), database_url=None, pgdata=None)
        servers: list[RunningServer] = []
        try:
            return await drill(settings, options, servers)
        finally:
            for server in servers:
                stop_process(server.process)
            # A postmaster whose last server was killed (and not restarted) has nobody to stop it.
            await asyncio.to_thread(stop_embedded_postgres, settings.embedded_pgdata)


@dataclass(frozen=True)
class Options:
    writers: int
    projects: int
    load: float
    kill_postgres: bool
    seed: int


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.crash", description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument("--projects", type=int, default=4, help="projects seeded for versions (default 4)")
    parser.add_argument("--load", type=float, default=4.0, help="seconds of load before the kill (default 4)")
    parser.add_argument("--kill-postgres", action="store_true", help="SIGKILL the embedded PostgreSQL too")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the writers' choices")
    args = parser.parse_args(argv)
    if args.writers < 1 or args.projects < 1 or args.load <= 0:
        parser.error("--writers and --projects must be at least 1, --load positive")
    return Options(args.writers, args.projects, args.load, args.kill_postgres, args.seed)


async def report(options: Options) -> None:
    print(json.dumps(await run(options)), flush=True)


def main() -> None:
    run_stopping_servers(report(parse_options()))


if __name__ == "__main__":
    main()
