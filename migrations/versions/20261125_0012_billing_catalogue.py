"""The plan catalogue (free, pro, team, enterprise), their limits and features; and who
may change a subscription (the organization's owners and admins; members read it, since
their usage view shows the limits).

Limits are per metric, null meaning unlimited; the metric names are those of
``app/billing/metrics.py``. Prices are in minor units (cents).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
ORGANIZATION_ADMIN = "vizora.organization_role(organization_id) IN ('owner', 'admin')"

FEATURES = {
    "realtime_collaboration": "Live, shared diagram editing",
    "live_connections": "Introspect live databases",
    "code_generation": "Generate DDL, ORM models and types",
    "ask_schema": "Ask questions about a schema",
    "audit_log_export": "Export the activity log",
    "sso_ready": "Single sign-on",
}
# code: (name, price in cents per month, sort order, limits, features)
PLANS = {
    "free": (
        "Free",
        0,
        0,
        {
            "workspaces": 1,
            "members": 3,
            "projects": 3,
            "schema_versions_per_month": 50,
            "connections": 0,
            "api_keys": 1,
            "ask_schema_per_month": 20,
        },
        ["code_generation", "ask_schema"],
    ),
    "pro": (
        "Pro",
        2900,
        1,
        {
            "workspaces": 5,
            "members": 10,
            "projects": 25,
            "schema_versions_per_month": 1000,
            "connections": 3,
            "api_keys": 5,
            "ask_schema_per_month": 500,
        },
        ["realtime_collaboration", "live_connections", "code_generation", "ask_schema"],
    ),
    "team": (
        "Team",
        9900,
        2,
        {
            "workspaces": 20,
            "members": 50,
            "projects": 200,
            "schema_versions_per_month": 10000,
            "connections": 20,
            "api_keys": 25,
            "ask_schema_per_month": 5000,
        },
        ["realtime_collaboration", "live_connections", "code_generation", "ask_schema", "audit_log_export"],
    ),
    "enterprise": (
        "Enterprise",
        49900,
        3,
        {
            "workspaces": None,
            "members": None,
            "projects": None,
            "schema_versions_per_month": None,
            "connections": None,
            "api_keys": None,
            "ask_schema_per_month": None,
        },
        list(FEATURES),
    ),
}


def upgrade() -> None:
    connection = op.get_bind()
    for code, name in FEATURES.items():
        connection.execute(
            sa.text("INSERT INTO features (code, name) VALUES (:code, :name)"), {"code": code, "name": name}
        )
    for code, (name, price, order, limits, features) in PLANS.items():
        connection.execute(
            sa.text(
                "INSERT INTO billing_plans (code, name, price_cents, currency, interval, limits, sort_order) "
                "VALUES (:code, :name, :price, 'usd', 'month', CAST(:limits AS jsonb), :order)"
            ),
            {"code": code, "name": name, "price": price, "limits": json.dumps(limits), "order": order},
        )
        for feature in features:
            connection.execute(
                sa.text(
                    "INSERT INTO plan_features (plan_id, feature_id) "
                    "SELECT p.id, f.id FROM billing_plans p, features f "
                    "WHERE p.code = :plan AND f.code = :feature"
                ),
                {"plan": code, "feature": feature},
            )
    op.execute("DROP POLICY subscriptions_organization_member ON subscriptions")
    op.execute(
        f"CREATE POLICY subscriptions_member_read ON subscriptions FOR SELECT TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(organization_id))"
    )
    op.execute(
        f"CREATE POLICY subscriptions_admin_write ON subscriptions FOR INSERT TO {RUNTIME_ROLE} "
        f"WITH CHECK ({ORGANIZATION_ADMIN})"
    )
    op.execute(
        f"CREATE POLICY subscriptions_admin_change ON subscriptions FOR UPDATE TO {RUNTIME_ROLE} "
        f"USING ({ORGANIZATION_ADMIN}) WITH CHECK ({ORGANIZATION_ADMIN})"
    )


def downgrade() -> None:
    for policy in ("subscriptions_admin_change", "subscriptions_admin_write", "subscriptions_member_read"):
        op.execute(f"DROP POLICY {policy} ON subscriptions")
    op.execute(
        f"CREATE POLICY subscriptions_organization_member ON subscriptions FOR ALL TO {RUNTIME_ROLE} "
        "USING (vizora.is_organization_member(organization_id)) "
        "WITH CHECK (vizora.is_organization_member(organization_id))"
    )
    op.execute("DELETE FROM plan_features")
    op.execute("DELETE FROM billing_plans")
    op.execute("DELETE FROM features")
