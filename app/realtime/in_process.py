"""The broker for a single worker (development, tests): events never leave the process."""

from __future__ import annotations

from app.realtime.broker import Broker


class InProcessBroker(Broker):
    """Publishing hands the encoded event straight to this process's subscribers.

    The event goes through JSON like on the other transports, so a subscriber never shares
    the publisher's payload dict, and a payload that would not survive the wire fails here too.
    """

    async def _open(self) -> None:
        """Nothing to connect to."""

    async def _shut(self) -> None:
        """Nothing to disconnect."""

    async def _listen(self, topic: str) -> None:
        """Routing is all local: the subscriber table is the listener."""

    async def _unlisten(self, topic: str) -> None:
        """Routing is all local: the subscriber table is the listener."""

    async def _send(self, topic: str, message: str) -> None:
        self._dispatch(message)
