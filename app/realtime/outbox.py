"""Events a unit of work raises, held until its transaction commits.

A subscriber told "diagram updated" refetches at once; published before the commit, the
event would send it to read the old diagram, or one that a rollback never let exist.
"""

from __future__ import annotations

from app.realtime.broker import Broker, Event, logger


class EventQueue:
    """Collects events during a transaction: ``flush(broker)`` after commit, ``discard()`` on rollback."""

    def __init__(self) -> None:
        self._events: list[Event] = []

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    def add(self, event: Event) -> None:
        """Queue an event; an oversized one is refused now (ValueError), while the mutation can still fail."""
        event.encode()
        self._events.append(event)

    def discard(self) -> None:
        self._events.clear()

    async def flush(self, broker: Broker) -> None:
        """Publish the queued events in order, then forget them.

        Best effort: the transaction has committed, so an event that cannot be published is
        logged and skipped rather than turning a done mutation into an error. Subscribers
        catch up when they next refetch.
        """
        events, self._events = self._events, []
        for event in events:
            try:
                await broker.publish(event)
            except Exception:
                logger.exception("realtime event lost after commit", topic=event.topic)
