"""Schema intelligence: reviews, documentation, explanations, onboarding guides, generated code,
embeddings for asking questions (pgvector + full text), and the questions asked.

Generated from app/models with `alembic revision --autogenerate`, one migration per domain.
Row-level security, the runtime role and grants follow in 0007.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


EXTENSIONS = ("vector",)


def upgrade() -> None:
    for extension in EXTENSIONS:
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    op.create_table(
        "ask_schema_logs",
        sa.Column("schema_version_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("api_key_id", sa.Uuid(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column(
            "sources",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        sa.Column("provider", sa.String(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["api_keys.id"],
            name=op.f("fk_ask_schema_logs_api_key_id_api_keys"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_ask_schema_logs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_ask_schema_logs_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_ask_schema_logs_schema_version_id_schema_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ask_schema_logs_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_ask_schema_logs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_schema_logs")),
    )
    op.create_index(op.f("ix_ask_schema_logs_api_key_id"), "ask_schema_logs", ["api_key_id"], unique=False)
    op.create_index(
        op.f("ix_ask_schema_logs_organization_id"), "ask_schema_logs", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_ask_schema_logs_project_id"), "ask_schema_logs", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_ask_schema_logs_schema_version_id"), "ask_schema_logs", ["schema_version_id"], unique=False
    )
    op.create_index(op.f("ix_ask_schema_logs_user_id"), "ask_schema_logs", ["user_id"], unique=False)
    op.create_index(
        op.f("ix_ask_schema_logs_workspace_id"), "ask_schema_logs", ["workspace_id"], unique=False
    )
    op.create_table(
        "documentation_outputs",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "markdown",
                "html",
                "json",
                name="format",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_documentation_outputs_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_documentation_outputs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_documentation_outputs_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_documentation_outputs_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_documentation_outputs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documentation_outputs")),
    )
    op.create_index(
        op.f("ix_documentation_outputs_created_by_id"),
        "documentation_outputs",
        ["created_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_documentation_outputs_organization_id"),
        "documentation_outputs",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_documentation_outputs_project_id"), "documentation_outputs", ["project_id"], unique=False
    )
    op.create_index(
        op.f("ix_documentation_outputs_schema_version_id"),
        "documentation_outputs",
        ["schema_version_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_documentation_outputs_workspace_id"), "documentation_outputs", ["workspace_id"], unique=False
    )
    op.create_table(
        "generated_code",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column(
            "target",
            sa.Enum(
                "sql_ddl",
                "sqlalchemy",
                "prisma",
                "typescript",
                "dbml",
                "mermaid",
                "migration_sql",
                name="target",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "target_dialect",
            sa.Enum(
                "postgres",
                "mysql",
                "sqlite",
                "mssql",
                name="target_dialect",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("from_version_id", sa.Uuid(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "from_version_id IS NULL OR target = 'migration_sql'",
            name=op.f("ck_generated_code_from_version_only_for_migrations"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_generated_code_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_generated_code_from_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_generated_code_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_generated_code_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_generated_code_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_generated_code_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generated_code")),
    )
    op.create_index(
        op.f("ix_generated_code_created_by_id"), "generated_code", ["created_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_generated_code_from_version_id"), "generated_code", ["from_version_id"], unique=False
    )
    op.create_index(
        op.f("ix_generated_code_organization_id"), "generated_code", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_generated_code_project_id"), "generated_code", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_generated_code_schema_version_id"), "generated_code", ["schema_version_id"], unique=False
    )
    op.create_index(op.f("ix_generated_code_workspace_id"), "generated_code", ["workspace_id"], unique=False)
    op.create_table(
        "onboarding_guides",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_onboarding_guides_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_onboarding_guides_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_onboarding_guides_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_onboarding_guides_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_onboarding_guides_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_guides")),
    )
    op.create_index(
        op.f("ix_onboarding_guides_created_by_id"), "onboarding_guides", ["created_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_onboarding_guides_organization_id"), "onboarding_guides", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_onboarding_guides_project_id"), "onboarding_guides", ["project_id"], unique=False
    )
    op.create_index(
        op.f("ix_onboarding_guides_schema_version_id"),
        "onboarding_guides",
        ["schema_version_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_onboarding_guides_workspace_id"), "onboarding_guides", ["workspace_id"], unique=False
    )
    op.create_table(
        "schema_embeddings",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column("target_key", sa.String(), nullable=False),
        sa.Column("chunk_kind", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=False),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('simple', content)", persisted=True),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_embeddings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_embeddings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_embeddings_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_embeddings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_embeddings")),
    )
    op.create_index(
        "ix_schema_embeddings_embedding_hnsw",
        "schema_embeddings",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_index(
        op.f("ix_schema_embeddings_organization_id"), "schema_embeddings", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_embeddings_project_id"), "schema_embeddings", ["project_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_embeddings_schema_version_id"),
        "schema_embeddings",
        ["schema_version_id"],
        unique=False,
    )
    op.create_index(
        "ix_schema_embeddings_search_vector",
        "schema_embeddings",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_schema_embeddings_workspace_id"), "schema_embeddings", ["workspace_id"], unique=False
    )
    op.create_table(
        "schema_explanations",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column("target_key", sa.String(), nullable=False),
        sa.Column("audience", sa.String(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_explanations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_explanations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_explanations_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_explanations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_explanations")),
        sa.UniqueConstraint(
            "schema_version_id",
            "target_key",
            "audience",
            name=op.f("uq_schema_explanations_schema_version_id_target_key_audience"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index(
        op.f("ix_schema_explanations_organization_id"),
        "schema_explanations",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_schema_explanations_project_id"), "schema_explanations", ["project_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_explanations_workspace_id"), "schema_explanations", ["workspace_id"], unique=False
    )
    op.create_table(
        "schema_reviews",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "completed",
                "failed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column(
            "findings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "rules_config",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_schema_reviews_score_range")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_reviews_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_reviews_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_schema_reviews_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_reviews_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_reviews_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_reviews")),
    )
    op.create_index(
        op.f("ix_schema_reviews_organization_id"), "schema_reviews", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_schema_reviews_project_id"), "schema_reviews", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_schema_reviews_requested_by_id"), "schema_reviews", ["requested_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_reviews_schema_version_id"), "schema_reviews", ["schema_version_id"], unique=False
    )
    op.create_index(op.f("ix_schema_reviews_workspace_id"), "schema_reviews", ["workspace_id"], unique=False)


def downgrade() -> None:
    op.drop_table("schema_reviews")
    op.drop_table("schema_explanations")
    op.drop_table("schema_embeddings")
    op.drop_table("onboarding_guides")
    op.drop_table("generated_code")
    op.drop_table("documentation_outputs")
    op.drop_table("ask_schema_logs")
    for extension in EXTENSIONS:
        op.execute(f"DROP EXTENSION IF EXISTS {extension}")
