"""The log-in throttle's counters, in the database so that every API process shares them.

One row per throttle key (a hash of an email and client address, or of an address alone):
the failures in the window that started with the first. The runtime role reads and writes
every row: they belong to no tenant and are written before anyone is known, and a key says
nothing without the email and address it was made from. Row-level security is still
enabled and forced, as on every table, with a policy that says exactly that.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNTIME_ROLE = "vizora_app"
TABLE = "login_failure_counters"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_login_failure_counters_failures_not_negative")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_failure_counters")),
    )
    # The sweep of ended windows reads this index.
    op.create_index(op.f("ix_login_failure_counters_window_ends_at"), TABLE, ["window_ends_at"], unique=False)
    op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {TABLE}_anyone ON {TABLE} FOR ALL TO {RUNTIME_ROLE} USING (true) WITH CHECK (true)"
    )
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {TABLE} TO {RUNTIME_ROLE}")


def downgrade() -> None:
    op.drop_table(TABLE)  # its policy and grants go with it
