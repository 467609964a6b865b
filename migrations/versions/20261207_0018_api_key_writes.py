"""API keys write with their role: the database counts a key's workspace role wherever it counts
a member's.

Every write policy that needs a workspace role (projects, their settings, versions and changes,
connections, diagrams, workspaces and their memberships) asks ``vizora.workspace_role``, which
knew only the caller's own membership. An API key, which carries a workspace role instead of
memberships, could read (``can_access_workspace`` admits it) but never write: its uploads from
CI were refused. ``workspace_role`` now answers the key's role too, in exactly the workspaces
its scope reaches (every live workspace of its organization, or its one workspace), so each of
those policies holds a key to its role and no further without being rewritten.

A key's organization role stays none: organization owners' and admins' writes (billing,
members, invitations, keys, the organization itself) remain people's.

``vizora.active_api_key`` returns the key's role for that (a role left unset is VIEWER, as the
API reads it). Its result type changes, so it is dropped and created again; the functions that
call it are SQL functions whose bodies are looked up when they run, so they need no change.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"

ACTIVE_API_KEY = """
CREATE FUNCTION vizora.active_api_key() RETURNS TABLE (organization_id uuid, workspace_id uuid{role_column})
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT k.organization_id, k.workspace_id{role_value}
    FROM public.api_keys k
    WHERE k.id = vizora.current_api_key_id()
      AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > now())
$$
"""
WITH_ROLE = {"role_column": ", role text", "role_value": ", coalesce(k.role, 'viewer')"}
WITHOUT_ROLE = {"role_column": "", "role_value": ""}

MEMBER_ROLE = """
    SELECT wm.role FROM public.workspace_members wm
    WHERE wm.workspace_id = target AND wm.user_id = vizora.current_user_id()"""
# The same reach as can_access_workspace's key branch: a live workspace of the key's
# organization, and the key's own workspace when it is scoped to one.
KEY_ROLE = """
    UNION ALL
    SELECT k.role FROM vizora.active_api_key() k
    JOIN public.workspaces w ON w.organization_id = k.organization_id AND w.deleted_at IS NULL
    WHERE w.id = target AND (k.workspace_id IS NULL OR k.workspace_id = target)"""
WORKSPACE_ROLE = """
CREATE OR REPLACE FUNCTION vizora.workspace_role(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $${body}
$$
"""


def _replace_active_api_key(columns: dict[str, str]) -> None:
    op.execute("DROP FUNCTION vizora.active_api_key()")
    op.execute(ACTIVE_API_KEY.format(**columns))
    op.execute("REVOKE ALL ON FUNCTION vizora.active_api_key() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION vizora.active_api_key() TO {RUNTIME_ROLE}")


def upgrade() -> None:
    _replace_active_api_key(WITH_ROLE)
    op.execute(WORKSPACE_ROLE.format(body=MEMBER_ROLE + KEY_ROLE))


def downgrade() -> None:
    op.execute(WORKSPACE_ROLE.format(body=MEMBER_ROLE))
    _replace_active_api_key(WITHOUT_ROLE)
