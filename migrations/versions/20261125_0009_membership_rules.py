"""Membership rules in the database, matching the permission extension's.

- Memberships and invitations are written only by the organization's owners and admins
  (workspace memberships also by that workspace's admins); anyone may delete their own
  membership (leaving). Reading stays open to members, as before.
- The runtime role may append to the mail outbox (invitation emails), never read it back:
  delivery is a separate worker's job.
- Accepting an invitation happens before the accepting user is a member, so it is one
  SECURITY DEFINER function. It locks the invitation row: of two concurrent acceptances
  with one token, one creates the membership and the other finds it used.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
ORGANIZATION_ADMIN = "vizora.organization_role(organization_id) IN ('owner', 'admin')"
WORKSPACE_ADMIN = f"({ORGANIZATION_ADMIN} OR vizora.workspace_role(workspace_id) IN ('owner', 'admin'))"

WORKSPACE_ROLE = """
CREATE FUNCTION vizora.workspace_role(target uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT wm.role FROM public.workspace_members wm
    WHERE wm.workspace_id = target AND wm.user_id = vizora.current_user_id()
$$
"""

ACCEPT_INVITATION = """
CREATE FUNCTION vizora.accept_invitation(presented_hash text)
RETURNS TABLE (outcome text, organization_id uuid, workspace_id uuid, joined boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
DECLARE
    accepter uuid := vizora.current_user_id();
    accepter_email citext;
    invitation public.invitations%ROWTYPE;
    joined boolean;
BEGIN
    SELECT u.email INTO accepter_email FROM public.users u WHERE u.id = accepter AND u.deleted_at IS NULL;
    IF accepter_email IS NULL THEN
        RETURN QUERY SELECT 'unauthenticated'::text, NULL::uuid, NULL::uuid, false;
        RETURN;
    END IF;
    SELECT * INTO invitation FROM public.invitations i WHERE i.token_hash = presented_hash FOR UPDATE;
    IF NOT FOUND OR invitation.revoked_at IS NOT NULL THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::uuid, false;
        RETURN;
    END IF;
    IF invitation.accepted_at IS NOT NULL THEN
        RETURN QUERY SELECT 'used'::text, NULL::uuid, NULL::uuid, false;
        RETURN;
    END IF;
    IF invitation.expires_at <= now() THEN
        RETURN QUERY SELECT 'expired'::text, NULL::uuid, NULL::uuid, false;
        RETURN;
    END IF;
    IF invitation.email <> accepter_email THEN
        RETURN QUERY SELECT 'wrong_account'::text, NULL::uuid, NULL::uuid, false;
        RETURN;
    END IF;
    INSERT INTO public.organization_members (organization_id, user_id, role)
    VALUES (invitation.organization_id, accepter, invitation.organization_role)
    ON CONFLICT (user_id, organization_id) DO NOTHING;
    joined := FOUND;  -- false when the user already belonged (counts once against the plan)
    IF invitation.workspace_id IS NOT NULL THEN
        INSERT INTO public.workspace_members (organization_id, workspace_id, user_id, role)
        VALUES (invitation.organization_id, invitation.workspace_id, accepter, invitation.workspace_role)
        ON CONFLICT (user_id, workspace_id) DO NOTHING;
    END IF;
    UPDATE public.invitations SET accepted_at = now(), accepted_by_id = accepter WHERE id = invitation.id;
    RETURN QUERY SELECT 'accepted'::text, invitation.organization_id, invitation.workspace_id, joined;
END
$$
"""

FUNCTION_SIGNATURES = ("accept_invitation(text)", "workspace_role(uuid)")

# (table, name, command, USING, WITH CHECK)
POLICIES = (
    ("organization_members", "organization_members_admin_insert", "INSERT", None, ORGANIZATION_ADMIN),
    (
        "organization_members",
        "organization_members_admin_update",
        "UPDATE",
        ORGANIZATION_ADMIN,
        ORGANIZATION_ADMIN,
    ),
    (
        "organization_members",
        "organization_members_admin_or_self_delete",
        "DELETE",
        f"({ORGANIZATION_ADMIN} OR user_id = vizora.current_user_id())",
        None,
    ),
    ("workspace_members", "workspace_members_admin_insert", "INSERT", None, WORKSPACE_ADMIN),
    ("workspace_members", "workspace_members_admin_update", "UPDATE", WORKSPACE_ADMIN, WORKSPACE_ADMIN),
    (
        "workspace_members",
        "workspace_members_admin_or_self_delete",
        "DELETE",
        f"({WORKSPACE_ADMIN} OR user_id = vizora.current_user_id())",
        None,
    ),
    ("invitations", "invitations_admin_write", "ALL", ORGANIZATION_ADMIN, ORGANIZATION_ADMIN),
    (
        "email_outbox",
        "email_outbox_append",
        "INSERT",
        None,
        "organization_id IS NULL OR vizora.is_organization_member(organization_id)",
    ),
)
# The open FOR ALL policies these replace: reading stays with members.
MEMBER_POLICIES = (
    (
        "organization_members",
        "organization_members_organization_member",
        "vizora.is_organization_member(organization_id)",
    ),
    ("workspace_members", "workspace_members_workspace_member", "vizora.can_access_workspace(workspace_id)"),
    ("invitations", "invitations_organization_member", "vizora.is_organization_member(organization_id)"),
)


def _create_policy(table: str, name: str, command: str, using: str | None, check: str | None) -> None:
    clauses = (f" USING ({using})" if using else "") + (f" WITH CHECK ({check})" if check else "")
    op.execute(f"CREATE POLICY {name} ON {table} FOR {command} TO {RUNTIME_ROLE}{clauses}")


def upgrade() -> None:
    op.execute(WORKSPACE_ROLE)
    op.execute(ACCEPT_INVITATION)
    for signature in FUNCTION_SIGNATURES:
        op.execute(f"REVOKE ALL ON FUNCTION vizora.{signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION vizora.{signature} TO {RUNTIME_ROLE}")
    for table, name, using in MEMBER_POLICIES:
        op.execute(f"DROP POLICY {name} ON {table}")
        _create_policy(table, name, "SELECT", using, None)
    for policy in POLICIES:
        _create_policy(*policy)
    op.execute(f"GRANT INSERT ON email_outbox TO {RUNTIME_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE INSERT ON email_outbox FROM {RUNTIME_ROLE}")
    for table, name, *_ in POLICIES:
        op.execute(f"DROP POLICY {name} ON {table}")
    for table, name, using in MEMBER_POLICIES:
        op.execute(f"DROP POLICY {name} ON {table}")
        _create_policy(table, name, "ALL", using, using)
    for signature in FUNCTION_SIGNATURES:
        op.execute(f"DROP FUNCTION vizora.{signature}")
