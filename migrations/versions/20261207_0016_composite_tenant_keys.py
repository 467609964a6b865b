"""Tenant keys by construction: a row that carries its parent's tenant column references the
parent together with it, so the denormalised columns cannot disagree.

Every workspace-level row references ``workspaces (id, organization_id)`` with its own
``(workspace_id, organization_id)``; every project-level row ``projects (id, workspace_id)``;
everything made from a version ``schema_versions (id, project_id)``; a default diagram, a
reply, an invoice's subscription, a line's or payment's invoice and the API key that wrote a
row likewise. Each composite key replaces the single-column one of the same name, with the
same ON DELETE (``SET NULL`` empties only the reference, never the tenant column: PostgreSQL
15+), and its index leads with both columns instead of the reference alone. The parents get
``UNIQUE (id, <tenant column>)`` for the keys to point at.

The keys are added ``NOT VALID`` and then validated, so rows written before this migration
are checked too: one that disagrees with its parent stops the upgrade, naming its table.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from typing import NamedTuple

from alembic import op
from sqlalchemy.exc import IntegrityError

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (table, column) that had no index of its own before: each led a unique key, or was one.
INDEXED_BY_A_UNIQUE_KEY = {
    ("project_settings", "project_id"),
    ("schema_versions", "project_id"),
    ("schema_changes", "from_version_id"),
    ("schema_explanations", "schema_version_id"),
}


class Reference(NamedTuple):
    table: str
    column: str
    parent: str
    shared: str  # the tenant column both rows carry
    ondelete: str = "CASCADE"

    @property
    def constraint(self) -> str:
        return f"fk_{self.table}_{self.column}_{self.parent}"

    @property
    def action(self) -> str:
        return f"SET NULL ({self.column})" if self.ondelete == "SET NULL" else self.ondelete

    @property
    def indexed_alone(self) -> bool:
        return (self.table, self.column) not in INDEXED_BY_A_UNIQUE_KEY


# (parent, tenant column): UNIQUE (id, tenant column), which the composite keys reference.
PARENT_KEYS = (
    ("workspaces", "organization_id"),
    ("projects", "workspace_id"),
    ("schema_versions", "project_id"),
    ("diagram_states", "project_id"),
    ("schema_comments", "project_id"),
    ("api_keys", "organization_id"),
    ("subscriptions", "organization_id"),
    ("invoices", "organization_id"),
)

PROJECT_LEVEL = (
    "connections",
    "schema_changes",
    "diagram_states",
    "schema_comments",
    "schema_reviews",
    "documentation_outputs",
    "schema_explanations",
    "onboarding_guides",
    "generated_code",
    "schema_embeddings",
    "ask_schema_logs",
)
WORKSPACE_LEVEL = (
    "workspace_members",
    "projects",
    "project_settings",
    "schema_versions",
    *PROJECT_LEVEL,
    "api_keys",
    "invitations",
    "feature_usage",
)
MADE_FROM_A_VERSION = (
    "diagram_states",
    "schema_reviews",
    "documentation_outputs",
    "schema_explanations",
    "onboarding_guides",
    "generated_code",
    "schema_embeddings",
)

REFERENCES = (
    *(Reference(table, "workspace_id", "workspaces", "organization_id") for table in WORKSPACE_LEVEL),
    Reference("activity_logs", "workspace_id", "workspaces", "organization_id", "SET NULL"),
    *(Reference(table, "project_id", "projects", "workspace_id") for table in PROJECT_LEVEL),
    Reference("project_settings", "project_id", "projects", "workspace_id"),
    Reference("schema_versions", "project_id", "projects", "workspace_id"),
    *(
        Reference(table, "schema_version_id", "schema_versions", "project_id")
        for table in MADE_FROM_A_VERSION
    ),
    Reference("schema_comments", "schema_version_id", "schema_versions", "project_id", "SET NULL"),
    Reference("ask_schema_logs", "schema_version_id", "schema_versions", "project_id", "SET NULL"),
    Reference("schema_versions", "parent_version_id", "schema_versions", "project_id", "SET NULL"),
    Reference("schema_changes", "from_version_id", "schema_versions", "project_id"),
    Reference("schema_changes", "to_version_id", "schema_versions", "project_id"),
    Reference("generated_code", "from_version_id", "schema_versions", "project_id"),
    Reference("project_settings", "default_diagram_id", "diagram_states", "project_id", "SET NULL"),
    Reference("schema_comments", "parent_id", "schema_comments", "project_id"),
    Reference("schema_versions", "created_by_api_key_id", "api_keys", "organization_id", "SET NULL"),
    Reference("ask_schema_logs", "api_key_id", "api_keys", "organization_id", "SET NULL"),
    Reference("activity_logs", "actor_api_key_id", "api_keys", "organization_id", "SET NULL"),
    Reference("invoices", "subscription_id", "subscriptions", "organization_id", "SET NULL"),
    Reference("invoice_lines", "invoice_id", "invoices", "organization_id"),
    Reference("payments", "invoice_id", "invoices", "organization_id", "SET NULL"),
)


def upgrade() -> None:
    for parent, shared in PARENT_KEYS:
        op.execute(f"ALTER TABLE {parent} ADD CONSTRAINT uq_{parent}_id_{shared} UNIQUE (id, {shared})")
    for ref in REFERENCES:
        op.execute(
            f"CREATE INDEX ix_{ref.table}_{ref.column}_{ref.shared} ON {ref.table} ({ref.column}, {ref.shared})"
        )
        if ref.indexed_alone:
            op.execute(f"DROP INDEX ix_{ref.table}_{ref.column}")
        op.execute(f"ALTER TABLE {ref.table} DROP CONSTRAINT {ref.constraint}")
        op.execute(
            f"ALTER TABLE {ref.table} ADD CONSTRAINT {ref.constraint} FOREIGN KEY ({ref.column}, {ref.shared}) "
            f"REFERENCES {ref.parent} (id, {ref.shared}) ON DELETE {ref.action} NOT VALID"
        )
    for ref in REFERENCES:
        _validate(ref)


def _validate(ref: Reference) -> None:
    """Check the rows already there; one that disagrees with its parent stops the upgrade with
    a message that says where, instead of the driver's "insert or update … violates"."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(f"ALTER TABLE {ref.table} VALIDATE CONSTRAINT {ref.constraint}")
    except IntegrityError as error:
        offending = bind.exec_driver_sql(
            f"SELECT count(*), min(child.id::text) FROM {ref.table} child WHERE child.{ref.column} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {ref.parent} parent "
            f"WHERE parent.id = child.{ref.column} AND parent.{ref.shared} = child.{ref.shared})"
        ).one()
        raise RuntimeError(
            f"{ref.table}: {offending[0]} row(s) whose {ref.shared} differs from that of their "
            f"{ref.parent} row ({ref.column}), for example id {offending[1]}. Correct or remove "
            "them, then upgrade again."
        ) from error


def downgrade() -> None:
    for ref in reversed(REFERENCES):
        op.execute(f"ALTER TABLE {ref.table} DROP CONSTRAINT {ref.constraint}")
        op.execute(
            f"ALTER TABLE {ref.table} ADD CONSTRAINT {ref.constraint} FOREIGN KEY ({ref.column}) "
            f"REFERENCES {ref.parent} (id) ON DELETE {ref.ondelete}"
        )
        if ref.indexed_alone:
            op.execute(f"CREATE INDEX ix_{ref.table}_{ref.column} ON {ref.table} ({ref.column})")
        op.execute(f"DROP INDEX ix_{ref.table}_{ref.column}_{ref.shared}")
    for parent, shared in reversed(PARENT_KEYS):
        op.execute(f"ALTER TABLE {parent} DROP CONSTRAINT uq_{parent}_id_{shared}")
