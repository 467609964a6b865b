"""Row-level security: the runtime role, membership functions, policies, grants.

The API runs as ``vizora_app``: LOGIN but no superuser, no BYPASSRLS, owner of nothing.
Every table has RLS enabled *and forced*, so even the owner is filtered unless it says
otherwise. Policies read the caller from transaction-local settings
(``vizora.user_id``, ``vizora.api_key_id``) that the app sets at the start of every
transaction. Membership is looked up by SECURITY DEFINER functions, so policies on one
table can consult membership tables whose own policies would otherwise hide the rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"

# Rows readable by their workspace's members (and the organization's owners and admins).
WORKSPACE_TABLES = (
    "workspace_members",
    "projects",
    "project_settings",
    "connections",
    "schema_versions",
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
# Rows readable by members of their organization.
ORGANIZATION_TABLES = (
    "organization_members",
    "api_keys",
    "invitations",
    "subscriptions",
    "usage_counters",
    "invoices",
    "invoice_lines",
    "payments",
    "activity_logs",
    "feature_usage",
)
# Rows that belong to one user.
USER_OWNED_TABLES = ("user_sessions", "notifications", "user_feedback")
# The public plan catalogue: everyone reads it, only migrations write it.
CATALOG_TABLES = ("billing_plans", "features", "plan_features")
# Written by system flows (webhooks, mail delivery) that later issues give their own
# narrow policies; until then the runtime role can neither read nor write them.
SYSTEM_TABLES = ("billing_events", "email_outbox")
# History is immutable: the runtime role may add rows, never change or remove them.
APPEND_ONLY_TABLES = ("schema_versions", "schema_changes", "activity_logs")

ALL_TABLES = (
    "users",
    "organizations",
    "workspaces",
    *WORKSPACE_TABLES,
    *ORGANIZATION_TABLES,
    *USER_OWNED_TABLES,
    *CATALOG_TABLES,
    *SYSTEM_TABLES,
)

FUNCTIONS = """
CREATE FUNCTION vizora.current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('vizora.user_id', true), '')::uuid
$$

CREATE FUNCTION vizora.current_api_key_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('vizora.api_key_id', true), '')::uuid
$$

-- The caller's live API key, when the request authenticated with one.
CREATE FUNCTION vizora.active_api_key() RETURNS TABLE (organization_id uuid, workspace_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT k.organization_id, k.workspace_id
    FROM public.api_keys k
    WHERE k.id = vizora.current_api_key_id()
      AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > now())
$$

CREATE FUNCTION vizora.is_organization_member(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.organization_members m
        JOIN public.organizations o ON o.id = m.organization_id AND o.deleted_at IS NULL
        WHERE m.organization_id = target AND m.user_id = vizora.current_user_id()
    ) OR EXISTS (
        SELECT 1 FROM vizora.active_api_key() k WHERE k.organization_id = target
    )
$$

-- Workspace members, the organization's owners and admins (who act as workspace admins),
-- and API keys of the organization (all its workspaces) or of this workspace.
CREATE FUNCTION vizora.can_access_workspace(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
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
    )
$$

-- Users see themselves and the people they share an organization with.
CREATE FUNCTION vizora.can_see_user(target uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT target = vizora.current_user_id() OR EXISTS (
        SELECT 1 FROM public.organization_members mine
        JOIN public.organization_members theirs ON theirs.organization_id = mine.organization_id
        WHERE mine.user_id = vizora.current_user_id() AND theirs.user_id = target
    ) OR EXISTS (
        SELECT 1 FROM public.organization_members theirs
        JOIN vizora.active_api_key() k ON k.organization_id = theirs.organization_id
        WHERE theirs.user_id = target
    )
$$
"""


def _policy(table: str, name: str, using: str, command: str = "ALL") -> None:
    check = "" if command == "SELECT" else f" WITH CHECK ({using})"
    op.execute(f"CREATE POLICY {name} ON {table} FOR {command} TO {RUNTIME_ROLE} USING ({using}){check}")


def upgrade() -> None:
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RUNTIME_ROLE}') THEN
                CREATE ROLE {RUNTIME_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END $$
        """
    )
    op.execute("CREATE SCHEMA vizora")
    # One statement per call: asyncpg prepares what it sends, and a prepared statement holds one.
    for function in FUNCTIONS.strip().split("\n\n"):
        op.execute(function)
    op.execute("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vizora FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA public, vizora TO {RUNTIME_ROLE}")
    op.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA vizora TO {RUNTIME_ROLE}")

    for table in ALL_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")

    for table in ALL_TABLES:
        if table in CATALOG_TABLES:
            op.execute(f"GRANT SELECT ON {table} TO {RUNTIME_ROLE}")
        elif table in APPEND_ONLY_TABLES:
            op.execute(f"GRANT SELECT, INSERT ON {table} TO {RUNTIME_ROLE}")
        elif table not in SYSTEM_TABLES:
            op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {RUNTIME_ROLE}")

    _policy("users", "users_visible", "vizora.can_see_user(id)", "SELECT")
    _policy("users", "users_self_update", "id = vizora.current_user_id()", "UPDATE")
    _policy("organizations", "organizations_member", "vizora.is_organization_member(id)")
    _policy("workspaces", "workspaces_member", "vizora.can_access_workspace(id)")
    for table in WORKSPACE_TABLES:
        _policy(table, f"{table}_workspace_member", "vizora.can_access_workspace(workspace_id)")
    for table in ORGANIZATION_TABLES:
        _policy(table, f"{table}_organization_member", "vizora.is_organization_member(organization_id)")
    for table in USER_OWNED_TABLES:
        _policy(table, f"{table}_owner", "user_id = vizora.current_user_id()")
    for table in CATALOG_TABLES:
        _policy(table, f"{table}_public", "true", "SELECT")


def downgrade() -> None:
    for table in ALL_TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {RUNTIME_ROLE}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for (policy,) in op.get_bind().exec_driver_sql(
            f"SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = '{table}'"
        ):
            op.execute(f"DROP POLICY {policy} ON {table}")
    op.execute("DROP SCHEMA vizora CASCADE")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {RUNTIME_ROLE}")
    # The role is cluster-wide: other databases on the server may still grant it things.
    op.execute(
        f"""
        DO $$ BEGIN
            DROP ROLE IF EXISTS {RUNTIME_ROLE};
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'role {RUNTIME_ROLE} kept: other databases still use it';
        END $$
        """
    )
