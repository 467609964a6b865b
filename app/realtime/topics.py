"""The topics events travel on, named in one place so publishers and subscribers agree."""

from __future__ import annotations

from uuid import UUID

from app.realtime.broker import Event


def diagram_topic(diagram_id: UUID) -> str:
    return f"diagram:{diagram_id}"


def is_diagram_topic(topic: str) -> bool:
    return topic.startswith("diagram:")


def project_topic(project_id: UUID) -> str:
    return f"project:{project_id}"


def organization_topic(organization_id: UUID) -> str:
    """Membership changes: subscriptions in the organization re-check their caller's role."""
    return f"organization:{organization_id}"


def user_topic(user_id: UUID) -> str:
    return f"user:{user_id}"


def membership_changed(organization_id: UUID) -> Event:
    return Event(organization_topic(organization_id), {"kind": "membership_changed"})
