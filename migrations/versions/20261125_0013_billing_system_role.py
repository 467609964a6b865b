"""The billing system role, and who reads invoices.

``vizora_billing`` does what no user does: apply payment-provider webhooks and run the
periodic tick, across organizations. It is, like the API's role, neither superuser, table
owner nor BYPASSRLS; its policies admit it to the billing tables (and to organizations, to
find a provider's customer) and nothing else, so a bug in webhook handling cannot reach a
single schema, project or member.

Invoices and payments are billing details: the API shows them to owners and admins only;
admins' upgrades write the proration invoice.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
BILLING_ROLE = "vizora_billing"
ORGANIZATION_ADMIN = "vizora.organization_role(organization_id) IN ('owner', 'admin')"
BILLING_WRITES = (
    "subscriptions",
    "invoices",
    "invoice_lines",
    "payments",
    "billing_events",
    "usage_counters",
)
BILLING_READS = ("organizations", "billing_plans", "features", "plan_features")
ADMIN_READ_TABLES = ("invoices", "invoice_lines", "payments")


def upgrade() -> None:
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{BILLING_ROLE}') THEN
                CREATE ROLE {BILLING_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {BILLING_ROLE}")
    for table in BILLING_WRITES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {BILLING_ROLE}")
        op.execute(
            f"CREATE POLICY {table}_billing_system ON {table} FOR ALL TO {BILLING_ROLE} USING (true) WITH CHECK (true)"
        )
    for table in BILLING_READS:
        op.execute(f"GRANT SELECT ON {table} TO {BILLING_ROLE}")
        op.execute(
            f"CREATE POLICY {table}_billing_system ON {table} FOR SELECT TO {BILLING_ROLE} USING (true)"
        )
    for table in ADMIN_READ_TABLES:
        op.execute(f"DROP POLICY {table}_organization_member ON {table}")
        op.execute(
            f"CREATE POLICY {table}_admin_read ON {table} FOR SELECT TO {RUNTIME_ROLE} USING ({ORGANIZATION_ADMIN})"
        )
    for table in ("invoices", "invoice_lines"):
        op.execute(
            f"CREATE POLICY {table}_admin_write ON {table} FOR INSERT TO {RUNTIME_ROLE} WITH CHECK ({ORGANIZATION_ADMIN})"
        )


def downgrade() -> None:
    for table in ("invoices", "invoice_lines"):
        op.execute(f"DROP POLICY {table}_admin_write ON {table}")
    for table in ADMIN_READ_TABLES:
        op.execute(f"DROP POLICY {table}_admin_read ON {table}")
        op.execute(
            f"CREATE POLICY {table}_organization_member ON {table} FOR ALL TO {RUNTIME_ROLE} "
            "USING (vizora.is_organization_member(organization_id)) "
            "WITH CHECK (vizora.is_organization_member(organization_id))"
        )
    for table in (*BILLING_WRITES, *BILLING_READS):
        op.execute(f"DROP POLICY {table}_billing_system ON {table}")
        op.execute(f"REVOKE ALL ON {table} FROM {BILLING_ROLE}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {BILLING_ROLE}")
    op.execute(
        f"""
        DO $$ BEGIN
            DROP ROLE IF EXISTS {BILLING_ROLE};
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'role {BILLING_ROLE} kept: other databases still use it';
        END $$
        """
    )
