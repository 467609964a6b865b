"""Subscriptions: authorised like any field when they start, and again whenever membership
in the organization changes, so a member who is removed or downgraded is cut off at once
(their subscription ends with the error) — every event delivered is checked against the
caller's current role, without a query per event.

Each event is resolved in a short unit of work of its own (``event_scope``); what the event
is about is loaded once per process and shared by the subscribers it reaches
(``runtime.event_loads``).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.identity.viewer import Viewer
from app.models import DiagramState as DiagramRow
from app.models.enums import WorkspaceRole
from app.realtime.broker import Event
from app.realtime.streams import merged
from app.realtime.topics import diagram_topic, is_diagram_topic, organization_topic, project_topic, user_topic
from app.runtime import Runtime
from graphql_schema.audit import Notification
from graphql_schema.context import EventScope, Info, event_scope
from graphql_schema.diagrams import DiagramNode, DiagramState, DiagramUpdateEvent
from graphql_schema.identity import User
from graphql_schema.permissions import require_role, require_viewer
from graphql_schema.realtime import DiagramChangedEvent, DiagramChangeKind, SchemaVersionCreatedEvent
from graphql_schema.versions import SchemaVersion
from resolvers.ids import required_id


@dataclass(frozen=True)
class Watch:
    """A subscriber's standing in one workspace, re-checked when memberships change."""

    runtime: Runtime
    viewer: Viewer
    workspace_id: UUID
    organization_id: UUID
    field: str

    async def check(self, scope: EventScope) -> None:
        role = await scope.loaders.workspace_role_by_workspace_id.load(self.workspace_id)
        require_role(role, WorkspaceRole.VIEWER, "workspace", field=[self.field])

    async def events(self, topic: str) -> AsyncGenerator[tuple[Event, EventScope], None]:
        broker = self.runtime.broker
        assert broker is not None, "the runtime's broker is started with the server"
        async with (
            broker.subscribe(topic) as events,
            broker.subscribe(organization_topic(self.organization_id)) as memberships,
            aclosing(merged(events, memberships)) as stream,
        ):
            async for source, event in stream:
                async with event_scope(self.runtime, self.viewer) as scope:
                    if source is memberships:
                        await self.check(scope)
                        continue
                    # Only diagram events fold: each carries the whole change it stands for.
                    waiting = source.take_waiting() if is_diagram_topic(event.topic) else []
                    yield fold(event, waiting), scope


def fold(event: Event, waiting: list[Event]) -> Event:
    """Diagram events that piled up for one subscriber, as one: the newest revision, with
    every node changed since (with their values, or by key only when any came by key)."""
    if not waiting:
        return event
    newest = waiting[-1]
    carried = [item.payload["nodes"] for item in (event, *waiting)]
    if all(isinstance(nodes, dict) for nodes in carried):
        nodes: dict[str, Any] | list[str] = {key: node for each in carried for key, node in each.items()}
    else:
        nodes = sorted({key for each in carried for key in each})
    return Event(newest.topic, {**newest.payload, "nodes": nodes})


async def _watch(info: Info, loader: str, row_id: UUID, label: str, field: str) -> Watch:
    viewer = require_viewer(info)
    runtime = info.context.runtime
    async with event_scope(runtime, viewer) as scope:
        row = await getattr(scope.loaders, loader).load(row_id)
        if row is None:
            require_role(None, WorkspaceRole.VIEWER, label, field=[field])
        watch = Watch(runtime, viewer, row.workspace_id, row.organization_id, field)
        await watch.check(scope)
    return watch


async def diagram_updates(info: Info, diagram_id: str) -> AsyncIterator[DiagramUpdateEvent]:
    row_id = required_id(diagram_id, "DiagramState", "diagramId")
    watch = await _watch(info, "diagram_by_id", row_id, "diagram", "diagramId")
    memo = info.context.runtime.event_loads
    # Closed on the way out, not left to the garbage collector: the generator is paused
    # inside the event's unit of work, which holds a pooled connection.
    async with aclosing(watch.events(diagram_topic(row_id))) as events:
        async for event, scope in events:
            payload = event.payload
            row: DiagramRow | None = await memo.get(
                ("diagram", row_id, payload["revision"]), _load, scope, "diagram_by_id", row_id
            )
            if row is None:  # deleted since
                return
            carried = payload["nodes"]
            nodes = (
                carried
                if isinstance(carried, dict)
                else {key: row.nodes[key] for key in carried if key in row.nodes}
            )
            yield DiagramUpdateEvent(
                revision=payload["revision"],
                diagram=DiagramState.from_row(row),
                changed_nodes=[DiagramNode.of(key, node) for key, node in nodes.items()],
                actor=await _actor(info, event, scope),
            )


async def project_events(info: Info, project_id: str) -> AsyncIterator[Any]:
    row_id = required_id(project_id, "Project", "projectId")
    watch = await _watch(info, "project_by_id", row_id, "project", "projectId")
    memo = info.context.runtime.event_loads
    async with aclosing(watch.events(project_topic(row_id))) as events:  # as in diagram_updates
        async for event, scope in events:
            payload = event.payload
            actor = await _actor(info, event, scope)
            if payload["kind"] == "version_created":
                version_id = UUID(payload["version_id"])
                version = await memo.get(
                    ("version", version_id), _load, scope, "schema_version_by_id", version_id
                )
                if version is not None:
                    yield SchemaVersionCreatedEvent(
                        schema_version=SchemaVersion.from_row(version), actor=actor
                    )
                continue
            diagram_id = UUID(payload["diagram_id"])
            diagram = await memo.get(
                ("diagram", diagram_id, payload["revision"], payload["kind"]),
                _load,
                scope,
                "diagram_by_id",
                diagram_id,
            )
            yield DiagramChangedEvent(
                kind=DiagramChangeKind(payload["kind"]),
                diagram_id=payload["diagram_id"],
                diagram=DiagramState.from_row(diagram) if diagram else None,
                actor=actor,
            )


async def notifications(info: Info) -> AsyncIterator[Notification]:
    viewer = require_viewer(info)
    if viewer.user_id is None:
        require_role(None, WorkspaceRole.VIEWER, "user", field=[])  # API keys have no inbox
    broker = info.context.runtime.broker
    assert broker is not None
    async with broker.subscribe(user_topic(viewer.user_id)) as events:  # type: ignore[arg-type]
        async for event in events:
            async with event_scope(info.context.runtime, viewer) as scope:
                row = await scope.loaders.notification_by_id.load(UUID(event.payload["notification_id"]))
                if row is not None:
                    yield Notification.from_row(row)


async def _load(scope: EventScope, loader: str, key: UUID) -> Any:
    """A row through one of the scope's loaders, which are made only if a load happens."""
    return await getattr(scope.loaders, loader).load(key)


async def _actor(info: Info, event: Event, scope: EventScope) -> User | None:
    actor_id = event.payload.get("actor_id")
    if not actor_id:
        return None
    user_id = UUID(actor_id)
    # Keyed by the event, not only the user: a later event shows a renamed user's new name.
    key = ("actor", event.topic, event.payload.get("revision"), event.payload.get("version_id"), user_id)
    row = await info.context.runtime.event_loads.get(key, _load, scope, "user_by_id", user_id)
    return User.from_row(row) if row else None
