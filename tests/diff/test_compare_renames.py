"""The diff engine finds renamed tables and columns by their shape."""

from __future__ import annotations

from app.diff import ChangeKind
from tests.diff.support import BREAKING, SAFE, WARNING, diff, kinds, only


def test_a_removed_and_an_added_table_with_the_same_columns_are_one_rename():
    change = only(
        diff("CREATE TABLE users (id int, email text);", "CREATE TABLE people (id int, email text);")
    )
    assert (change.kind, change.severity, change.path, change.message) == (
        ChangeKind.TABLE_RENAMED,
        BREAKING,
        "public.people",
        "Table public.users renamed to public.people",
    )
    assert change.before is not None
    assert change.before["key"] == "public.users"
    assert change.after is not None
    assert change.after["key"] == "public.people"


def test_references_follow_a_renamed_table_and_its_generated_names_are_renames():
    before = """
        CREATE TABLE users (id serial PRIMARY KEY, email text);
        CREATE TABLE posts (id int, author int REFERENCES users (id));
        CREATE VIEW emails AS SELECT email FROM users;
    """
    after = before.replace("users", "people")
    assert kinds(diff(before, after)) == [
        (ChangeKind.TABLE_RENAMED, BREAKING, "public.people"),
        (ChangeKind.PRIMARY_KEY_RENAMED, WARNING, "public.people.people_pkey"),
    ]


def test_a_table_with_other_columns_is_not_a_rename():
    changes = diff("CREATE TABLE users (id int, email text);", "CREATE TABLE people (id int, mail text);")
    assert [change.kind for change in changes] == [ChangeKind.TABLE_ADDED, ChangeKind.TABLE_REMOVED]


def test_an_ambiguous_table_rename_is_a_removal_and_an_addition():
    changes = diff("CREATE TABLE a (id int); CREATE TABLE b (id int);", "CREATE TABLE c (id int);")
    assert kinds(changes) == [
        (ChangeKind.TABLE_REMOVED, BREAKING, "public.a"),
        (ChangeKind.TABLE_REMOVED, BREAKING, "public.b"),
        (ChangeKind.TABLE_ADDED, SAFE, "public.c"),
    ]


def test_a_removed_and_an_added_column_of_the_same_shape_are_one_rename():
    before = "CREATE TABLE users (id int, mail varchar(100) NOT NULL); CREATE UNIQUE INDEX by_mail ON users (mail);"
    after = before.replace("mail", "email").replace("by_email", "by_mail")
    change = only(diff(before, after))
    assert (change.kind, change.severity, change.path, change.message) == (
        ChangeKind.COLUMN_RENAMED,
        BREAKING,
        "public.users.email",
        "Column public.users.mail renamed to public.users.email",
    )


def test_keys_and_foreign_keys_follow_a_renamed_column():
    before = """
        CREATE TABLE users (id int PRIMARY KEY, name text);
        CREATE TABLE posts (author int REFERENCES users (id), body text CHECK (length(body) > 0));
    """
    after = """
        CREATE TABLE users (user_id int PRIMARY KEY, name text);
        CREATE TABLE posts (author int REFERENCES users (user_id), body text CHECK (length(body) > 0));
    """
    assert kinds(diff(before, after)) == [(ChangeKind.COLUMN_RENAMED, BREAKING, "public.users.user_id")]


def test_an_ambiguous_column_rename_is_a_removal_and_an_addition():
    changes = diff("CREATE TABLE t (id int, a text, b text);", "CREATE TABLE t (id int, c text, d text);")
    assert kinds(changes) == [
        (ChangeKind.COLUMN_ADDED, SAFE, "public.t.c"),
        (ChangeKind.COLUMN_ADDED, SAFE, "public.t.d"),
        (ChangeKind.COLUMN_REMOVED, BREAKING, "public.t.a"),
        (ChangeKind.COLUMN_REMOVED, BREAKING, "public.t.b"),
    ]


def test_a_column_of_another_type_is_not_a_rename():
    changes = diff("CREATE TABLE t (id int, a text);", "CREATE TABLE t (id int, b int);")
    assert [change.kind for change in changes] == [ChangeKind.COLUMN_ADDED, ChangeKind.COLUMN_REMOVED]


# Keys, constraints, indexes
