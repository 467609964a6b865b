"""A subscriber that fell behind gets the diagram events that piled up as one delivery."""

from __future__ import annotations

from app.realtime.broker import Event
from resolvers.realtime import fold

TOPIC = "diagram:7"


def moved(revision: int, nodes: dict[str, dict[str, float]] | list[str]) -> Event:
    return Event(TOPIC, {"diagram_id": "7", "revision": revision, "nodes": nodes, "actor_id": f"u{revision}"})


def test_waiting_events_fold_into_the_newest_with_every_changed_node() -> None:
    folded = fold(
        moved(2, {"a": {"x": 1.0}}),
        [moved(3, {"b": {"x": 2.0}}), moved(4, {"a": {"x": 3.0}})],
    )

    assert folded.payload["revision"] == 4
    assert folded.payload["actor_id"] == "u4"
    assert folded.payload["nodes"] == {"a": {"x": 3.0}, "b": {"x": 2.0}}


def test_an_event_that_carried_keys_only_makes_the_fold_keys_only() -> None:
    folded = fold(moved(2, {"a": {"x": 1.0}}), [moved(3, ["c", "b"])])

    assert folded.payload["nodes"] == ["a", "b", "c"]


def test_nothing_waiting_leaves_the_event_as_it_is() -> None:
    event = moved(2, {"a": {"x": 1.0}})

    assert fold(event, []) is event
