"""Connections are read and written by the workspace's editors and up only: they point at a
team's real databases. Schema changes are read by every member and added by editors (with
the version they describe). Diagrams are read by every member and written by editors.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
EDITOR = (
    "(vizora.organization_role(organization_id) IN ('owner', 'admin') "
    "OR vizora.workspace_role(workspace_id) IN ('owner', 'admin', 'editor'))"
)
MEMBER = "vizora.can_access_workspace(workspace_id)"
# table -> (who reads, whether editors may update rows)
TABLES = {
    "connections": (EDITOR, True),
    "schema_changes": (MEMBER, False),
    "diagram_states": (MEMBER, True),
}


def upgrade() -> None:
    for table, (readers, updatable) in TABLES.items():
        op.execute(f"DROP POLICY {table}_workspace_member ON {table}")
        op.execute(f"CREATE POLICY {table}_read ON {table} FOR SELECT TO {RUNTIME_ROLE} USING ({readers})")
        op.execute(
            f"CREATE POLICY {table}_editor_insert ON {table} FOR INSERT TO {RUNTIME_ROLE} WITH CHECK ({EDITOR})"
        )
        if updatable:
            op.execute(
                f"CREATE POLICY {table}_editor_update ON {table} FOR UPDATE TO {RUNTIME_ROLE} "
                f"USING ({EDITOR}) WITH CHECK ({EDITOR})"
            )


def downgrade() -> None:
    for table, (_, updatable) in TABLES.items():
        policies = ("editor_update", "editor_insert", "read") if updatable else ("editor_insert", "read")
        for policy in policies:
            op.execute(f"DROP POLICY {table}_{policy} ON {table}")
        op.execute(
            f"CREATE POLICY {table}_workspace_member ON {table} FOR ALL TO {RUNTIME_ROLE} "
            f"USING ({MEMBER}) WITH CHECK ({MEMBER})"
        )
