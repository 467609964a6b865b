"""Realtime: events (a diagram updated, a version created, a notification) fanned out to the
WebSocket subscribers of every server process.

``broker.py`` holds the event envelope, the ``Broker`` interface with its per-process fan-out,
and ``open_broker``; ``in_process.py``, ``postgres_notify.py`` and ``redis_pubsub.py`` carry
events between processes; ``outbox.py`` holds a unit of work's events until it commits.
"""
