"""Prometheus metrics. Module-level, as prometheus_client intends: one registry per process.

With several workers, set PROMETHEUS_MULTIPROC_DIR and /metrics aggregates them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

HTTP_REQUESTS = Counter(
    "vizora_http_requests_total", "HTTP requests by route and status.", ["method", "route", "status"]
)
GRAPHQL_OPERATIONS = Counter(
    "vizora_graphql_operations_total", "GraphQL operations by type.", ["operation_type"]
)
GRAPHQL_LATENCY = Histogram(
    "vizora_graphql_operation_seconds",
    "GraphQL operation latency by type.",
    ["operation_type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
GRAPHQL_ERRORS = Counter("vizora_graphql_errors_total", "GraphQL errors by code.", ["code"])
DB_STATEMENTS = Counter("vizora_db_statements_total", "SQL statements executed for requests.")
DB_STATEMENTS_PER_REQUEST = Histogram(
    "vizora_db_statements_per_request",
    "SQL statements executed per HTTP request.",
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89),
)
DB_POOL_CONNECTIONS = Gauge(
    "vizora_db_pool_connections", "Runtime pool connections by state.", ["state"], multiprocess_mode="livesum"
)
WEBSOCKET_CONNECTIONS = Gauge(
    "vizora_websocket_connections", "Open WebSocket connections.", multiprocess_mode="livesum"
)

SUBSCRIPTION_EXECUTIONS = Gauge(
    "vizora_subscription_executions",
    "Subscriptions executing, each shared by the sockets that subscribed alike.",
    multiprocess_mode="livesum",
)
SUBSCRIPTION_SOCKETS = Gauge(
    "vizora_subscription_sockets",
    "Subscriptions opened by sockets (each reads one shared execution).",
    multiprocess_mode="livesum",
)


def observe_error(code: str) -> None:
    GRAPHQL_ERRORS.labels(code=code).inc()


def observe_statements(count: int) -> None:
    DB_STATEMENTS.inc(count)
    DB_STATEMENTS_PER_REQUEST.observe(count)


def track_pool(checked_out: Callable[[], int], idle: Callable[[], int]) -> None:
    DB_POOL_CONNECTIONS.labels(state="checked_out").set_function(checked_out)
    DB_POOL_CONNECTIONS.labels(state="idle").set_function(idle)


def render_latest() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
