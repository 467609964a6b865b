"""The diff engine on enums, domains, row-level security and policies, and the summary."""

from __future__ import annotations

from app.diff import ChangeKind, summarize
from tests.diff.support import BREAKING, SAFE, WARNING, diff, kinds, only


def test_adding_an_enum_is_safe_and_removing_one_breaking():
    table = "CREATE TABLE t (id int);"
    enum = "CREATE TYPE mood AS ENUM ('calm', 'angry');"
    added = only(diff(table, table + enum))
    assert (added.kind, added.severity, added.path, added.message) == (
        ChangeKind.ENUM_ADDED,
        SAFE,
        "public.mood",
        "Enum public.mood added (calm, angry)",
    )
    assert kinds(diff(table + enum, table)) == [(ChangeKind.ENUM_REMOVED, BREAKING, "public.mood")]


def test_adding_an_enum_value_is_a_warning_and_removing_one_breaking():
    before = "CREATE TYPE mood AS ENUM ('calm', 'angry');"
    after = "CREATE TYPE mood AS ENUM ('calm', 'happy');"
    changes = diff(before, after)
    assert kinds(changes) == [
        (ChangeKind.ENUM_VALUE_ADDED, WARNING, "public.mood.happy"),
        (ChangeKind.ENUM_VALUE_REMOVED, BREAKING, "public.mood.angry"),
    ]
    assert changes[0].message == "Enum value public.mood.happy added"
    assert changes[0].after == {"value": "happy", "position": 1}
    assert changes[1].before == {"value": "angry", "position": 1}


def test_reordering_enum_values_is_a_warning():
    change = only(diff("CREATE TYPE m AS ENUM ('a', 'b');", "CREATE TYPE m AS ENUM ('b', 'a');"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.ENUM_VALUES_REORDERED,
        WARNING,
        "Values of enum public.m reordered from (a, b) to (b, a)",
    )


def test_a_domain_becoming_not_null_is_breaking():
    change = only(diff("CREATE DOMAIN email AS text;", "CREATE DOMAIN email AS text NOT NULL;"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.DOMAIN_CHANGED,
        BREAKING,
        "Domain public.email changed from text to text NOT NULL",
    )


# Row-level security and policies


def test_enabling_rls_is_breaking_without_a_policy_and_a_warning_with_one():
    table = "CREATE TABLE t (owner text);"
    enable = "ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
    policy = "CREATE POLICY own ON t USING (owner = current_user);"
    change = only(diff(table, table + enable))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.RLS_ENABLED,
        BREAKING,
        "Row-level security enabled on public.t",
    )
    assert kinds(diff(table + policy, table + enable + policy)) == [
        (ChangeKind.RLS_ENABLED, WARNING, "public.t")
    ]
    assert kinds(diff(table + enable, table)) == [(ChangeKind.RLS_DISABLED, WARNING, "public.t")]


def test_policies_added_removed_or_changed_are_warnings():
    table = "CREATE TABLE t (owner text);"
    policy = "CREATE POLICY own ON t USING (owner = current_user);"
    added = only(diff(table, table + policy))
    assert (added.kind, added.severity, added.path, added.message) == (
        ChangeKind.POLICY_ADDED,
        WARNING,
        "public.t.own",
        "Policy public.t.own added (PERMISSIVE FOR ALL TO public USING (owner = CURRENT_USER))",
    )
    assert kinds(diff(table + policy, table)) == [(ChangeKind.POLICY_REMOVED, WARNING, "public.t.own")]
    assert kinds(diff(table + policy, table + policy.replace("USING", "FOR SELECT USING"))) == [
        (ChangeKind.POLICY_CHANGED, WARNING, "public.t.own")
    ]


def test_renaming_a_policy_is_safe():
    table = "CREATE TABLE t (owner text);"
    change = only(
        diff(
            table + "CREATE POLICY own ON t USING (owner = current_user);",
            table + "CREATE POLICY mine ON t USING (owner = current_user);",
        )
    )
    assert (change.kind, change.severity, change.path) == (ChangeKind.POLICY_RENAMED, SAFE, "public.t.mine")


def test_policies_on_tables_outside_the_source_are_compared_too():
    policy = "CREATE POLICY read ON storage.objects FOR SELECT USING (true);"
    assert kinds(diff("", policy)) == [(ChangeKind.POLICY_ADDED, WARNING, "storage.objects.read")]


# Counts


def test_summarize_counts_every_severity():
    changes = diff(
        "CREATE TABLE t (a int, b varchar(10));",
        "CREATE TABLE t (b varchar(20), c text); CREATE TABLE u (id int);",
    )
    assert summarize(changes) == {SAFE: 2, WARNING: 1, BREAKING: 1}
    assert summarize([]) == {SAFE: 0, WARNING: 0, BREAKING: 0}
