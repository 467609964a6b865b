"""Subscriptions (WebSocket: graphql-transport-ws, or the legacy graphql-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from graphql_schema.audit import Notification
from graphql_schema.context import Info
from graphql_schema.diagrams import DiagramUpdateEvent
from graphql_schema.realtime import ProjectEvent
from resolvers.realtime import diagram_updates, notifications, project_events


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every saved change of a diagram: its new revision, the nodes that changed, who did it. "
        "Ends with an error when the caller loses access to the workspace."
    )
    async def diagram_updated(
        self, info: Info, diagram_id: strawberry.ID
    ) -> AsyncGenerator[DiagramUpdateEvent, None]:
        async for event in diagram_updates(info, diagram_id):
            yield event

    @strawberry.subscription(
        description="Versions created and diagrams created, changed or deleted in a project."
    )
    async def project_events(
        self, info: Info, project_id: strawberry.ID
    ) -> AsyncGenerator[ProjectEvent, None]:
        async for event in project_events(info, project_id):
            yield event

    @strawberry.subscription(description="The caller's new in-app notifications.")
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        async for notification in notifications(info):
            yield notification
