"""Paths for what happens before a caller is a member of anything, and policies that judge
new rows by their own columns.

- Sign-up inserts the user's own row: the service sets ``vizora.user_id`` to the new id first,
  so ``users_sign_up`` admits exactly that row and nobody else's.
- Log-in and token refresh must find a row before knowing whose it is. Two SECURITY DEFINER
  functions return only what those flows need (id and hash; a session's status), by exact key.
- Creating an organization inserts it together with its first owner in one SECURITY DEFINER
  function: until that owner exists no policy could admit the organization's row.
- ``INSERT … RETURNING`` must pass the SELECT policy on the new row, and a policy function
  cannot see a row inserted by the same statement. Workspaces are therefore judged by their
  own ``organization_id``, and everyone sees their own membership rows.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"

FUNCTIONS = (
    """
CREATE FUNCTION vizora.organization_role(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT m.role FROM public.organization_members m
    JOIN public.organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
    WHERE m.organization_id = target AND m.user_id = vizora.current_user_id()
$$
""",
    """
CREATE FUNCTION vizora.can_access_workspace_row(organization uuid, workspace uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.workspace_members wm
        WHERE wm.workspace_id = workspace AND wm.user_id = vizora.current_user_id()
    ) OR vizora.organization_role(organization) IN ('owner', 'admin')
    OR EXISTS (
        SELECT 1 FROM vizora.active_api_key() k
        WHERE k.organization_id = organization AND (k.workspace_id IS NULL OR k.workspace_id = workspace)
    )
$$
""",
    """
CREATE FUNCTION vizora.login_candidate(address citext) RETURNS TABLE (id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.password_hash FROM public.users u WHERE u.email = address AND u.deleted_at IS NULL
$$
""",
    """
CREATE FUNCTION vizora.session_by_refresh_token(token_hash text) RETURNS TABLE (
    id uuid, user_id uuid, family_id uuid, expires_at timestamptz, revoked_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.id, s.user_id, s.family_id, s.expires_at, s.revoked_at
    FROM public.user_sessions s WHERE s.refresh_token_hash = token_hash
$$
""",
    """
CREATE FUNCTION vizora.create_organization(organization_name text, organization_slug text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    creator uuid := vizora.current_user_id();
    created uuid;
BEGIN
    IF creator IS NULL THEN
        RAISE EXCEPTION 'creating an organization needs a signed-in user'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO public.organizations (name, slug) VALUES (organization_name, organization_slug)
    RETURNING organizations.id INTO created;
    INSERT INTO public.organization_members (organization_id, user_id, role)
    VALUES (created, creator, 'owner');
    RETURN created;
END
$$
""",
)

FUNCTION_SIGNATURES = (
    "create_organization(text, text)",
    "session_by_refresh_token(text)",
    "login_candidate(citext)",
    "can_access_workspace_row(uuid, uuid)",
    "organization_role(uuid)",
)


def upgrade() -> None:
    for function in FUNCTIONS:
        op.execute(function)
    for signature in FUNCTION_SIGNATURES:
        op.execute(f"REVOKE ALL ON FUNCTION vizora.{signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION vizora.{signature} TO {RUNTIME_ROLE}")

    op.execute("DROP POLICY workspaces_member ON workspaces")
    op.execute(
        f"CREATE POLICY workspaces_member ON workspaces FOR SELECT TO {RUNTIME_ROLE} "
        "USING (vizora.can_access_workspace_row(organization_id, id))"
    )
    op.execute(
        f"CREATE POLICY workspaces_create ON workspaces FOR INSERT TO {RUNTIME_ROLE} "
        "WITH CHECK (vizora.organization_role(organization_id) IN ('owner', 'admin'))"
    )
    op.execute(
        f"CREATE POLICY workspaces_change ON workspaces FOR UPDATE TO {RUNTIME_ROLE} "
        "USING (vizora.can_access_workspace_row(organization_id, id)) "
        "WITH CHECK (vizora.can_access_workspace_row(organization_id, id))"
    )
    for table in ("organization_members", "workspace_members"):
        op.execute(
            f"CREATE POLICY {table}_own ON {table} FOR SELECT TO {RUNTIME_ROLE} "
            "USING (user_id = vizora.current_user_id())"
        )
    op.execute(
        f"CREATE POLICY users_sign_up ON users FOR INSERT TO {RUNTIME_ROLE} "
        "WITH CHECK (id = vizora.current_user_id())"
    )


def downgrade() -> None:
    op.execute("DROP POLICY users_sign_up ON users")
    for table in ("organization_members", "workspace_members"):
        op.execute(f"DROP POLICY {table}_own ON {table}")
    for policy in ("workspaces_change", "workspaces_create", "workspaces_member"):
        op.execute(f"DROP POLICY {policy} ON workspaces")
    op.execute(
        f"CREATE POLICY workspaces_member ON workspaces FOR ALL TO {RUNTIME_ROLE} "
        "USING (vizora.can_access_workspace(id)) WITH CHECK (vizora.can_access_workspace(id))"
    )
    for signature in FUNCTION_SIGNATURES:
        op.execute(f"DROP FUNCTION vizora.{signature}")
