"""Schema history: immutable versions, their diffs, diagram layouts, comments, and project settings
(which point at a default diagram).

Generated from app/models with `alembic revision --autogenerate`, one migration per domain.
Row-level security, the runtime role and grants follow in 0007.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schema_versions",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column(
            "source_format",
            sa.Enum(
                "sql",
                "mermaid",
                "dbml",
                "json",
                "introspection",
                name="source_format",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "dialect",
            sa.Enum(
                "postgres",
                "mysql",
                "sqlite",
                "mssql",
                name="dialect",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("raw_source", sa.Text(), nullable=False),
        sa.Column("canonical_model", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column(
            "stats",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "warnings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("parent_version_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_api_key_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_schema_versions_number_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_api_key_id"],
            ["api_keys.id"],
            name=op.f("fk_schema_versions_created_by_api_key_id_api_keys"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_schema_versions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_versions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_versions_parent_version_id_schema_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_versions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_versions")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_schema_versions_project_id_number")),
    )
    op.create_index(
        op.f("ix_schema_versions_created_by_api_key_id"),
        "schema_versions",
        ["created_by_api_key_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_schema_versions_created_by_id"), "schema_versions", ["created_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_versions_organization_id"), "schema_versions", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_versions_parent_version_id"), "schema_versions", ["parent_version_id"], unique=False
    )
    op.create_index(
        "ix_schema_versions_project_id_content_hash",
        "schema_versions",
        ["project_id", "content_hash"],
        unique=False,
    )
    op.create_index(
        op.f("ix_schema_versions_workspace_id"), "schema_versions", ["workspace_id"], unique=False
    )
    op.create_table(
        "diagram_states",
        sa.Column("schema_version_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column(
            "nodes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "groups",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "notes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "viewport",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text('\'{"x": 0, "y": 0, "zoom": 1}\'::jsonb'),
            nullable=False,
        ),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_diagram_states_revision_positive")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_diagram_states_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_diagram_states_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_diagram_states_schema_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_diagram_states_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_diagram_states_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagram_states")),
    )
    op.create_index(
        op.f("ix_diagram_states_organization_id"), "diagram_states", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_diagram_states_project_id"), "diagram_states", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_diagram_states_schema_version_id"), "diagram_states", ["schema_version_id"], unique=False
    )
    op.create_index(
        op.f("ix_diagram_states_updated_by_id"), "diagram_states", ["updated_by_id"], unique=False
    )
    op.create_index(op.f("ix_diagram_states_workspace_id"), "diagram_states", ["workspace_id"], unique=False)
    op.create_index(
        "uq_diagram_states_project_id_name_live",
        "diagram_states",
        ["project_id", "name"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "schema_changes",
        sa.Column("from_version_id", sa.Uuid(), nullable=False),
        sa.Column("to_version_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "safe",
                "warning",
                "breaking",
                name="severity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "from_version_id <> to_version_id", name=op.f("ck_schema_changes_distinct_versions")
        ),
        sa.ForeignKeyConstraint(
            ["from_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_changes_from_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_changes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_changes_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_changes_to_version_id_schema_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_changes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_changes")),
        sa.UniqueConstraint(
            "from_version_id",
            "to_version_id",
            "position",
            name=op.f("uq_schema_changes_from_version_id_to_version_id_position"),
        ),
    )
    op.create_index(
        op.f("ix_schema_changes_organization_id"), "schema_changes", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_schema_changes_project_id"), "schema_changes", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_schema_changes_to_version_id"), "schema_changes", ["to_version_id"], unique=False
    )
    op.create_index(op.f("ix_schema_changes_workspace_id"), "schema_changes", ["workspace_id"], unique=False)
    op.create_table(
        "schema_comments",
        sa.Column("schema_version_id", sa.Uuid(), nullable=True),
        sa.Column(
            "target_kind",
            sa.Enum(
                "schema",
                "table",
                "column",
                name="target_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="schema",
            nullable=False,
        ),
        sa.Column("target_key", sa.String(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(target_kind = 'schema') = (target_key IS NULL)",
            name=op.f("ck_schema_comments_target_key_matches_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_schema_comments_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_schema_comments_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["schema_comments.id"],
            name=op.f("fk_schema_comments_parent_id_schema_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_schema_comments_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_schema_comments_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["schema_version_id"],
            ["schema_versions.id"],
            name=op.f("fk_schema_comments_schema_version_id_schema_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_schema_comments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_comments")),
    )
    op.create_index(op.f("ix_schema_comments_author_id"), "schema_comments", ["author_id"], unique=False)
    op.create_index(
        op.f("ix_schema_comments_organization_id"), "schema_comments", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_schema_comments_parent_id"), "schema_comments", ["parent_id"], unique=False)
    op.create_index(op.f("ix_schema_comments_project_id"), "schema_comments", ["project_id"], unique=False)
    op.create_index(
        op.f("ix_schema_comments_resolved_by_id"), "schema_comments", ["resolved_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_comments_schema_version_id"), "schema_comments", ["schema_version_id"], unique=False
    )
    op.create_index(
        op.f("ix_schema_comments_workspace_id"), "schema_comments", ["workspace_id"], unique=False
    )
    op.create_table(
        "project_settings",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column(
            "review_rules",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("naming_convention", sa.String(), nullable=True),
        sa.Column("documentation_template", sa.Text(), nullable=True),
        sa.Column("default_diagram_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["default_diagram_id"],
            ["diagram_states.id"],
            name=op.f("fk_project_settings_default_diagram_id_diagram_states"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_project_settings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_settings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_project_settings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_settings")),
        sa.UniqueConstraint("project_id", name=op.f("uq_project_settings_project_id")),
    )
    op.create_index(
        op.f("ix_project_settings_default_diagram_id"),
        "project_settings",
        ["default_diagram_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_project_settings_organization_id"), "project_settings", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_project_settings_workspace_id"), "project_settings", ["workspace_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("project_settings")
    op.drop_table("schema_comments")
    op.drop_table("schema_changes")
    op.drop_table("diagram_states")
    op.drop_table("schema_versions")
