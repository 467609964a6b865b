"""Changing organizations and workspaces, and reading the activity log and invitations
(other people's email addresses), are for admins.

Until now any member passed the database's checks for these and only the permission
extension held the line; now row-level security says the same.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
ORGANIZATION_ADMIN = "vizora.organization_role({column}) IN ('owner', 'admin')"
WORKSPACE_ADMIN = (
    "(vizora.organization_role(organization_id) IN ('owner', 'admin') "
    "OR vizora.workspace_role(id) IN ('owner', 'admin'))"
)


def upgrade() -> None:
    op.execute("DROP POLICY organizations_member ON organizations")
    op.execute(
        f"CREATE POLICY organizations_member ON organizations FOR SELECT TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(id))"
    )
    admin = ORGANIZATION_ADMIN.format(column="id")
    op.execute(
        f"CREATE POLICY organizations_admin_update ON organizations FOR UPDATE TO {RUNTIME_ROLE} "
        f"USING ({admin}) WITH CHECK ({admin})"
    )
    op.execute("DROP POLICY workspaces_change ON workspaces")
    op.execute(
        f"CREATE POLICY workspaces_change ON workspaces FOR UPDATE TO {RUNTIME_ROLE} "
        f"USING ({WORKSPACE_ADMIN}) WITH CHECK ({WORKSPACE_ADMIN})"
    )
    op.execute("DROP POLICY activity_logs_organization_member ON activity_logs")
    op.execute(
        f"CREATE POLICY activity_logs_admin_read ON activity_logs FOR SELECT TO {RUNTIME_ROLE} "
        f"USING ({ORGANIZATION_ADMIN.format(column='organization_id')})"
    )
    op.execute("DROP POLICY invitations_organization_member ON invitations")
    # Every member's actions are recorded, so every member appends.
    op.execute(
        f"CREATE POLICY activity_logs_member_append ON activity_logs FOR INSERT TO {RUNTIME_ROLE} "
        "WITH CHECK (vizora.is_organization_member(organization_id))"
    )


def downgrade() -> None:
    op.execute(
        f"CREATE POLICY invitations_organization_member ON invitations FOR SELECT TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(organization_id))"
    )
    for policy in ("activity_logs_member_append", "activity_logs_admin_read"):
        op.execute(f"DROP POLICY {policy} ON activity_logs")
    op.execute(
        f"CREATE POLICY activity_logs_organization_member ON activity_logs FOR ALL TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(organization_id)) "
        "WITH CHECK (vizora.is_organization_member(organization_id))"
    )
    op.execute("DROP POLICY workspaces_change ON workspaces")
    op.execute(
        f"CREATE POLICY workspaces_change ON workspaces FOR UPDATE TO {RUNTIME_ROLE} "
        "USING (vizora.can_access_workspace_row(organization_id, id)) "
        "WITH CHECK (vizora.can_access_workspace_row(organization_id, id))"
    )
    op.execute("DROP POLICY organizations_admin_update ON organizations")
    op.execute("DROP POLICY organizations_member ON organizations")
    op.execute(
        f"CREATE POLICY organizations_member ON organizations FOR ALL TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(id)) WITH CHECK (vizora.is_organization_member(id))"
    )
