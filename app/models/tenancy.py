"""Tenancy: organizations (the tenant and billing entity), workspaces, memberships, invitations,
and the outbox of emails they cause."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import CITEXT
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    CreatedAt,
    OrganizationScoped,
    SoftDelete,
    Timestamps,
    UUIDPrimaryKey,
    WorkspaceScoped,
    same_tenant_key,
    text_enum,
)
from app.models.enums import OrganizationRole, WorkspaceRole


class Organization(UUIDPrimaryKey, Timestamps, SoftDelete, Base):
    __tablename__ = "organizations"
    __table_args__ = (
        Index("uq_organizations_slug_live", "slug", unique=True, postgresql_where=text("deleted_at IS NULL")),
    )

    name: Mapped[str]
    slug: Mapped[str]
    billing_customer_id: Mapped[str | None] = mapped_column(unique=True)


class OrganizationMember(UUIDPrimaryKey, Timestamps, OrganizationScoped, Base):
    __tablename__ = "organization_members"
    # user_id first: the organization_id index already serves "members of an organization".
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[OrganizationRole] = mapped_column(text_enum(OrganizationRole, "role"))


class Workspace(UUIDPrimaryKey, Timestamps, SoftDelete, OrganizationScoped, Base):
    __tablename__ = "workspaces"
    __table_args__ = (
        Index(
            "uq_workspaces_organization_id_slug_live",
            "organization_id",
            "slug",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # For the (workspace_id, organization_id) foreign keys of workspace-level rows.
        UniqueConstraint("id", "organization_id"),
    )

    name: Mapped[str]
    slug: Mapped[str]
    description: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[datetime | None]


class WorkspaceMember(UUIDPrimaryKey, Timestamps, WorkspaceScoped, Base):
    __tablename__ = "workspace_members"
    # user_id first: the workspace_id index already serves "members of a workspace".
    __table_args__ = (UniqueConstraint("user_id", "workspace_id"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[WorkspaceRole] = mapped_column(text_enum(WorkspaceRole, "role"))


class Invitation(UUIDPrimaryKey, CreatedAt, OrganizationScoped, Base):
    """A single-use invitation by email. Pending means neither accepted nor revoked; an expired
    one still counts as pending, so re-inviting revokes it before creating the next."""

    __tablename__ = "invitations"
    __table_args__ = (
        Index(
            "uq_invitations_organization_id_email_pending",
            "organization_id",
            "email",
            unique=True,
            postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
        ),
        CheckConstraint(
            "(workspace_id IS NULL) = (workspace_role IS NULL)", name="workspace_role_with_workspace"
        ),
        CheckConstraint("accepted_at IS NULL OR revoked_at IS NULL", name="single_outcome"),
        *same_tenant_key("workspace_id", "workspaces", shared="organization_id"),
    )

    workspace_id: Mapped[UUID | None]
    email: Mapped[str] = mapped_column(CITEXT)
    organization_role: Mapped[OrganizationRole] = mapped_column(
        text_enum(OrganizationRole, "organization_role")
    )
    workspace_role: Mapped[WorkspaceRole | None] = mapped_column(text_enum(WorkspaceRole, "workspace_role"))
    token_hash: Mapped[str] = mapped_column(unique=True)
    invited_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revoked_at: Mapped[datetime | None]


class EmailOutbox(UUIDPrimaryKey, CreatedAt, Base):
    """Emails written in the same transaction as the change that causes them, sent afterwards
    by a worker, so that a rolled-back mutation never sends mail."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        Index("ix_email_outbox_pending", "created_at", postgresql_where=text("sent_at IS NULL")),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )
    # The API may append mail but never read it back (no SELECT grant), so inserts must not
    # fetch server defaults with RETURNING; callers set the id themselves.
    __mapper_args__ = {"eager_defaults": False}

    # SET NULL, not CASCADE: mail about a deleted organization must still go out.
    organization_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str]
    subject: Mapped[str]
    body_text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str]
    payload: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
