"""A long subscription must not grow the server's memory with every event."""

from __future__ import annotations

from graphql import parse

from app.config import Settings
from graphql_schema.execution import PerEventMemoExecutionContext
from graphql_schema.schema import build_schema


def test_each_subscription_event_collects_fields_in_a_memo_of_its_own() -> None:
    schema = build_schema(Settings())
    document = parse('subscription { diagramUpdated(diagramId: "x") { revision } }')
    subscription = PerEventMemoExecutionContext.build(schema._schema, document)
    assert not isinstance(subscription, list), subscription

    first = subscription.build_per_event_executor({"diagramUpdated": None})
    memo: dict[object, object] = first._relevant_sub_fields  # type: ignore[assignment]
    memo["an earlier event's entry"] = "kept forever, were the memo shared"
    second = subscription.build_per_event_executor({"diagramUpdated": None})

    assert second._relevant_sub_fields == {}
    assert subscription._relevant_sub_fields == {}
