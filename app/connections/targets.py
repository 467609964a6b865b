"""Where a connection points, and whether the operator lets the API go there.

The API dials databases on its users' behalf, so without a fence it would be a scanner of
the operator's own network. A target is allowed only when its host name is on
``VIZORA_CONNECTION_ALLOWED_HOSTS`` (exact, or ``*.example.com``) or every address it
resolves to lies in an allowed network (``10.1.0.0/16``); loopback is allowed outside
production, so a developer can introspect a local database. The address that was vetted is
the one dialled (``pinned_host``), so a DNS answer that changes in between cannot redirect
the connection.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.errors import BadUserInputError

_SCHEMES = {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"}
DEFAULT_PORT = 5432
_LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Target:
    uri: str  # as asyncpg reads it, with the password
    display_uri: str  # without the password: safe to show and to log
    host: str
    port: int


@dataclass(frozen=True)
class Fence:
    host_patterns: tuple[str, ...]
    networks: tuple[IpNetwork, ...]
    allow_loopback: bool

    @classmethod
    def from_settings(cls, allowed: list[str], *, allow_loopback: bool) -> Fence:
        patterns: list[str] = []
        networks: list[IpNetwork] = []
        for entry in allowed:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                patterns.append(entry.strip().lower())
        return cls(tuple(patterns), tuple(networks), allow_loopback)

    def allows_name(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(
            host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
            for pattern in self.host_patterns
        )

    def allows_address(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        if self.allow_loopback and any(ip in network for network in _LOOPBACK):
            return True
        return any(ip in network for network in self.networks if network.version == ip.version)


@dataclass(frozen=True)
class Dialer:
    """What it takes to reach a stored connection: the key that opens its URI, the fence,
    and how long one attempt may take."""

    key: bytes
    fence: Fence
    timeout_seconds: float


def parse_target(raw: str) -> Target:
    try:
        url = make_url(raw.strip())
    except ArgumentError as error:
        raise BadUserInputError(
            "The URI is not a database URL; expected postgresql://user:password@host:5432/database.",
            field=["uri"],
        ) from error
    if url.drivername not in _SCHEMES:
        raise BadUserInputError(
            f"Only PostgreSQL connections are supported (postgresql://…), not {url.drivername}://.",
            field=["uri"],
        )
    if not url.host or not url.database:
        raise BadUserInputError("The URI needs a host and a database name.", field=["uri"])
    plain = url.set(drivername="postgresql")
    return Target(
        uri=plain.render_as_string(hide_password=False),
        display_uri=_without_password(plain),
        host=url.host,
        port=url.port or DEFAULT_PORT,
    )


def _without_password(url: URL) -> str:
    # Built anew: ``URL.set(password=None)`` would keep the password (None means "unchanged").
    shown = URL.create(
        url.drivername, username=url.username, host=url.host, port=url.port, database=url.database
    )
    return shown.render_as_string(hide_password=False)


async def pinned_host(target: Target, fence: Fence) -> str:
    """The vetted address to dial, or a BAD_USER_INPUT error that does not tell an internal
    address from a missing one (no probing through the error either)."""
    refused = BadUserInputError(
        f"{target.host} is not an allowed connection target; the operator allows the hosts "
        "listed in VIZORA_CONNECTION_ALLOWED_HOSTS.",
        field=["uri"],
    )
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as error:
        raise BadUserInputError(f"The host {target.host} could not be resolved.", field=["uri"]) from error
    addresses = sorted({str(info[4][0]) for info in infos})
    allowed = fence.allows_name(target.host) or all(fence.allows_address(a) for a in addresses)
    if not addresses or not allowed:
        raise refused
    return addresses[0]
