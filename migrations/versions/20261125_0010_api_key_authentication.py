"""API keys: finding one by its visible prefix to authenticate it, and who may manage them.

- Authentication happens before any caller context exists, so the lookup by prefix is a
  SECURITY DEFINER function returning only what verification needs (the hash, the state).
- Keys are listed and managed by the organization's owners and admins; a key itself may
  only touch its own ``last_used_at`` (written at most every few minutes, not per request).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
ORGANIZATION_ADMIN = "vizora.organization_role(organization_id) IN ('owner', 'admin')"

LOOKUP = """
CREATE FUNCTION vizora.api_key_for_authentication(key_prefix text) RETURNS TABLE (
    id uuid, key_hash text, organization_id uuid, workspace_id uuid, role text,
    expires_at timestamptz, revoked_at timestamptz, last_used_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT k.id, k.key_hash, k.organization_id, k.workspace_id, k.role,
           k.expires_at, k.revoked_at, k.last_used_at
    FROM public.api_keys k
    JOIN public.organizations o ON o.id = k.organization_id AND o.deleted_at IS NULL
    WHERE k.prefix = key_prefix
$$
"""


def upgrade() -> None:
    op.execute(LOOKUP)
    op.execute("REVOKE ALL ON FUNCTION vizora.api_key_for_authentication(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION vizora.api_key_for_authentication(text) TO {RUNTIME_ROLE}")
    op.execute("DROP POLICY api_keys_organization_member ON api_keys")
    op.execute(
        f"CREATE POLICY api_keys_admin ON api_keys FOR ALL TO {RUNTIME_ROLE} "
        f"USING ({ORGANIZATION_ADMIN}) WITH CHECK ({ORGANIZATION_ADMIN})"
    )
    op.execute(
        f"CREATE POLICY api_keys_self ON api_keys FOR SELECT TO {RUNTIME_ROLE} "
        "USING (id = vizora.current_api_key_id())"
    )
    op.execute(
        f"CREATE POLICY api_keys_self_touch ON api_keys FOR UPDATE TO {RUNTIME_ROLE} "
        "USING (id = vizora.current_api_key_id()) WITH CHECK (id = vizora.current_api_key_id())"
    )


def downgrade() -> None:
    for policy in ("api_keys_self_touch", "api_keys_self", "api_keys_admin"):
        op.execute(f"DROP POLICY {policy} ON api_keys")
    op.execute(
        f"CREATE POLICY api_keys_organization_member ON api_keys FOR ALL TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(organization_id)) "
        "WITH CHECK (vizora.is_organization_member(organization_id))"
    )
    op.execute("DROP FUNCTION vizora.api_key_for_authentication(text)")
