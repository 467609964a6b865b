"""The diff engine: what ``compare`` reports between two canonical models, how severe each
change is, and how it reads. Models are parsed from small PostgreSQL scripts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.diff import Change, ChangeKind, compare, summarize
from app.diff.types import TypeChange, classify_type_change
from app.ingest.model import SchemaModel
from app.ingest.postgres import parse_postgres
from app.models.enums import ChangeSeverity, SqlDialect

SAFE, WARNING, BREAKING = ChangeSeverity.SAFE, ChangeSeverity.WARNING, ChangeSeverity.BREAKING

SHOP = """
CREATE SCHEMA shop;
CREATE TYPE mood AS ENUM ('calm', 'angry');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, feeling mood);
CREATE TABLE posts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author int REFERENCES users (id) ON DELETE CASCADE,
    body text DEFAULT '' CHECK (length(body) < 1000)
);
CREATE INDEX posts_author_idx ON posts (author) WHERE body <> '';
CREATE VIEW authors AS SELECT u.id, u.email FROM users u;
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON posts USING (author = current_setting('app.user')::int);
COMMENT ON TABLE users IS 'People who write';
"""


def model(sql: str) -> SchemaModel:
    return parse_postgres(sql).model


def diff(before: str, after: str) -> list[Change]:
    return compare(model(before), model(after))


def kinds(changes: list[Change]) -> list[tuple[ChangeKind, ChangeSeverity, str]]:
    return [(change.kind, change.severity, change.path) for change in changes]


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, [change.message for change in changes]
    return changes[0]


# Identity and order


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


def test_adding_a_nullable_column_is_safe():
    change = only(diff("CREATE TABLE users (id int);", "CREATE TABLE users (id int, nickname text);"))
    assert (change.kind, change.severity, change.path) == (
        ChangeKind.COLUMN_ADDED,
        SAFE,
        "public.users.nickname",
    )
    assert change.message == "Column public.users.nickname added (text)"
    assert change.before is None
    assert change.after is not None
    assert change.after["data_type"] == "text"


def test_adding_a_not_null_column_with_a_default_is_a_warning():
    change = only(
        diff("CREATE TABLE users (id int);", "CREATE TABLE users (id int, age int NOT NULL DEFAULT 0);")
    )
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_ADDED, WARNING)
    assert change.message == "Column public.users.age added (integer NOT NULL DEFAULT 0)"


def test_adding_a_not_null_column_without_a_default_is_breaking():
    change = only(diff("CREATE TABLE users (id int);", "CREATE TABLE users (id int, age int NOT NULL);"))
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_ADDED, BREAKING)


def test_adding_an_identity_column_is_a_warning_not_breaking():
    change = only(
        diff(
            "CREATE TABLE users (name text);",
            "CREATE TABLE users (name text, id int GENERATED ALWAYS AS IDENTITY);",
        )
    )
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_ADDED, WARNING)


def test_removing_a_column_is_breaking():
    change = only(diff("CREATE TABLE users (id int, email text);", "CREATE TABLE users (id int);"))
    assert (change.kind, change.severity, change.path, change.message) == (
        ChangeKind.COLUMN_REMOVED,
        BREAKING,
        "public.users.email",
        "Column public.users.email removed",
    )
    assert change.before is not None
    assert change.before["name"] == "email"
    assert change.after is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("varchar(50)", "varchar(100)"),
        ("varchar(100)", "text"),
        ("smallint", "int"),
        ("int", "bigint"),
        ("numeric(10,2)", "numeric(12,2)"),
        ("numeric(10,2)", "numeric"),
        ("real", "double precision"),
        ("timestamp(3)", "timestamp(6)"),
        ("int[]", "bigint[]"),
    ],
)
def test_widening_a_type_is_a_warning(before, after):
    change = only(diff(f"CREATE TABLE t (c {before});", f"CREATE TABLE t (c {after});"))
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_TYPE_CHANGED, WARNING)
    assert change.message.endswith("(widened)")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("varchar(100)", "varchar(50)"),
        ("text", "varchar(100)"),
        ("bigint", "int"),
        ("numeric(12,2)", "numeric(10,2)"),
        ("numeric", "numeric(10,2)"),
    ],
)
def test_narrowing_a_type_is_breaking(before, after):
    change = only(diff(f"CREATE TABLE t (c {before});", f"CREATE TABLE t (c {after});"))
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_TYPE_CHANGED, BREAKING)
    assert change.message.endswith("(narrowed)")


@pytest.mark.parametrize(
    ("before", "after"),
    [("timestamp", "timestamptz"), ("int", "text"), ("numeric(10,2)", "numeric(10,4)"), ("int", "int[]")],
)
def test_changing_a_type_to_one_that_does_not_hold_the_same_values_is_breaking(before, after):
    change = only(diff(f"CREATE TABLE t (c {before});", f"CREATE TABLE t (c {after});"))
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_TYPE_CHANGED, BREAKING)
    assert not change.message.endswith(("(widened)", "(narrowed)"))


def test_type_change_message_and_path():
    change = only(
        diff("CREATE TABLE users (email varchar(100));", "CREATE TABLE users (email text);"),
    )
    assert change.path == "public.users.email"
    assert (
        change.message
        == "Column public.users.email changed type from character varying(100) to text (widened)"
    )
    assert change.before is not None
    assert change.before["data_type"] == "character varying(100)"
    assert change.after is not None
    assert change.after["data_type"] == "text"


def test_timestamp_to_timestamptz_is_a_change_not_a_widening():
    change = only(diff("CREATE TABLE t (at timestamp);", "CREATE TABLE t (at timestamptz);"))
    assert change.message == (
        "Column public.t.at changed type from timestamp without time zone to timestamp with time zone"
    )


@pytest.mark.parametrize(
    ("before", "after", "dialect", "expected"),
    [
        ("int", "integer", SqlDialect.MYSQL, TypeChange.SAME),
        ("int(11)", "int", SqlDialect.MYSQL, TypeChange.SAME),
        ("decimal(10,2)", "decimal(12,2)", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("decimal", "decimal(10,0)", SqlDialect.MYSQL, TypeChange.SAME),
        ("int unsigned", "bigint", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("int unsigned", "int", SqlDialect.MYSQL, TypeChange.CHANGED),
        ("varchar(255)", "text", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("mediumtext", "text", SqlDialect.MYSQL, TypeChange.NARROWED),
        ("enum('a','b')", "enum('a','b','c')", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("enum('a','b','c')", "enum('a','c')", SqlDialect.MYSQL, TypeChange.NARROWED),
        ("float", "double", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("datetime", "datetime(3)", SqlDialect.MYSQL, TypeChange.WIDENED),
        ("varchar(50)", "nvarchar(50)", SqlDialect.MSSQL, TypeChange.WIDENED),
        ("nvarchar(50)", "varchar(50)", SqlDialect.MSSQL, TypeChange.NARROWED),
        ("nvarchar(50)", "nvarchar(max)", SqlDialect.MSSQL, TypeChange.WIDENED),
        ("float", "real", SqlDialect.MSSQL, TypeChange.NARROWED),
        ("datetime", "datetime2", SqlDialect.MSSQL, TypeChange.WIDENED),
        ("integer", "text", SqlDialect.SQLITE, TypeChange.CHANGED),
    ],
)
def test_other_dialects_spellings_are_classified(before, after, dialect, expected):
    assert classify_type_change(before, after, before_dialect=dialect, after_dialect=dialect) is expected


def test_models_of_different_dialects_compare_with_each_sides_spelling():
    postgres = model("CREATE TABLE users (id integer, email text, score numeric(10,2));")
    mysql_table = replace(
        postgres.tables[0],
        columns=[
            replace(postgres.tables[0].columns[0], data_type="int(11)"),
            replace(postgres.tables[0].columns[1], data_type="varchar(255)"),
            replace(postgres.tables[0].columns[2], data_type="decimal(10,2)"),
        ],
    )
    mysql = replace(postgres, dialect=SqlDialect.MYSQL, tables=[mysql_table])
    change = only(compare(mysql, postgres))
    assert change.message == "Column public.users.email changed type from varchar(255) to text (widened)"


def test_making_a_column_not_null_is_breaking_and_nullable_a_warning():
    nullable, not_null = "CREATE TABLE t (c int);", "CREATE TABLE t (c int NOT NULL);"
    change = only(diff(nullable, not_null))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.COLUMN_NULLABILITY_CHANGED,
        BREAKING,
        "Column public.t.c changed from nullable to NOT NULL",
    )
    assert kinds(diff(not_null, nullable)) == [(ChangeKind.COLUMN_NULLABILITY_CHANGED, WARNING, "public.t.c")]


def test_changing_or_setting_a_default_is_a_warning():
    change = only(diff("CREATE TABLE t (c int DEFAULT 1);", "CREATE TABLE t (c int DEFAULT 2);"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.COLUMN_DEFAULT_CHANGED,
        WARNING,
        "Column public.t.c default changed from 1 to 2",
    )
    assert only(diff("CREATE TABLE t (c int);", "CREATE TABLE t (c int DEFAULT 2);")).severity is WARNING


def test_dropping_the_default_of_a_not_null_column_is_breaking():
    change = only(diff("CREATE TABLE t (c int NOT NULL DEFAULT 1);", "CREATE TABLE t (c int NOT NULL);"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.COLUMN_DEFAULT_CHANGED,
        BREAKING,
        "Column public.t.c default dropped (was 1)",
    )


def test_an_identity_that_refuses_supplied_values_is_breaking():
    change = only(
        diff(
            "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);",
            "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);",
        )
    )
    assert (change.kind, change.severity) == (ChangeKind.COLUMN_IDENTITY_CHANGED, BREAKING)
    assert change.message == (
        "Column public.t.id changed from GENERATED BY DEFAULT AS IDENTITY to GENERATED ALWAYS AS IDENTITY"
    )


def test_reordering_columns_is_a_warning():
    change = only(diff("CREATE TABLE t (a int, b int);", "CREATE TABLE t (b int, a int);"))
    assert (change.kind, change.severity, change.message) == (
        ChangeKind.COLUMN_ORDER_CHANGED,
        WARNING,
        "Column order of public.t changed from (a, b) to (b, a)",
    )


# Renames


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
