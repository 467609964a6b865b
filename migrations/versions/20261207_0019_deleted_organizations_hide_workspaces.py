"""A deleted organization takes its workspaces with it, for reads and writes alike.

Deleting an organization is a soft delete of the organization row alone. The workspace
functions checked that the workspace was live but not its organization, so a workspace
member still read a deleted organization's workspaces (``node(id:)``) and passed the role
check of writes, which then failed deeper down as an internal error. The three functions
(the policy on workspace rows, access to a workspace by id, the role in it) now require the
organization, and for the last two the workspace too, to be live.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"

WORKSPACE_IS_LIVE = """
CREATE FUNCTION vizora.workspace_is_live(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.workspaces w
        JOIN public.organizations o ON o.id = w.organization_id AND o.deleted_at IS NULL
        WHERE w.id = target AND w.deleted_at IS NULL
    )
$$
"""

ORGANIZATION_IS_LIVE = """
CREATE FUNCTION vizora.organization_is_live(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = target AND o.deleted_at IS NULL)
$$
"""

# 0008's body: who may see a workspace row (the policy on workspaces).
ROW_ACCESS = """
    SELECT EXISTS (
        SELECT 1 FROM public.workspace_members wm
        WHERE wm.workspace_id = workspace AND wm.user_id = vizora.current_user_id()
    ) OR vizora.organization_role(organization) IN ('owner', 'admin')
    OR EXISTS (
        SELECT 1 FROM vizora.active_api_key() k
        WHERE k.organization_id = organization AND (k.workspace_id IS NULL OR k.workspace_id = workspace)
    )"""
CAN_ACCESS_WORKSPACE_ROW = """
CREATE OR REPLACE FUNCTION vizora.can_access_workspace_row(organization uuid, workspace uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $${body}
$$
"""

# 0007's body: who may see the workspace.
ACCESS = """
    SELECT EXISTS (
        SELECT 1 FROM public.workspace_members wm
        JOIN public.workspaces w ON w.id = wm.workspace_id AND w.deleted_at IS NULL
        WHERE wm.workspace_id = target AND wm.user_id = vizora.current_user_id()
    ) OR EXISTS (
        SELECT 1 FROM public.workspaces w
        JOIN public.organization_members om ON om.organization_id = w.organization_id
        WHERE w.id = target AND w.deleted_at IS NULL
          AND om.user_id = vizora.current_user_id() AND om.role IN ('owner', 'admin')
    ) OR EXISTS (
        SELECT 1 FROM public.workspaces w
        JOIN vizora.active_api_key() k ON k.organization_id = w.organization_id
        WHERE w.id = target AND w.deleted_at IS NULL
          AND (k.workspace_id IS NULL OR k.workspace_id = target)
    )"""
CAN_ACCESS_WORKSPACE = """
CREATE OR REPLACE FUNCTION vizora.can_access_workspace(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $${body}
$$
"""

# 0018's body: the caller's role in the workspace, as a member or through an API key.
ROLE = """
    SELECT wm.role FROM public.workspace_members wm
    WHERE wm.workspace_id = target AND wm.user_id = vizora.current_user_id()
    UNION ALL
    SELECT k.role FROM vizora.active_api_key() k
    JOIN public.workspaces w ON w.organization_id = k.organization_id AND w.deleted_at IS NULL
    WHERE w.id = target AND (k.workspace_id IS NULL OR k.workspace_id = target)"""
WORKSPACE_ROLE = """
CREATE OR REPLACE FUNCTION vizora.workspace_role(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $${body}
$$
"""


def upgrade() -> None:
    for function, name in (
        (ORGANIZATION_IS_LIVE, "organization_is_live"),
        (WORKSPACE_IS_LIVE, "workspace_is_live"),
    ):
        op.execute(function)
        op.execute(f"REVOKE ALL ON FUNCTION vizora.{name}(uuid) FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION vizora.{name}(uuid) TO {RUNTIME_ROLE}")
    op.execute(
        CAN_ACCESS_WORKSPACE_ROW.format(
            body=f"\n    SELECT vizora.organization_is_live(organization) AND ({ROW_ACCESS}\n    )"
        )
    )
    op.execute(
        CAN_ACCESS_WORKSPACE.format(
            body=f"\n    SELECT vizora.workspace_is_live(target) AND ({ACCESS}\n    )"
        )
    )
    op.execute(
        WORKSPACE_ROLE.format(
            body=f"\n    SELECT role FROM ({ROLE}\n    ) roles WHERE vizora.workspace_is_live(target)"
        )
    )


def downgrade() -> None:
    op.execute(WORKSPACE_ROLE.format(body=ROLE))
    op.execute(CAN_ACCESS_WORKSPACE.format(body=ACCESS))
    op.execute(CAN_ACCESS_WORKSPACE_ROW.format(body=ROW_ACCESS))
    op.execute("DROP FUNCTION vizora.workspace_is_live(uuid)")
    op.execute("DROP FUNCTION vizora.organization_is_live(uuid)")
