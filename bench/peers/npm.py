"""npm packages and a recent enough Node, installed into a cache folder on first use.

The project's environment has no Node packages of its own, so a peer written for Node is
installed the way a user would: ``npm install`` of pinned versions, into
``~/.cache/vizora-bench/`` (``$XDG_CACHE_HOME`` if set), once per version.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

INSTALL_TIMEOUT_SECONDS = 600.0
# PostGraphile 5.1 (grafast 1.x) needs Node 22 (Promise.withResolvers and friends). On Node 20
# it starts, and then every query fails with "Cannot read properties of undefined (reading 'items')".
MINIMUM_NODE_MAJOR = 22
# Used when the system's Node is older: npm ships Node's own binaries as packages.
NODE_PACKAGE_VERSION = "22.23.3"
NODE_ARCHITECTURES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vizora-bench"


def installed(cache: Path, name: str, packages: list[str]) -> Path:
    """The folder ``cache/name`` whose ``node_modules`` holds ``packages`` (npm specs with a
    version). npm installs them into a folder beside it that is renamed into place when complete,
    so an interrupted install is never taken for a finished one."""
    folder = cache / name
    if (folder / "node_modules").is_dir():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("the peers need npm on PATH (Node's package manager) to install themselves")
    cache.mkdir(parents=True, exist_ok=True)
    draft = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=cache))
    try:
        (draft / "package.json").write_text('{"private": true}\n')
        print(f"installing {' '.join(packages)} into {folder} (first use)", file=sys.stderr, flush=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", *packages],
            cwd=draft,
            stdout=sys.stderr,  # stdout carries the results
            check=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
        )
        try:
            draft.rename(folder)
        except OSError:
            if not (folder / "node_modules").is_dir():  # else a concurrent install won: use it
                raise
    finally:
        shutil.rmtree(draft, ignore_errors=True)  # gone already when the rename succeeded
    return folder


def node_binary(cache: Path) -> Path:
    """The system's ``node`` when it is new enough, else Node from npm's ``node-linux-<arch>``."""
    system = shutil.which("node")
    if system is not None and node_major(Path(system)) >= MINIMUM_NODE_MAJOR:
        return Path(system)
    machine = platform.machine().lower()
    if sys.platform != "linux" or machine not in NODE_ARCHITECTURES:
        raise RuntimeError(f"need Node >= {MINIMUM_NODE_MAJOR} on PATH on {sys.platform}/{machine}")
    package = f"node-linux-{NODE_ARCHITECTURES[machine]}"
    folder = installed(cache, f"{package}-{NODE_PACKAGE_VERSION}", [f"{package}@{NODE_PACKAGE_VERSION}"])
    return folder / "node_modules" / package / "bin" / "node"


def node_major(node: Path) -> int:
    try:
        answer = subprocess.run(
            [str(node), "-p", "process.versions.node.split('.')[0]"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return int(answer.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return 0
