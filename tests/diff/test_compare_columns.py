"""The diff engine on columns: added, removed, types widened or narrowed, nullability, defaults."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.diff import ChangeKind, compare
from app.diff.types import TypeChange, classify_type_change
from app.models.enums import SqlDialect
from tests.diff.support import BREAKING, SAFE, WARNING, diff, kinds, model, only


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
