"""PostGraphile 5 over Vizora's own database: the peer the dashboard benchmark measures against.

It connects as the runtime role ``vizora_app``, like every Vizora request, and each request
runs as the user its ``x-vizora-user`` header names: PostGraphile's ``grafast.context`` turns
the header into ``pgSettings``, which it applies with ``set_config(…, true)`` inside the
request's transaction, exactly the settings Vizora's unit of work sets. So the same row-level
security decides what it sees. It trusts that header: the peer checks no token, which is part
of the cost Vizora pays and it does not.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from bench.peers.npm import installed, node_binary
from bench.server import free_loopback_port, stop_process

POSTGRAPHILE_VERSION = "5.1.5"
PG_VERSION = "8.23.1"  # node-postgres, the driver PostGraphile's pg adaptor uses
USER_HEADER = "x-vizora-user"
READY_TIMEOUT_SECONDS = 120.0
DATABASE_URL_VARIABLE = "VIZORA_BENCH_PEER_DATABASE_URL"  # in the environment: kept out of `ps`

# Amber preset (PostGraphile's defaults), the public schema, no websockets. CommonJS, and written
# inside the npm folder so that its ``require``s find the packages there.
CONFIG = """\
// Written by bench/peers/postgraphile.py for one run, and removed when the peer stops.
const { PostGraphileAmberPreset } = require("postgraphile/presets/amber");
const { makePgService } = require("postgraphile/adaptors/pg");
module.exports = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.%(variable)s, schemas: ["public"] })],
  grafserv: { host: "127.0.0.1", port: %(port)d, websockets: false },
  grafast: {
    // The same transaction-local settings as Vizora's unit of work (app/db/session.py).
    context(requestContext) {
      const request = requestContext.node && requestContext.node.req;
      const user = (request && request.headers[%(header)s]) || "";
      return { pgSettings: { "vizora.user_id": user, "vizora.api_key_id": "" } };
    },
  },
};
"""


@dataclass(frozen=True)
class RunningPeer:
    base_url: str
    process: subprocess.Popen[bytes]


@asynccontextmanager
async def running_postgraphile(
    runtime_url: str, statement_timeout_ms: int, cache: Path
) -> AsyncIterator[RunningPeer]:
    """PostGraphile on a free loopback port, connected with ``runtime_url`` (the runtime role's,
    as Vizora's own code writes it) and Vizora's statement timeout; installed into ``cache`` on
    first use, stopped on exit."""
    node = await asyncio.to_thread(node_binary, cache)
    folder = await asyncio.to_thread(
        installed,
        cache,
        f"postgraphile-{POSTGRAPHILE_VERSION}-pg-{PG_VERSION}",
        [f"postgraphile@{POSTGRAPHILE_VERSION}", f"pg@{PG_VERSION}"],
    )
    port = free_loopback_port()
    config = folder / f"graphile.config.bench-{os.getpid()}-{port}.js"
    # Its schema build reports a naming conflict at length on every start (our billing table
    # ``subscriptions`` against GraphQL's Subscription type): to a log file, not our stderr.
    log = folder / "postgraphile.log"
    print(f"PostGraphile's output goes to {log}", file=sys.stderr, flush=True)
    try:
        database_url = node_postgres_url(runtime_url, statement_timeout_ms)
        process = spawn_postgraphile(node, folder, config, port, database_url, log)
        peer = RunningPeer(f"http://127.0.0.1:{port}", process)
        try:
            await wait_until_answering(peer)
            yield peer
        finally:
            stop_process(process)
    finally:
        config.unlink(missing_ok=True)


def spawn_postgraphile(
    node: Path, folder: Path, config: Path, port: int, database_url: str, log: Path
) -> subprocess.Popen[bytes]:
    variables = {"variable": DATABASE_URL_VARIABLE, "port": port, "header": json.dumps(USER_HEADER)}
    config.write_text(CONFIG % variables)
    environment = {
        **os.environ,
        DATABASE_URL_VARIABLE: database_url,
        "GRAPHILE_ENV": "production",  # as deployed: no GraphiQL, no explain
        "NODE_ENV": "production",
    }
    with log.open("wb") as output:  # the child has its own copy of the descriptor
        return subprocess.Popen(
            [
                str(node),
                str(folder / "node_modules" / "postgraphile" / "dist" / "cli-run.js"),
                "-C",
                str(config),
            ],
            cwd=folder,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the peer in order
        )


def node_postgres_url(url: str, statement_timeout_ms: int) -> str:
    """The same connection for node-postgres: a ``postgres://`` URL whose ``host`` parameter may
    be the embedded server's socket directory, and whose ``options`` set the statement timeout
    that Vizora sets on each of its connections."""
    parsed = make_url(url).set(drivername="postgres")
    parsed = parsed.update_query_dict({"options": f"-c statement_timeout={statement_timeout_ms}"})
    return parsed.render_as_string(hide_password=False)


async def wait_until_answering(peer: RunningPeer) -> None:
    """Until ``{ __typename }`` answers: PostGraphile listens only once it has introspected the
    database and built its schema."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    async with httpx.AsyncClient(base_url=peer.base_url, trust_env=False, timeout=5.0) as client:
        while time.monotonic() < deadline:
            if (status := peer.process.poll()) is not None:
                raise RuntimeError(
                    f"PostGraphile exited with status {status} before it answered; see its log"
                )
            try:
                if (await client.post("/graphql", json={"query": "{ __typename }"})).status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            await asyncio.sleep(0.3)
    raise TimeoutError(f"PostGraphile not answering after {READY_TIMEOUT_SECONDS:.0f} s")
