"""Schema data: the immutable version history of a project, diffs between versions, diagram
layouts, comment threads, and everything generated from a version (reviews, documentation,
explanations, guides, code, embeddings, answers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pgvector.sqlalchemy import Vector
from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    CreatedAt,
    SoftDelete,
    Timestamps,
    UUIDPrimaryKey,
    WorkspaceScoped,
    same_tenant_key,
    text_enum,
)
from app.models.enums import (
    ChangeSeverity,
    CommentTargetKind,
    DocumentationFormat,
    GeneratedCodeTarget,
    ReviewStatus,
    SchemaSourceFormat,
    SqlDialect,
)
from app.models.projects import ProjectScoped

EMBEDDING_DIMENSIONS = 384


class SchemaVersion(UUIDPrimaryKey, CreatedAt, WorkspaceScoped, Base):
    """An immutable snapshot of a project's schema, numbered 1, 2, ... per project."""

    __tablename__ = "schema_versions"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        # Uploading the same schema twice finds the existing version instead of creating one.
        Index("ix_schema_versions_project_id_content_hash", "project_id", "content_hash"),
        CheckConstraint("number >= 1", name="number_positive"),
        *same_tenant_key("project_id", "projects", shared="workspace_id"),
        *same_tenant_key("parent_version_id", "schema_versions", shared="project_id", ondelete="SET NULL"),
        *same_tenant_key("created_by_api_key_id", "api_keys", shared="organization_id", ondelete="SET NULL"),
        # For the (version, project_id) foreign keys of everything made from a version.
        UniqueConstraint("id", "project_id"),
    )

    project_id: Mapped[UUID]
    number: Mapped[int]
    label: Mapped[str | None]
    source_format: Mapped[SchemaSourceFormat] = mapped_column(text_enum(SchemaSourceFormat, "source_format"))
    dialect: Mapped[SqlDialect | None] = mapped_column(text_enum(SqlDialect, "dialect"))
    # Large, and read only by what needs them (see app/ingest/stored_models.py): never loaded
    # with the row, and reading them from a row loaded without them is an error, not a query.
    raw_source: Mapped[str] = mapped_column(Text, deferred=True, deferred_raiseload=True)
    canonical_model: Mapped[dict[str, Any]] = mapped_column(deferred=True, deferred_raiseload=True)
    content_hash: Mapped[str]
    stats: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    warnings: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    parent_version_id: Mapped[UUID | None]
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_api_key_id: Mapped[UUID | None]


class SchemaChange(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    """One difference between two versions; ``position`` keeps the diff in reading order."""

    __tablename__ = "schema_changes"
    __table_args__ = (
        UniqueConstraint("from_version_id", "to_version_id", "position"),
        CheckConstraint("from_version_id <> to_version_id", name="distinct_versions"),
        *same_tenant_key("from_version_id", "schema_versions", shared="project_id"),
        *same_tenant_key("to_version_id", "schema_versions", shared="project_id"),
    )

    from_version_id: Mapped[UUID]
    to_version_id: Mapped[UUID]
    kind: Mapped[str]  # e.g. TABLE_ADDED, COLUMN_TYPE_CHANGED
    severity: Mapped[ChangeSeverity] = mapped_column(text_enum(ChangeSeverity, "severity"))
    path: Mapped[str]  # e.g. public.users.email
    message: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    position: Mapped[int]


class DiagramState(UUIDPrimaryKey, Timestamps, SoftDelete, ProjectScoped, Base):
    """A named ERD layout. Writers compare-and-set ``revision`` so no update is lost."""

    __tablename__ = "diagram_states"
    __table_args__ = (
        Index(
            "uq_diagram_states_project_id_name_live",
            "project_id",
            "name",
            unique=True,
            postgresql_where=text("deleted_at IS NULL"),
        ),
        CheckConstraint("revision >= 1", name="revision_positive"),
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),
        # For project_settings' (default_diagram_id, project_id) foreign key.
        UniqueConstraint("id", "project_id"),
    )

    schema_version_id: Mapped[UUID]
    name: Mapped[str]
    revision: Mapped[int] = mapped_column(server_default=text("1"))
    # Table key -> {x, y, color, collapsed, hidden}: one node is changed without rewriting a list.
    nodes: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    groups: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    notes: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    viewport: Mapped[dict[str, Any]] = mapped_column(
        server_default=text('\'{"x": 0, "y": 0, "zoom": 1}\'::jsonb')
    )
    updated_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class SchemaComment(UUIDPrimaryKey, Timestamps, SoftDelete, ProjectScoped, Base):
    """A comment on the whole schema, a table or a column; replies point at their ``parent_id``."""

    __tablename__ = "schema_comments"
    __table_args__ = (
        CheckConstraint("(target_kind = 'schema') = (target_key IS NULL)", name="target_key_matches_kind"),
        # SET NULL: a comment outlives the version it was written on, it is about the project.
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id", ondelete="SET NULL"),
        *same_tenant_key("parent_id", "schema_comments", shared="project_id"),
        # For replies' (parent_id, project_id) foreign key.
        UniqueConstraint("id", "project_id"),
    )

    schema_version_id: Mapped[UUID | None]
    target_kind: Mapped[CommentTargetKind] = mapped_column(
        text_enum(CommentTargetKind, "target_kind"), server_default=CommentTargetKind.SCHEMA.value
    )
    target_key: Mapped[str | None]  # e.g. public.users or public.users.email
    parent_id: Mapped[UUID | None]
    author_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class SchemaReview(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    """The review rules run on one version: ``pending`` until ``completed`` (or ``failed``)."""

    __tablename__ = "schema_reviews"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),
    )

    schema_version_id: Mapped[UUID]
    status: Mapped[ReviewStatus] = mapped_column(
        text_enum(ReviewStatus, "status"), server_default=ReviewStatus.PENDING.value
    )
    score: Mapped[int | None]
    findings: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    # The rule configuration as it was when the review ran, so old reviews stay explainable.
    rules_config: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    requested_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    completed_at: Mapped[datetime | None]


class DocumentationOutput(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    __tablename__ = "documentation_outputs"
    __table_args__ = (*same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),)

    schema_version_id: Mapped[UUID]
    format: Mapped[DocumentationFormat] = mapped_column(text_enum(DocumentationFormat, "format"))
    content: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class SchemaExplanation(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    __tablename__ = "schema_explanations"
    __table_args__ = (
        # NULLS NOT DISTINCT (PostgreSQL 15+): one explanation without an audience, not one per request.
        UniqueConstraint("schema_version_id", "target_key", "audience", postgresql_nulls_not_distinct=True),
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),
    )

    schema_version_id: Mapped[UUID]
    target_key: Mapped[str]
    audience: Mapped[str | None]
    content: Mapped[str] = mapped_column(Text)


class OnboardingGuide(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    __tablename__ = "onboarding_guides"
    __table_args__ = (*same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),)

    schema_version_id: Mapped[UUID]
    title: Mapped[str]
    content: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class GeneratedCode(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    """Code generated from a version; migration SQL also names the version it migrates from."""

    __tablename__ = "generated_code"
    __table_args__ = (
        CheckConstraint(
            "from_version_id IS NULL OR target = 'migration_sql'", name="from_version_only_for_migrations"
        ),
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),
        *same_tenant_key("from_version_id", "schema_versions", shared="project_id"),
    )

    schema_version_id: Mapped[UUID]
    target: Mapped[GeneratedCodeTarget] = mapped_column(text_enum(GeneratedCodeTarget, "target"))
    target_dialect: Mapped[SqlDialect | None] = mapped_column(text_enum(SqlDialect, "target_dialect"))
    from_version_id: Mapped[UUID | None]
    content: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class SchemaEmbedding(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    """A chunk of a version (a table, a column, a relationship) for hybrid search:
    pgvector cosine similarity plus full-text rank."""

    __tablename__ = "schema_embeddings"
    __table_args__ = (
        Index(
            "ix_schema_embeddings_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
        Index("ix_schema_embeddings_search_vector", "search_vector", postgresql_using="gin"),
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id"),
    )

    schema_version_id: Mapped[UUID]
    target_key: Mapped[str]
    chunk_kind: Mapped[str]
    content: Mapped[str] = mapped_column(Text)
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIMENSIONS))
    # 'simple': identifiers such as order_items must not be stemmed as English words.
    # Only ever queried, so it is not loaded with the row.
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed("to_tsvector('simple', content)", persisted=True),
        deferred=True,
        deferred_raiseload=True,
    )


class AskSchemaLog(UUIDPrimaryKey, CreatedAt, ProjectScoped, Base):
    """A question asked of a schema, its answer and the chunks it was built from."""

    __tablename__ = "ask_schema_logs"
    __table_args__ = (
        *same_tenant_key("schema_version_id", "schema_versions", shared="project_id", ondelete="SET NULL"),
        *same_tenant_key("api_key_id", "api_keys", shared="organization_id", ondelete="SET NULL"),
    )

    schema_version_id: Mapped[UUID | None]
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    api_key_id: Mapped[UUID | None]
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    latency_ms: Mapped[int | None]
    provider: Mapped[str | None]
