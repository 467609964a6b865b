"""How operations execute: Strawberry's executor, with one fix for long subscriptions."""

from __future__ import annotations

from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class PerEventMemoExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core 3.3 copies a subscription's executor for each event, and the copies share
    its memo of collected sub-fields. That memo is keyed by the identity of lists made per
    event, so entries never hit again and never leave: a subscription alive for hours grows
    the heap (and every garbage collection) with each event. Each event gets its own memo."""

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor
