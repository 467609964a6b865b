"""Row-level security: the switches on a table and its policies, including policies on
tables the source does not define (Supabase's ``storage.objects``)."""

from __future__ import annotations

from app.ingest.export.postgres_context import Export, name_of, role
from app.ingest.model import Policy, PolicyCommand, Table
from app.ingest.postgres.names import quote_ident


def row_security(table: Table) -> list[str]:
    name = name_of(table)
    statements = [f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;"] if table.rls_enabled else []
    return statements + ([f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY;"] if table.rls_forced else [])


def create_policy(policy: Policy, export: Export) -> str:
    lines = [f"CREATE POLICY {quote_ident(policy.name)} ON {export.relation(policy.table)}"]
    if not policy.permissive:
        lines.append("AS RESTRICTIVE")
    if policy.command != PolicyCommand.ALL:
        lines.append(f"FOR {policy.command.value.upper()}")
    if policy.roles != ["public"]:
        lines.append(f"TO {', '.join(map(role, policy.roles))}")
    if policy.using is not None:
        lines.append(f"USING ({policy.using})")
    if policy.with_check is not None:
        lines.append(f"WITH CHECK ({policy.with_check})")
    return "\n    ".join(lines) + ";"
