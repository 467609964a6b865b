"""Projects, their settings and their schema versions are written by the workspace's editors
and up (organization owners and admins count as workspace admins); viewers only read.
(Versions are append-only: the runtime role has no UPDATE on them at all.)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
EDITOR = (
    "(vizora.organization_role(organization_id) IN ('owner', 'admin') "
    "OR vizora.workspace_role(workspace_id) IN ('owner', 'admin', 'editor'))"
)
TABLES = ("projects", "project_settings", "schema_versions")


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP POLICY {table}_workspace_member ON {table}")
        op.execute(
            f"CREATE POLICY {table}_workspace_member ON {table} FOR SELECT TO {RUNTIME_ROLE} "
            "USING (vizora.can_access_workspace(workspace_id))"
        )
        op.execute(
            f"CREATE POLICY {table}_editor_insert ON {table} FOR INSERT TO {RUNTIME_ROLE} WITH CHECK ({EDITOR})"
        )
        op.execute(
            f"CREATE POLICY {table}_editor_update ON {table} FOR UPDATE TO {RUNTIME_ROLE} USING ({EDITOR}) WITH CHECK ({EDITOR})"
        )


def downgrade() -> None:
    for table in TABLES:
        for policy in ("editor_update", "editor_insert", "workspace_member"):
            op.execute(f"DROP POLICY {table}_{policy} ON {table}")
        op.execute(
            f"CREATE POLICY {table}_workspace_member ON {table} FOR ALL TO {RUNTIME_ROLE} "
            "USING (vizora.can_access_workspace(workspace_id)) WITH CHECK (vizora.can_access_workspace(workspace_id))"
        )
