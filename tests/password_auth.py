"""Making the test server check one role's password.

The embedded server trusts every local login (initdb --auth=trust), so a wrong password would
go unnoticed. Tests of authentication failures put scram-sha-256 rules for their own role
(Unix socket and loopback) at the top of pg_hba.conf (first match wins) and reload; other
roles are unaffected.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.db.bootstrap import raw_connect


async def require_password_for(server_url: str, role: str) -> None:
    connection = await raw_connect(server_url)
    try:
        hba_file = Path(await connection.fetchval("SHOW hba_file"))
        rules = f"local all {role} scram-sha-256\n" + "".join(
            f"host all {role} {network} scram-sha-256\n" for network in ("127.0.0.1/32", "::1/128")
        )
        await asyncio.to_thread(_prepend, hba_file, rules)
        await connection.execute("SELECT pg_reload_conf()")
    finally:
        await connection.close()


def _prepend(hba_file: Path, rules: str) -> None:
    if not hba_file.is_file():
        raise RuntimeError(
            f"{hba_file} is not on this machine: password tests need a local test server "
            "(unset TEST_DATABASE_URL to use the embedded one)."
        )
    hba_file.write_text(rules + hba_file.read_text())
