"""Projects: the unit a schema history belongs to, its settings, and its live database connections."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey, Index, LargeBinary, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    SoftDelete,
    Timestamps,
    UUIDPrimaryKey,
    WorkspaceScoped,
    add_table_rules,
    same_tenant_key,
    text_enum,
)
from app.models.enums import SqlDialect


class Project(UUIDPrimaryKey, Timestamps, SoftDelete, WorkspaceScoped, Base):
    __tablename__ = "projects"
    __table_args__ = (
        Index(
            "uq_projects_workspace_id_name_live",
            "workspace_id",
            "name",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(
            "uq_projects_workspace_id_slug_live",
            "workspace_id",
            "slug",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # Trigram index: ``Workspace.projects(search:)`` matches any part of a name.
        Index(
            "ix_projects_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}
        ),
        # For the children's (project_id, workspace_id) foreign keys.
        UniqueConstraint("id", "workspace_id"),
    )

    name: Mapped[str]
    slug: Mapped[str]
    description: Mapped[str | None] = mapped_column(Text)
    default_dialect: Mapped[SqlDialect | None] = mapped_column(text_enum(SqlDialect, "default_dialect"))
    archived_at: Mapped[datetime | None]
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class ProjectScoped(WorkspaceScoped):
    """Rows that belong to one project and go when it goes; the project is referenced together
    with the workspace, so the two keys cannot disagree."""

    project_id: Mapped[UUID]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        add_table_rules(cls, same_tenant_key("project_id", "projects", shared="workspace_id"))


class ProjectSettings(UUIDPrimaryKey, Timestamps, WorkspaceScoped, Base):
    """One row per project (1:1)."""

    __tablename__ = "project_settings"
    __table_args__ = (
        *same_tenant_key("project_id", "projects", shared="workspace_id"),
        *same_tenant_key("default_diagram_id", "diagram_states", shared="project_id", ondelete="SET NULL"),
    )

    project_id: Mapped[UUID] = mapped_column(unique=True)
    # Rule code -> options (enabled, severity, parameters); rules absent here use their defaults.
    review_rules: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    naming_convention: Mapped[str | None]
    documentation_template: Mapped[str | None] = mapped_column(Text)
    default_diagram_id: Mapped[UUID | None]


class Connection(UUIDPrimaryKey, Timestamps, SoftDelete, ProjectScoped, Base):
    """A live database to introspect. The URI (with its password) is only stored encrypted."""

    __tablename__ = "connections"
    __table_args__ = (
        Index(
            "uq_connections_project_id_name_live",
            "project_id",
            "name",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    name: Mapped[str]
    db_type: Mapped[str]
    encrypted_uri: Mapped[bytes] = mapped_column(LargeBinary)  # AES-GCM ciphertext
    display_uri: Mapped[str]  # host, port, database and user; never the password
    read_only: Mapped[bool] = mapped_column(server_default=text("true"))
    # Empty means every non-system schema.
    included_schemas: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    last_introspected_at: Mapped[datetime | None]
    last_status: Mapped[str | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
