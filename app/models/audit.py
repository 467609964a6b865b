"""Audit and analytics: the activity log of every mutation, in-app notifications, feedback,
and feature usage events. All append-only except a notification's ``read_at``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, column, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedAt, OrganizationScoped, UUIDPrimaryKey, same_tenant_key, text_enum
from app.models.enums import FeedbackKind, NotificationKind


class ActivityLog(UUIDPrimaryKey, CreatedAt, OrganizationScoped, Base):
    __tablename__ = "activity_logs"
    __table_args__ = (
        Index(
            "ix_activity_logs_organization_id_created_at_id",
            "organization_id",
            column("created_at").desc(),
            column("id").desc(),
        ),
        *same_tenant_key("workspace_id", "workspaces", shared="organization_id", ondelete="SET NULL"),
        *same_tenant_key("actor_api_key_id", "api_keys", shared="organization_id", ondelete="SET NULL"),
    )
    # Every member appends, only admins read back: an insert must not fetch server defaults
    # with RETURNING (it would need read access). Writers set the id themselves.
    __mapper_args__ = {"eager_defaults": False}

    # Not indexed on its own: it leads the listing index above, and this table is the largest.
    organization_id: Mapped[UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    # SET NULL: the organization's audit trail keeps what happened in a workspace purged since.
    workspace_id: Mapped[UUID | None]
    actor_user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_api_key_id: Mapped[UUID | None]
    action: Mapped[str]  # e.g. project.create
    target_type: Mapped[str]
    target_id: Mapped[UUID | None]
    # "metadata" in the product brief; that attribute name is reserved by declarative models.
    details: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    ip_address: Mapped[str | None]
    request_id: Mapped[str | None]


class Notification(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        Index(
            "ix_notifications_user_id_created_at_unread",
            "user_id",
            "created_at",
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    # Not indexed on its own: it leads both indexes above.
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NotificationKind] = mapped_column(text_enum(NotificationKind, "kind"))
    title: Mapped[str]
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    read_at: Mapped[datetime | None]


class UserFeedback(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "user_feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SET NULL: feedback about the product stays useful after the organization is gone.
    organization_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[FeedbackKind] = mapped_column(text_enum(FeedbackKind, "kind"))
    message: Mapped[str] = mapped_column(Text)
    rating: Mapped[int | None]
    page: Mapped[str | None]


class FeatureUsage(UUIDPrimaryKey, OrganizationScoped, Base):
    """One row per use of a feature, for product analytics (limits use ``usage_counters``)."""

    __tablename__ = "feature_usage"
    __table_args__ = (
        Index(
            "ix_feature_usage_organization_id_feature_occurred_at",
            "organization_id",
            "feature",
            "occurred_at",
        ),
        *same_tenant_key("workspace_id", "workspaces", shared="organization_id"),
    )

    # Not indexed on its own: it leads the index above.
    organization_id: Mapped[UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    workspace_id: Mapped[UUID | None]
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    feature: Mapped[str]
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now())
    details: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
