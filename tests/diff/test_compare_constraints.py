"""The diff engine on keys, constraints, foreign keys and indexes."""

from __future__ import annotations

from app.diff import ChangeKind
from tests.diff.support import BREAKING, SAFE, WARNING, diff, kinds, only


def test_changing_the_primary_key_is_breaking():
    change = only(
        diff(
            "CREATE TABLE t (id int, tenant int NOT NULL, PRIMARY KEY (id));",
            "CREATE TABLE t (id int, tenant int NOT NULL, PRIMARY KEY (tenant, id));",
        )
    )
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.PRIMARY_KEY_CHANGED,
        BREAKING,
        "Primary key public.t.t_pkey changed from PRIMARY KEY (id) to PRIMARY KEY (tenant, id)",
    )


def test_adding_a_primary_key_is_a_warning_and_removing_one_breaking():
    without, with_key = "CREATE TABLE t (id int NOT NULL);", "CREATE TABLE t (id int PRIMARY KEY);"
    assert kinds(diff(without, with_key)) == [(ChangeKind.PRIMARY_KEY_ADDED, WARNING, "public.t.t_pkey")]
    assert kinds(diff(with_key, without)) == [(ChangeKind.PRIMARY_KEY_REMOVED, BREAKING, "public.t.t_pkey")]


def test_adding_a_unique_constraint_is_a_warning_and_removing_one_breaking():
    without, with_unique = "CREATE TABLE t (email text);", "CREATE TABLE t (email text UNIQUE);"
    added = only(diff(without, with_unique))
    assert (added.kind, added.severity, added.path, added.message) == (
        ChangeKind.UNIQUE_CONSTRAINT_ADDED,
        WARNING,
        "public.t.t_email_key",
        "Unique constraint public.t.t_email_key added (UNIQUE (email))",
    )
    assert kinds(diff(with_unique, without)) == [
        (ChangeKind.UNIQUE_CONSTRAINT_REMOVED, BREAKING, "public.t.t_email_key")
    ]


def test_check_constraints_added_or_changed_are_warnings():
    base = "CREATE TABLE t (n int);"
    checked = "CREATE TABLE t (n int CONSTRAINT positive CHECK (n > 0));"
    assert kinds(diff(base, checked)) == [(ChangeKind.CHECK_CONSTRAINT_ADDED, WARNING, "public.t.positive")]
    assert kinds(diff(checked, checked.replace("n > 0", "n >= 0"))) == [
        (ChangeKind.CHECK_CONSTRAINT_CHANGED, WARNING, "public.t.positive")
    ]


def test_foreign_keys_added_removed_or_changed_are_warnings():
    parent = "CREATE TABLE users (id int PRIMARY KEY);"
    plain = parent + "CREATE TABLE posts (author int);"
    keyed = parent + "CREATE TABLE posts (author int REFERENCES users (id));"
    assert kinds(diff(plain, keyed)) == [
        (ChangeKind.FOREIGN_KEY_ADDED, WARNING, "public.posts.posts_author_fkey")
    ]
    assert kinds(diff(keyed, plain)) == [
        (ChangeKind.FOREIGN_KEY_REMOVED, WARNING, "public.posts.posts_author_fkey")
    ]


def test_a_foreign_key_action_change_reads_both_definitions():
    parent = "CREATE TABLE users (id int PRIMARY KEY);"
    change = only(
        diff(
            parent + "CREATE TABLE posts (author int REFERENCES users (id) ON DELETE CASCADE);",
            parent + "CREATE TABLE posts (author int REFERENCES users (id) ON DELETE RESTRICT);",
        )
    )
    assert (change.kind, change.severity, change.path) == (
        ChangeKind.FOREIGN_KEY_CHANGED,
        WARNING,
        "public.posts.posts_author_fkey",
    )
    assert change.message == (
        "Foreign key public.posts.posts_author_fkey changed from (author) REFERENCES public.users (id) "
        "ON DELETE CASCADE to (author) REFERENCES public.users (id) ON DELETE RESTRICT"
    )
    assert change.before is not None
    assert change.before["on_delete"] == "cascade"
    assert change.after is not None
    assert change.after["on_delete"] == "restrict"


def test_adding_an_index_is_safe_and_dropping_one_a_warning():
    table = "CREATE TABLE t (a int, b int);"
    index = "CREATE INDEX t_a_idx ON t (a);"
    added = only(diff(table, table + index))
    assert (added.kind, added.severity, added.message) == (
        ChangeKind.INDEX_ADDED,
        SAFE,
        "Index public.t.t_a_idx added (btree (a))",
    )
    assert kinds(diff(table + index, table)) == [(ChangeKind.INDEX_REMOVED, WARNING, "public.t.t_a_idx")]


def test_a_unique_index_weighs_like_a_unique_constraint():
    table = "CREATE TABLE t (a int);"
    index = "CREATE UNIQUE INDEX t_a_key ON t (a);"
    assert kinds(diff(table, table + index)) == [(ChangeKind.INDEX_ADDED, WARNING, "public.t.t_a_key")]
    assert kinds(diff(table + index, table)) == [(ChangeKind.INDEX_REMOVED, BREAKING, "public.t.t_a_key")]


def test_a_changed_index_and_a_renamed_index():
    table = "CREATE TABLE t (a int, b int);"
    index = "CREATE INDEX t_a_idx ON t (a);"
    assert kinds(diff(table + index, table + "CREATE INDEX t_a_idx ON t (a) WHERE b > 0;")) == [
        (ChangeKind.INDEX_CHANGED, WARNING, "public.t.t_a_idx")
    ]
    renamed = only(diff(table + index, table + "CREATE INDEX by_a ON t (a);"))
    assert (renamed.kind, renamed.severity, renamed.message) == (
        ChangeKind.INDEX_RENAMED,
        WARNING,
        "Index public.t.t_a_idx renamed to public.t.by_a",
    )


# Enums and domains
