"""``compare(before, after)``: every difference between two canonical models, in reading order.

A pure function of the two models: the order of their lists does not matter, the result is
the same every time, and ``compare(model, model)`` is empty. Models of different dialects or
source formats compare with the same rules; types are read with each side's dialect.

Reading order: schemas and extensions first, then enums and domains, then tables and views
(policies on tables outside the source with their table), each group by key; within one
object, by kind as ``ChangeKind`` declares them, then by path. A renamed table is listed
under its new key, with the changes made inside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from app.diff.catalog import diff_domain, diff_enum, diff_names
from app.diff.changes import Change, ChangeKind, in_reading_order
from app.diff.constraints import diff_policies
from app.diff.context import DiffContext, build_context
from app.diff.tables import diff_table, table_added, table_removed
from app.ingest.model import Policy, SchemaModel

# Sections of the reading order.
_NAMESPACES, _TYPES, _TABLES = 0, 1, 2


def compare(before: SchemaModel, after: SchemaModel) -> list[Change]:
    context = build_context(before, after)
    groups: dict[tuple[int, str], list[Change]] = defaultdict(list)
    groups[(_NAMESPACES, "")] += diff_names(
        "Schema", ChangeKind.SCHEMA_ADDED, ChangeKind.SCHEMA_REMOVED, before.schemas, after.schemas
    )
    groups[(_NAMESPACES, "")] += diff_names(
        "Extension",
        ChangeKind.EXTENSION_ADDED,
        ChangeKind.EXTENSION_REMOVED,
        before.extensions,
        after.extensions,
    )
    old_enums, new_enums = {enum.key: enum for enum in before.enums}, {enum.key: enum for enum in after.enums}
    for key in old_enums.keys() | new_enums.keys():
        groups[(_TYPES, key)] += diff_enum(old_enums.get(key), new_enums.get(key))
    old_domains = {domain.key: domain for domain in before.domains}
    new_domains = {domain.key: domain for domain in after.domains}
    for key in old_domains.keys() | new_domains.keys():
        groups[(_TYPES, key)] += diff_domain(old_domains.get(key), new_domains.get(key), context)
    for table in context.removed:
        groups[(_TABLES, table.key)].append(table_removed(table))
    for table in context.added:
        groups[(_TABLES, table.key)].append(table_added(table))
    for pair in context.pairs:
        groups[(_TABLES, pair.after.key)] += diff_table(pair, context)
    for table_key, changes in _external_policy_changes(context).items():
        groups[(_TABLES, table_key)] += changes
    return [change for _, changes in sorted(groups.items()) for change in in_reading_order(changes)]


def _external_policy_changes(context: DiffContext) -> dict[str, list[Change]]:
    """Policies on tables the sources do not define, by their table's key. Such a table is in
    neither model, so it cannot have been renamed."""
    old_by_table = _by_table(context.before.external_policies)
    new_by_table = _by_table(context.after.external_policies)
    return {
        table_key: diff_policies(
            old_by_table.get(table_key, []), new_by_table.get(table_key, []), table_key, context, table_key
        )
        for table_key in old_by_table.keys() | new_by_table.keys()
    }


def _by_table(policies: Sequence[Policy]) -> dict[str, list[Policy]]:
    grouped: dict[str, list[Policy]] = defaultdict(list)
    for policy in policies:
        grouped[policy.table].append(policy)
    return grouped
