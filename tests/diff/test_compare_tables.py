"""The diff engine on whole objects: identity and order, tables, views, comments, schemas."""

from __future__ import annotations

from dataclasses import replace

from app.diff import ChangeKind, compare
from tests.diff.support import BREAKING, SAFE, SHOP, WARNING, diff, kinds, model, only


def test_a_model_compared_with_itself_has_no_changes():
    assert compare(model(SHOP), model(SHOP)) == []


def test_the_same_schema_written_in_another_order_has_no_changes():
    # Another order PostgreSQL accepts, other case and spacing, keys declared apart.
    rearranged = """
    create type mood as enum ('calm','angry');
    create table users (id serial, email varchar( 255 ) not null, feeling mood);
    create domain email as text check (value like '%@%');
    create table posts (
        id bigint generated always as identity primary key,
        author int,
        body text default '' check (length(body) < 1000)
    );
    alter table users add primary key (id);
    alter table users add unique (email);
    alter table posts add foreign key (author) references users (id) on delete cascade;
    alter table posts enable row level security;
    create policy mine on posts using (author=current_setting('app.user')::int);
    create view authors as select u.id, u.email from users u;
    create index posts_author_idx on posts (author) where body <> '';
    create schema shop;
    comment on table users is 'People who write';
    """
    assert diff(SHOP, rearranged) == []


def test_compare_ignores_the_order_of_the_models_lists_and_is_deterministic():
    before = model(SHOP)
    after = model(SHOP.replace("varchar(255)", "text").replace("'angry'", "'angry', 'happy'"))
    shuffled = replace(after, tables=list(reversed(after.tables)), enums=list(reversed(after.enums)))
    assert compare(before, after) == compare(before, shuffled) == compare(model(SHOP), after)


def test_changes_are_listed_by_section_then_key_then_kind():
    changes = diff(
        "CREATE TABLE b (id int, x int); CREATE TABLE c (id int);",
        "CREATE TYPE mood AS ENUM ('calm'); CREATE TABLE a (id int);"
        "CREATE TABLE b (id int NOT NULL, y text); CREATE TABLE c (id int);",
    )
    assert kinds(changes) == [
        (ChangeKind.ENUM_ADDED, SAFE, "public.mood"),
        (ChangeKind.TABLE_ADDED, SAFE, "public.a"),
        (ChangeKind.COLUMN_ADDED, SAFE, "public.b.y"),
        (ChangeKind.COLUMN_REMOVED, BREAKING, "public.b.x"),
        (ChangeKind.COLUMN_NULLABILITY_CHANGED, BREAKING, "public.b.id"),
    ]


# Tables and views


def test_adding_a_table_is_safe_and_carries_the_table():
    change = only(
        diff("CREATE TABLE a (id int);", "CREATE TABLE a (id int); CREATE TABLE b (id int, name text);")
    )
    assert (change.kind, change.severity, change.path) == (ChangeKind.TABLE_ADDED, SAFE, "public.b")
    assert change.message == "Table public.b added with 2 columns"
    assert change.before is None
    assert change.after is not None
    assert [column["name"] for column in change.after["columns"]] == ["id", "name"]


def test_removing_a_table_is_breaking():
    change = only(diff("CREATE TABLE a (id int); CREATE TABLE b (id int);", "CREATE TABLE a (id int);"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.TABLE_REMOVED,
        BREAKING,
        "Table public.b removed",
    )
    assert change.before is not None
    assert change.after is None


def test_adding_a_view_is_safe_and_removing_one_is_breaking():
    table = "CREATE TABLE a (id int, name text);"
    view = "CREATE VIEW names AS SELECT name FROM a;"
    assert kinds(diff(table, table + view)) == [(ChangeKind.VIEW_ADDED, SAFE, "public.names")]
    assert kinds(diff(table + view, table)) == [(ChangeKind.VIEW_REMOVED, BREAKING, "public.names")]


def test_a_changed_view_definition_is_a_warning():
    table = "CREATE TABLE a (id int, name text);"
    change = only(
        diff(
            table + "CREATE VIEW v AS SELECT id FROM a;",
            table + "CREATE VIEW v AS SELECT id FROM a WHERE id > 0;",
        )
    )
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.VIEW_CHANGED,
        WARNING,
        "View public.v definition changed",
    )


def test_a_view_losing_a_column_is_breaking():
    table = "CREATE TABLE a (id int, name text);"
    changes = diff(
        table + "CREATE VIEW v AS SELECT id, name FROM a;", table + "CREATE VIEW v AS SELECT id FROM a;"
    )
    assert kinds(changes) == [
        (ChangeKind.VIEW_CHANGED, WARNING, "public.v"),
        (ChangeKind.COLUMN_REMOVED, BREAKING, "public.v.name"),
    ]


def test_a_table_replaced_by_a_view_of_the_same_name_is_a_removal_and_an_addition():
    changes = diff(
        "CREATE TABLE base (id int); CREATE TABLE a (id int);",
        "CREATE TABLE base (id int); CREATE VIEW a AS SELECT id FROM base;",
    )
    assert kinds(changes) == [
        (ChangeKind.TABLE_REMOVED, BREAKING, "public.a"),
        (ChangeKind.VIEW_ADDED, SAFE, "public.a"),
    ]


def test_comments_are_safe():
    table = "CREATE TABLE a (id int);"
    changes = diff(table, table + "COMMENT ON TABLE a IS 'x'; COMMENT ON COLUMN a.id IS 'key';")
    assert kinds(changes) == [
        (ChangeKind.TABLE_COMMENT_CHANGED, SAFE, "public.a"),
        (ChangeKind.COLUMN_COMMENT_CHANGED, SAFE, "public.a.id"),
    ]


def test_schemas_and_extensions_added_are_safe_and_removed_are_breaking():
    extras = "CREATE SCHEMA shop; CREATE EXTENSION pgcrypto;"
    assert kinds(diff("", extras)) == [
        (ChangeKind.SCHEMA_ADDED, SAFE, "shop"),
        (ChangeKind.EXTENSION_ADDED, SAFE, "pgcrypto"),
    ]
    assert kinds(diff(extras, "")) == [
        (ChangeKind.SCHEMA_REMOVED, BREAKING, "shop"),
        (ChangeKind.EXTENSION_REMOVED, BREAKING, "pgcrypto"),
    ]


# Columns
