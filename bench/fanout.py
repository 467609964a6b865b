"""Realtime fan-out: how soon a saved diagram change reaches 1,000 WebSocket subscribers,
and how many ``updateDiagram`` a second one process takes.

Runs real ``vizora serve`` processes on a throwaway database (one, or two sharing it), opens
real WebSocket connections from this process (graphql-transport-ws, one ``diagramUpdated``
subscription each, signed in as members of the diagram's workspace), moves a table with
``updateDiagram`` at a steady pace and times each subscriber's receipt of each revision.
Prints one JSON line per scenario; bench/README.md says what the fields mean.

    .venv/bin/python -m bench.fanout
    .venv/bin/python -m bench.fanout --scenarios one-memory --subscribers 200 --updates 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import uvloop
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from app.config import Settings
from bench.entry import run_stopping_servers
from bench.http_load import emit, percentile_ms
from bench.server import (
    REPO_ROOT,
    VIZORA,
    RunningServer,
    free_loopback_port,
    private_runtime_dir,
    server_environment,
    stop_process,
    wait_until_ready,
)
from tests.redis_server import redis_server

# Scenario: (processes, VIZORA_BROKER). With two, mutations go to the first and subscribers
# (all, or the --on-b share) to the second, so that each delivery crosses the broker.
FANOUT = {
    "one-postgres": (1, "postgres"),
    "one-memory": (1, "memory"),
    "two-postgres": (2, "postgres"),
    "two-redis": (2, "redis"),
}
SCENARIOS = [*FANOUT, "update-rps"]

SUBSCRIBE = (
    "subscription($id: ID!) { diagramUpdated(diagramId: $id) { "
    "revision diagram { id revision } changedNodes { tableKey x y } actor { id } } }"
)
UPDATE = (
    "mutation($input: UpdateDiagramInput!) { updateDiagram(input: $input) { "
    "diagram { revision } userErrors { code message } } }"
)
# Seeding, by mutation: each takes one ``$input`` and selects this (and userErrors).
SELECTS = {
    "signUp": "accessToken",
    "createOrganization": "organization { id }",
    "createWorkspace": "workspace { id }",
    "inviteMember": "token",
    "acceptInvitation": "__typename",
    "createProject": "project { id }",
    "createSchemaVersion": "created",
}
DIAGRAMS = (
    "query($id: ID!) { node(id: $id) { ... on Project { diagrams { id revision nodes { tableKey } } } } }"
)
TABLES = 24  # in the seeded schema; each update-rps worker moves one of them
REQUEST_TIMEOUT_SECONDS = 30.0
OPENING_CONCURRENCY = 32  # handshakes in flight at once: clients do not all arrive in one tick
SETTLE_TIMEOUT_SECONDS = 60.0
WARMUP_MOVES = 3


@asynccontextmanager
async def running_servers(
    count: int, environment: dict[str, str], database_url: str | None
) -> AsyncIterator[list[RunningServer]]:
    """``count`` servers sharing a data directory: one embedded PostgreSQL and one secret key,
    so a token from one is good on the other and both derive the runtime role's password."""
    with private_runtime_dir(), tempfile.TemporaryDirectory(prefix="vizora-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), database_url=database_url, pgdata=None)
        # Realtime collaboration is a paid feature, and the free plan allows 3 members.
        env = {**server_environment(settings), "VIZORA_TRIAL_PLAN": "team", **environment}
        started: list[RunningServer] = []
        try:
            for _ in range(count):  # in turn: the first creates the database and migrates it
                started.append(spawn(settings, env))
                await wait_until_ready(started[-1])
                # For py-spy (``py-spy record --pid``); on stderr, as stdout carries the results.
                print(f"vizora serve pid {started[-1].process.pid}", file=sys.stderr)
            yield started
        finally:
            for server in reversed(started):
                stop_process(server.process)


def spawn(settings: Settings, env: dict[str, str]) -> RunningServer:
    port = free_loopback_port()
    command = [str(VIZORA), "serve", "--port", str(port)]
    # stdout is ours; a session of its own, so that Ctrl-C reaches us, and we stop the server.
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=sys.stderr, start_new_session=True)
    return RunningServer(f"http://127.0.0.1:{port}", process, settings)


@contextmanager
def cpu_window(servers: list[RunningServer]) -> Iterator[dict[str, Any]]:
    """Fills the dict it yields with the CPU seconds used in the block by this client, each
    server and the whole machine (PostgreSQL, Redis, anything else)."""
    processes = [psutil.Process(server.process.pid) for server in servers]

    def read() -> dict[str, Any]:
        machine = psutil.cpu_times()
        return {
            "client": time.process_time(),
            "servers": [sum(process.cpu_times()[:2]) for process in processes],
            "machine": sum(machine) - machine.idle - getattr(machine, "iowait", 0.0),
            "wall": time.perf_counter(),
        }

    spent: dict[str, Any] = {}
    started = read()
    yield spent
    ended = read()
    spent.update({key: round(ended[key] - started[key], 2) for key in ("client", "machine", "wall")})
    spent["servers"] = [round(b - a, 2) for a, b in zip(started["servers"], ended["servers"], strict=True)]


class GraphQLFailed(RuntimeError):
    pass


async def execute(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None, allow: str = ""
) -> dict[str, Any]:
    """``data``; GraphQLFailed on a transport or GraphQL error, or userErrors but ``allow``."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    if response.status_code != 200 or body.get("errors") or not body.get("data"):
        raise GraphQLFailed(f"{query[:70]}: HTTP {response.status_code} {body}")
    data: dict[str, Any] = body["data"]
    for payload in data.values():
        errors = payload.get("userErrors", []) if isinstance(payload, dict) else []
        if [error["code"] for error in errors] not in ([], [allow]):
            raise GraphQLFailed(f"{query[:70]}: {errors}")
    return data


async def mutate(http: httpx.AsyncClient, mutation: str, token: str | None, /, **fields: Any) -> Any:
    """``mutation(input: fields)``; its payload."""
    query = (
        f"mutation($input: {mutation[0].upper()}{mutation[1:]}Input!) "
        f"{{ {mutation}(input: $input) {{ {SELECTS[mutation]} userErrors {{ code message }} }} }}"
    )
    return (await execute(http, query, {"input": fields}, token))[mutation]


@dataclass(frozen=True)
class Room:
    """A project's "Main" diagram and its workspace members' tokens, the first an EDITOR's."""

    project_id: str
    diagram_id: str
    revision: int
    table_keys: list[str]
    tokens: list[str]


async def sign_up(http: httpx.AsyncClient, email: str) -> str:
    fields = {"email": email, "password": secrets.token_urlsafe(16), "displayName": "Bench"}
    return str((await mutate(http, "signUp", None, **fields))["accessToken"])


async def seed_room(http: httpx.AsyncClient, members: int) -> Room:
    """Through the API, as a team would: an owner, an organization and workspace, ``members``
    invited into it, a project and a schema version, which brings the diagram."""
    tag = secrets.token_hex(4)
    owner = await sign_up(http, f"bench-owner-{tag}@example.com")
    organization = await mutate(http, "createOrganization", owner, name="Fan-out", slug=f"fanout-{tag}")
    organization_id = organization["organization"]["id"]
    workspace = await mutate(http, "createWorkspace", owner, organizationId=organization_id, name="Live")
    workspace_id = workspace["workspace"]["id"]
    tokens = []
    for index in range(members):
        invitation = {
            "email": f"bench-member-{tag}-{index}@example.com",
            "organizationId": organization_id,
            "organizationRole": "MEMBER",
            "workspaceId": workspace_id,
            "workspaceRole": "EDITOR" if index == 0 else "VIEWER",
        }
        invited = await mutate(http, "inviteMember", owner, **invitation)
        tokens.append(await sign_up(http, invitation["email"]))
        await mutate(http, "acceptInvitation", tokens[-1], token=invited["token"])
    project = await mutate(http, "createProject", tokens[0], workspaceId=workspace_id, name="Shop")
    project_id = project["project"]["id"]
    source = "\n".join(f"CREATE TABLE t{index:02d} (id bigint PRIMARY KEY);" for index in range(TABLES))
    await mutate(http, "createSchemaVersion", tokens[0], projectId=project_id, format="SQL", source=source)
    [diagram] = (await execute(http, DIAGRAMS, {"id": project_id}, tokens[0]))["node"]["diagrams"]
    keys = [node["tableKey"] for node in diagram["nodes"]]
    return Room(project_id, diagram["id"], diagram["revision"], keys, tokens)


async def update_diagram(http: httpx.AsyncClient, room: Room, base: int, table_key: str) -> tuple[int, bool]:
    """One move: the revision after it and False, or on CONFLICT the current one and True."""
    node = {"tableKey": table_key, "x": float(base % 1000), "y": 7.0}
    fields = {"diagramId": room.diagram_id, "baseRevision": base, "nodes": [node]}
    data = await execute(http, UPDATE, {"input": fields}, room.tokens[0], allow="CONFLICT")
    return data["updateDiagram"]["diagram"]["revision"], bool(data["updateDiagram"]["userErrors"])


@dataclass(frozen=True)
class Update:
    revision: int  # the diagram's after the update: what subscribers receive
    started: float  # perf_counter when the request went out
    answered: float  # ... and when its response was in (the commit had happened by then)


class Editor:
    """The one writer of the fan-out runs: moves a table, each time on the last revision."""

    def __init__(self, http: httpx.AsyncClient, room: Room) -> None:
        self.http = http
        self.room = room
        self.revision = room.revision

    async def move(self) -> Update:
        started = time.perf_counter()
        revision, conflict = await update_diagram(
            self.http, self.room, self.revision, self.room.table_keys[0]
        )
        if conflict:
            raise GraphQLFailed("updateDiagram: CONFLICT, yet there is a single writer")
        self.revision = revision
        return Update(revision, started, time.perf_counter())

    async def paced(self, count: int, interval: float) -> list[Update]:
        """``count`` moves, one every ``interval`` seconds, or when the last one answered if later."""
        updates: list[Update] = []
        start = time.perf_counter()
        for index in range(count):
            await asyncio.sleep(max(0.0, start + index * interval - time.perf_counter()))
            updates.append(await self.move())
        return updates


@dataclass
class Inbox:
    messages: int = 0  # received by all subscribers: when every delivery is in


class Subscriber:
    """One connection with one subscription. It only stamps and keeps each raw frame, parsed
    afterwards: decoding 1,000 sockets' JSON meanwhile would take CPU from the server."""

    def __init__(self, socket: ClientConnection, inbox: Inbox) -> None:
        self.socket = socket
        self.inbox = inbox
        self.received: list[tuple[float, bytes]] = []
        self.closed: ConnectionClosed | None = None

    async def listen(self) -> None:
        try:
            while True:
                message = await self.socket.recv(decode=False)
                self.received.append((time.perf_counter(), message))
                self.inbox.messages += 1
        except ConnectionClosed as closed:  # by the server: ours close after listening ends
            self.closed = closed


async def open_subscriber(
    base_url: str, token: str, diagram_id: str, compression: str | None, inbox: Inbox
) -> Subscriber:
    socket = await connect(
        base_url.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
        compression=compression,
        ping_interval=None,  # the server pings; one side is enough
        proxy=None,
        open_timeout=60,
    )
    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
    await socket.send(json.dumps(init))
    ack = json.loads(await socket.recv())
    if ack.get("type") != "connection_ack":
        await socket.close()
        raise GraphQLFailed(f"connection_init: {ack}")
    operation = {"query": SUBSCRIBE, "variables": {"id": diagram_id}}
    await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": operation}))
    return Subscriber(socket, inbox)


@asynccontextmanager
async def subscribed(
    targets: list[str], room: Room, compression: str | None
) -> AsyncIterator[tuple[list[Subscriber], Inbox, dict[str, Any]]]:
    """A listening subscriber per server URL in ``targets`` (tokens round-robin), and how it went."""
    inbox = Inbox()
    gate = asyncio.Semaphore(OPENING_CONCURRENCY)

    async def opened(index: int, base_url: str) -> Subscriber | BaseException:
        async with gate:
            token = room.tokens[index % len(room.tokens)]
            try:
                return await open_subscriber(base_url, token, room.diagram_id, compression, inbox)
            except (OSError, TimeoutError, ConnectionClosed, GraphQLFailed) as error:
                return error

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(opened(index, url) for index, url in enumerate(targets)))
    subscribers = [outcome for outcome in outcomes if isinstance(outcome, Subscriber)]
    failures = Counter(type(outcome).__name__ for outcome in outcomes if not isinstance(outcome, Subscriber))
    opening = {"open_s": round(time.perf_counter() - started, 2), "open_failures": dict(failures)}
    listeners = [asyncio.create_task(subscriber.listen()) for subscriber in subscribers]
    try:
        yield subscribers, inbox, opening
    finally:
        for listener in listeners:
            listener.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        await asyncio.gather(*(each.socket.close() for each in subscribers), return_exceptions=True)


async def settle(editor: Editor, subscribers: list[Subscriber]) -> int:
    """No message acknowledges a subscription: move until every subscriber has seen an event,
    so that the measured run starts with all in place. Returns how many stayed silent."""
    deadline = time.perf_counter() + SETTLE_TIMEOUT_SECONDS
    while (silent := sum(not each.received and each.closed is None for each in subscribers)) and (
        time.perf_counter() < deadline
    ):
        await editor.move()
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)  # the last warm-up move's deliveries drain
    return silent


async def await_deliveries(inbox: Inbox, target: int, grace: float) -> None:
    """Until ``target`` messages are in, or ``grace`` seconds passed without a new one."""
    last_count, last_change = inbox.messages, time.perf_counter()
    while inbox.messages < target and time.perf_counter() - last_change < grace:
        await asyncio.sleep(0.05)
        if inbox.messages != last_count:
            last_count, last_change = inbox.messages, time.perf_counter()


def analyse(subscribers: list[Subscriber], updates: list[Update], expected: int) -> dict[str, Any]:
    """Per update and subscriber, the delay from the answer (and request) to the first event
    showing that revision or a later one (a server running behind sends the diagram as it is
    by then), the share of ``expected`` x updates so delivered, the share whose own event
    came, and what else came."""
    after_answer, after_request, exact, repeated = [], [], 0, 0
    errors: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    revisions = {update.revision for update in updates}
    for subscriber in subscribers:
        pending, latest = iter(updates), 0  # updates in revision order: one writer
        update = next(pending, None)
        for received_at, raw in subscriber.received:
            message = json.loads(raw)
            payload = message.get("payload") or {}
            event = (payload.get("data") or {}).get("diagramUpdated")
            if message.get("type") != "next" or event is None:
                errors[f"{message.get('type')}: {payload.get('errors', payload)}"[:160]] += 1
                continue
            exact += event["revision"] in revisions
            repeated += event["diagram"]["revision"] <= latest
            latest = max(latest, event["diagram"]["revision"], event["revision"])
            while update is not None and update.revision <= latest:
                after_answer.append(received_at - update.answered)
                after_request.append(received_at - update.started)
                update = next(pending, None)
        if subscriber.closed is not None:
            rcvd = subscriber.closed.rcvd
            closed[f"{rcvd.code} {rcvd.reason}" if rcvd else "no close frame"] += 1
    pairs = len(updates) * expected
    return {
        **latency_fields("", after_answer),
        **latency_fields("from_request_", after_request),
        "delivered_pct": round(100 * len(after_answer) / pairs, 2),
        "exact_pct": round(100 * exact / pairs, 2),
        "repeated": repeated,
        "errors": dict(errors),
        "closed_by_server": dict(closed),
    }


def latency_fields(prefix: str, seconds: list[float]) -> dict[str, float | None]:
    ordered = sorted(seconds)
    return {
        f"{prefix}{name}_ms": percentile_ms(ordered, p)
        for name, p in (("p50", 50), ("p99", 99), ("max", 100))
    }


async def fanout(name: str, options: Options, redis_url: str | None) -> dict[str, Any]:
    processes, broker = FANOUT[name]
    environment = {
        "VIZORA_BROKER": broker,
        **({"REDIS_URL": redis_url} if broker == "redis" and redis_url else {}),
    }
    async with (
        running_servers(processes, environment, options.database_url) as servers,
        httpx.AsyncClient(
            base_url=servers[0].base_url, timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False
        ) as http,
    ):
        room = await seed_room(http, options.users)
        editor = Editor(http, room)
        for _ in range(WARMUP_MOVES):  # the mutation's code paths, before memory is read
            await editor.move()
        rss_before = [round(server.rss_mb(), 1) for server in servers]
        busy_before = psutil.cpu_percent(interval=1.0)  # others' load on the machine, servers idle
        on_last = round(options.subscribers * (options.on_b if processes > 1 else 1.0))
        targets = [servers[-1].base_url] * on_last + [servers[0].base_url] * (options.subscribers - on_last)
        compression = None if options.compression == "none" else options.compression
        async with subscribed(targets, room, compression) as (subscribers, inbox, opening):
            rss_subscribed = [round(server.rss_mb(), 1) for server in servers]
            silent = await settle(editor, subscribers)
            target = inbox.messages + options.updates * sum(each.closed is None for each in subscribers)
            with cpu_window(servers) as cpu:
                updates = await editor.paced(options.updates, options.interval)
                await await_deliveries(inbox, target, options.grace)
            rss_after = [round(server.rss_mb(), 1) for server in servers]
        deliveries = analyse(subscribers, updates, options.subscribers)
    spacing = (updates[-1].started - updates[0].started) / max(1, len(updates) - 1)
    return {
        "bench": "fanout",
        "scenario": name,
        "subscribers_per_process": [targets.count(server.base_url) for server in servers],
        "deflate": any(each.socket.protocol.extensions for each in subscribers),  # as negotiated
        "updates": options.updates,
        "interval_ms": round(options.interval * 1000),
        "achieved_interval_ms": round(spacing * 1000),
        **deliveries,
        "mutation_p50_ms": percentile_ms(sorted(u.answered - u.started for u in updates), 50),
        **opening,
        "silent_after_settle": silent,
        "rss_before_mb": rss_before,
        "rss_subscribed_mb": rss_subscribed,
        "rss_after_mb": rss_after,
        "machine_busy_before_pct": busy_before,
        "cpu_s": cpu,
    }


class UpdateLoad:
    """Concurrent workers on one diagram, each moving a table of its own until a deadline.
    A worker learns of the others' changes only from its own answers: on CONFLICT it sends
    the same move again on the revision the payload returned (a real client would merge
    first; here there is nothing to merge)."""

    def __init__(self, http: httpx.AsyncClient, room: Room) -> None:
        self.http = http
        self.room = room
        self.latest = room.revision  # the latest revision any worker was told
        self.latencies_s: list[float] = []
        self.conflicts = 0

    async def run(self, workers: int, seconds: float) -> float:
        self.latencies_s, self.conflicts = [], 0
        started = time.perf_counter()
        async with asyncio.TaskGroup() as group:
            for table_key in self.room.table_keys[:workers]:
                group.create_task(self.worker(table_key, started + seconds))
        return time.perf_counter() - started

    async def worker(self, table_key: str, deadline: float) -> None:
        revision = self.latest
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            revision, conflict = await update_diagram(self.http, self.room, revision, table_key)
            self.latencies_s.append(time.perf_counter() - started)
            self.conflicts += conflict
            self.latest = max(self.latest, revision)


async def update_rps(options: Options) -> dict[str, Any]:
    workers = options.concurrency
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with (
        running_servers(1, {"VIZORA_BROKER": "postgres"}, options.database_url) as servers,
        httpx.AsyncClient(
            base_url=servers[0].base_url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False
        ) as http,
    ):
        load = UpdateLoad(http, await seed_room(http, 1))
        await load.run(workers, options.warmup)  # the connections, the server's pool and caches
        with cpu_window(servers) as cpu:
            elapsed = await load.run(workers, options.duration)
        rss = round(servers[0].rss_mb(), 1)
    requests = len(load.latencies_s)
    return {
        "bench": "update_rps",
        "concurrency": workers,
        "requests": requests,
        "duration_s": round(elapsed, 3),
        "rps": round(requests / elapsed, 1),
        "updates_per_s": round((requests - load.conflicts) / elapsed, 1),
        **latency_fields("", load.latencies_s),
        "conflict_pct": round(100 * load.conflicts / max(1, requests), 1),
        "server_rss_mb": rss,
        "cpu_s": cpu,
    }


async def run(options: Options) -> None:
    # REDIS_URL when set, else a throwaway redis-server (tests/redis_server.py), when needed.
    needs_redis = "two-redis" in options.scenarios
    with redis_server() if needs_redis else nullcontext(None) as redis_url:
        for name in options.scenarios:
            result = await fanout(name, options, redis_url) if name in FANOUT else await update_rps(options)
            emit(result, options.output)


@dataclass(frozen=True)
class Options:
    scenarios: list[str]
    subscribers: int
    updates: int
    interval: float
    users: int
    on_b: float
    grace: float
    compression: str
    concurrency: int
    duration: float
    warmup: float
    output: Path | None
    database_url: str | None


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--scenarios", type=lambda names: names.split(","), default=SCENARIOS, help=",".join(SCENARIOS))
    add("--subscribers", type=int, default=1000, help="WebSocket connections, a subscription each (1000)")
    add("--updates", type=int, default=50, help="measured updates (50)")
    add("--interval", type=float, default=0.1, help="seconds between updates (0.1)")
    add("--users", type=int, default=5, help="workspace members whose tokens the sockets share (5)")
    add("--on-b", type=float, default=1.0, help="two processes: share of subscribers on the second (1.0)")
    add("--grace", type=float, default=5.0, help="quiet seconds before giving up on deliveries (5)")
    add("--compression", choices=["deflate", "none"], default="deflate", help="as browsers: deflate")
    add("--concurrency", type=int, default=16, help="update-rps workers (16)")
    add("--duration", type=float, default=10.0, help="update-rps seconds (10)")
    add("--warmup", type=float, default=1.0, help="update-rps warm-up seconds (1)")
    add("--output", type=Path, help="also append the JSON lines to this file")
    add("--database-url", help="run on this database instead of a fresh embedded one")
    options = Options(**vars(parser.parse_args(argv)))
    if unknown := set(options.scenarios) - set(SCENARIOS):
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}; choose from {','.join(SCENARIOS)}")
    if min(options.subscribers, options.updates, options.users, options.concurrency) < 1:
        parser.error("--subscribers, --updates, --users and --concurrency must be at least 1")
    if not 0.0 <= options.on_b <= 1.0:
        parser.error("--on-b is a share, from 0 to 1")
    return options


def main() -> None:
    options = parse_options()
    # Each subscriber is a socket here and one in the server, which inherits the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # uvloop, as the server runs on: the client's share of the cores is to be small.
    run_stopping_servers(run(options), loop_factory=uvloop.new_event_loop)


if __name__ == "__main__":
    main()
