"""Row-level security policies (CREATE/ALTER POLICY). A policy on a table the source does not
define (Supabase's ``storage.objects``) is kept as an external policy."""

from __future__ import annotations

from pglast import ast, enums

from app.ingest.model import Policy, PolicyCommand
from app.ingest.postgres.catalog import Context

_ROLE_KEYWORDS = {
    enums.RoleSpecType.ROLESPEC_PUBLIC: "public",
    enums.RoleSpecType.ROLESPEC_CURRENT_USER: "current_user",
    enums.RoleSpecType.ROLESPEC_SESSION_USER: "session_user",
    enums.RoleSpecType.ROLESPEC_CURRENT_ROLE: "current_role",
}


def create_policy(node: ast.CreatePolicyStmt, ctx: Context) -> None:
    catalog = ctx.catalog
    assert node.table is not None, "the grammar requires ON <table>"
    key = catalog.resolve_table(node.table)
    policy = Policy(
        name=str(node.policy_name),
        table=key,
        command=PolicyCommand(str(node.cmd_name or "all")),
        permissive=bool(node.permissive),
        roles=_roles(node.roles) or ["public"],
        using=catalog.deparse(node.qual) if node.qual is not None else None,
        with_check=catalog.deparse(node.with_check) if node.with_check is not None else None,
    )
    table = catalog.tables.get(key)
    if table is None and not any(existing.table == key for existing in catalog.external_policies):
        ctx.warn(f"policies on {key}, which this source does not define, are kept as external policies")
    policies = table.policies if table is not None else catalog.external_policies
    if any(existing.name == policy.name and existing.table == key for existing in policies):
        ctx.warn(f"policy {policy.name!r} on {key} is defined again; the first definition is kept")
        return
    policies.append(policy)


def alter_policy(node: ast.AlterPolicyStmt, ctx: Context) -> None:
    assert node.table is not None, "the grammar requires ON <table>"
    policy = find_policy(ctx, ctx.catalog.resolve_table(node.table), str(node.policy_name))
    if policy is None:
        ctx.warn(f"ALTER POLICY {node.policy_name!r}: the policy is not defined in this source")
        return
    if node.roles:
        policy.roles = _roles(node.roles)
    if node.qual is not None:
        policy.using = ctx.catalog.deparse(node.qual)
    if node.with_check is not None:
        policy.with_check = ctx.catalog.deparse(node.with_check)


def find_policy(ctx: Context, table_key: str, name: str) -> Policy | None:
    table = ctx.catalog.tables.get(table_key)
    policies = table.policies if table is not None else ctx.catalog.external_policies
    return next((p for p in policies if p.name == name and p.table == table_key), None)


def _roles(roles: tuple[ast.RoleSpec, ...] | None) -> list[str]:
    return [
        str(role.rolename)
        if role.rolename
        else _ROLE_KEYWORDS.get(enums.RoleSpecType(role.roletype or 0), "public")
        for role in roles or ()
    ]
