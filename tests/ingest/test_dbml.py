"""The DBML reader, construct by construct, on small schemas written for the test."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.errors import ErrorCode
from app.ingest.dbml import parse_dbml
from app.ingest.errors import ParseError
from app.ingest.model import ForeignKey, PrimaryKey, ReferentialAction, content_hash
from app.ingest.result import ParseResult
from app.models.enums import SqlDialect
from tests.ingest.lookup import column, table


def parse(dbml: str) -> ParseResult:
    return parse_dbml(dedent(dbml))


def primary_key(result: ParseResult, key: str) -> PrimaryKey:
    found = table(result, key).primary_key
    assert found is not None
    return found


def foreign_keys(result: ParseResult) -> list[tuple[str, list[str], str, list[str]]]:
    return [
        (t.key, fk.columns, fk.referenced_table, fk.referenced_columns)
        for t in result.model.tables
        for fk in t.foreign_keys
    ]


def only_foreign_key(result: ParseResult, key: str) -> ForeignKey:
    [foreign_key] = table(result, key).foreign_keys
    return foreign_key


def parse_error(dbml: str) -> ParseError:
    with pytest.raises(ParseError) as raised:
        parse_dbml(dbml)
    assert raised.value.code == ErrorCode.BAD_USER_INPUT
    return raised.value


# -- tables and columns -----------------------------------------------------------------------


def test_columns_keep_their_written_type_settings_notes_and_defaults():
    result = parse("""
        Table users [note: 'People who sign in'] {
          id int [pk, increment]
          Email VARCHAR(255) [not null, unique, note: 'where we write']
          nickname text [null]
          created timestamp [default: `now()`]
          active bool [default: true]
          score numeric(5,2) [default: 1.5]
          visits int [default: 0]
          motto text [default: 'it\\'s fine']
          gone int [default: null]
          tags text[]
        }
    """)
    users = table(result, "public.users")
    assert (users.schema, users.name, users.comment) == ("public", "users", "People who sign in")
    assert [(c.name, c.data_type, c.original_type) for c in users.columns] == [
        ("id", "int", "int"),
        ("Email", "varchar(255)", "VARCHAR(255)"),
        ("nickname", "text", "text"),
        ("created", "timestamp", "timestamp"),
        ("active", "bool", "bool"),
        ("score", "numeric(5,2)", "numeric(5,2)"),
        ("visits", "int", "int"),
        ("motto", "text", "text"),
        ("gone", "int", "int"),
        ("tags", "text[]", "text[]"),
    ]
    assert [c.nullable for c in users.columns] == [
        False,
        False,
        True,
        True,
        True,
        True,
        True,
        True,
        True,
        True,
    ]
    assert {c.name: c.default for c in users.columns if c.default is not None} == {
        "created": "now()",
        "active": "true",
        "score": "1.5",
        "visits": "0",
        "motto": "'it''s fine'",
    }
    assert column(result, "public.users", "id").serial
    assert column(result, "public.users", "Email").comment == "where we write"
    assert column(result, "public.users", "Email").is_unique
    assert result.warnings == []


def test_a_note_block_is_the_table_comment_and_line_comments_are_not():
    result = parse("""
        // not a comment of the table
        Table t {
          id int // nor of the column
          Note: '''
            Several
            lines'''
        }
    """)
    assert table(result, "public.t").comment == "Several\nlines"
    assert column(result, "public.t", "id").comment is None


def test_enums_are_read_and_their_columns_have_the_enum_key_as_type():
    result = parse("""
        enum status {
          active [note: 'still here']
          "on leave"
        }
        enum billing.plan {
          free
          paid
        }
        Table people {
          state status
          plan billing.plan
        }
    """)
    assert [(e.key, e.schema, e.name, e.values) for e in result.model.enums] == [
        ("billing.plan", "billing", "plan", ["free", "paid"]),
        ("public.status", "public", "status", ["active", "on leave"]),
    ]
    assert column(result, "public.people", "state").data_type == "public.status"
    assert column(result, "public.people", "plan").data_type == "billing.plan"
    assert result.model.schemas == ["billing", "public"]


def test_schema_qualified_and_quoted_unicode_names_are_kept():
    result = parse("""
        Table "Straßen Verzeichnis"."Größe Tabelle" as G {
          "Schlüssel" int [pk]
          "名前" varchar
        }
        Table "Ünïcode" {
          ref_id int [ref: > G."Schlüssel"]
        }
    """)
    size = table(result, "Straßen Verzeichnis.Größe Tabelle")
    assert (size.schema, size.name) == ("Straßen Verzeichnis", "Größe Tabelle")
    assert [c.name for c in size.columns] == ["Schlüssel", "名前"]
    assert primary_key(result, "Straßen Verzeichnis.Größe Tabelle").name == "Größe Tabelle_pkey"
    assert foreign_keys(result) == [
        ("public.Ünïcode", ["ref_id"], "Straßen Verzeichnis.Größe Tabelle", ["Schlüssel"])
    ]


# -- keys and indexes -------------------------------------------------------------------------


def test_pk_columns_and_pk_indexes_are_the_primary_key():
    result = parse("""
        Table single {
          id int [pk]
        }
        Table flagged {
          a int [pk]
          b int [primary key]
        }
        Table indexed {
          a int
          b int
          indexes {
            (b, a) [pk, name: 'indexed_key']
          }
        }
    """)
    keys = {t.name: (t.primary_key.name, t.primary_key.columns) for t in result.model.tables if t.primary_key}
    assert keys == {
        "single": ("single_pkey", ["id"]),
        "flagged": ("flagged_pkey", ["a", "b"]),
        "indexed": ("indexed_key", ["b", "a"]),
    }
    assert [(c.is_primary_key, c.nullable) for c in table(result, "public.indexed").columns] == [
        (True, False),
        (True, False),
    ]
    assert table(result, "public.indexed").indexes == []


def test_two_different_primary_keys_keep_the_first_with_a_warning():
    result = parse("""
        Table t {
          a int [pk]
          b int
          indexes {
            (a, b) [pk]
          }
        }
    """)
    assert primary_key(result, "public.t").columns == ["a"]
    assert result.warnings == ["line 2: public.t declares more than one primary key; the first (a) is kept"]


def test_indexes_keep_their_columns_expressions_uniqueness_method_and_name():
    result = parse("""
        Table orders {
          id int
          customer int
          placed date
          indexes {
            (customer, placed) [unique, type: hash, name: 'orders_by_customer']
            placed
            `date_trunc('month', placed)` [type: btree]
          }
        }
    """)
    indexes = {i.name: i for i in table(result, "public.orders").indexes}
    assert sorted(indexes) == ["orders_by_customer", "orders_expr_idx", "orders_placed_idx"]
    by_customer = indexes["orders_by_customer"]
    assert (by_customer.columns, by_customer.unique, by_customer.method) == (
        ["customer", "placed"],
        True,
        "hash",
    )
    assert by_customer.definition == (
        "CREATE UNIQUE INDEX orders_by_customer ON public.orders USING hash (customer, placed)"
    )
    assert indexes["orders_expr_idx"].columns == ["date_trunc('month', placed)"]
    assert indexes["orders_placed_idx"].method == "btree"


def test_unnamed_constraints_get_the_names_postgresql_would_give():
    result = parse("""
        Table a {
          id int [pk]
          code text [unique]
          b_id int [ref: > b.id]
        }
        Table b {
          id int [pk]
        }
    """)
    a = table(result, "public.a")
    assert primary_key(result, "public.a").name == "a_pkey"
    assert [u.name for u in a.unique_constraints] == ["a_code_key"]
    assert [fk.name for fk in a.foreign_keys] == ["a_b_id_fkey"]


# -- references -------------------------------------------------------------------------------


def test_the_foreign_key_lives_on_the_many_side_whichever_way_the_ref_is_written():
    result = parse("""
        Table users {
          id int [pk]
        }
        Table posts {
          id int [pk]
          author int [ref: > users.id]
          editor int
          reviewer int
        }
        Ref: users.id < posts.editor
        Ref named_reviewer {
          posts.reviewer > users.id
        }
    """)
    assert sorted(foreign_keys(result)) == [
        ("public.posts", ["author"], "public.users", ["id"]),
        ("public.posts", ["editor"], "public.users", ["id"]),
        ("public.posts", ["reviewer"], "public.users", ["id"]),
    ]
    assert {fk.name for fk in table(result, "public.posts").foreign_keys} == {
        "named_reviewer",
        "posts_author_fkey",
        "posts_editor_fkey",
    }


def test_a_one_to_one_ref_puts_the_foreign_key_on_its_left_side():
    result = parse("""
        Table users {
          id int [pk]
        }
        Table profiles {
          user_id int [pk]
        }
        Ref: profiles.user_id - users.id
    """)
    assert foreign_keys(result) == [("public.profiles", ["user_id"], "public.users", ["id"])]


def test_composite_refs_with_referential_actions():
    result = parse("""
        Table lines {
          order_id int
          line int
          indexes {
            (order_id, line) [pk]
          }
        }
        Table shipments {
          order_id int
          line int
        }
        Ref: shipments.(order_id, line) > lines.(order_id, line) [delete: cascade, update: set null]
    """)
    foreign_key = only_foreign_key(result, "public.shipments")
    assert (foreign_key.name, foreign_key.columns, foreign_key.referenced_columns) == (
        "shipments_order_id_line_fkey",
        ["order_id", "line"],
        ["order_id", "line"],
    )
    assert (foreign_key.on_delete, foreign_key.on_update) == (
        ReferentialAction.CASCADE,
        ReferentialAction.SET_NULL,
    )


def test_refs_between_schemas_and_through_aliases():
    result = parse("""
        Table auth.accounts as A {
          id uuid [pk]
        }
        Table shop.orders {
          account uuid [ref: > A.id]
          buyer uuid
        }
        Ref: shop.orders.buyer > auth.accounts.id
    """)
    assert sorted(foreign_keys(result)) == [
        ("shop.orders", ["account"], "auth.accounts", ["id"]),
        ("shop.orders", ["buyer"], "auth.accounts", ["id"]),
    ]


def test_a_many_to_many_ref_becomes_the_junction_table_dbml_exports():
    result = parse("""
        Table posts {
          id int [pk]
        }
        Table tags {
          name varchar [pk]
        }
        Ref: posts.id <> tags.name
    """)
    junction = table(result, "public.posts_tags")
    assert [(c.name, c.data_type, c.nullable) for c in junction.columns] == [
        ("posts_id", "int", False),
        ("tags_name", "varchar", False),
    ]
    assert primary_key(result, "public.posts_tags").columns == ["posts_id", "tags_name"]
    assert sorted(foreign_keys(result)) == [
        ("public.posts_tags", ["posts_id"], "public.posts", ["id"]),
        ("public.posts_tags", ["tags_name"], "public.tags", ["name"]),
    ]
    assert result.warnings == [
        "line 8: the many-to-many reference public.posts.id <> public.tags.name is read as the "
        "junction table public.posts_tags, as DBML's SQL export creates it"
    ]


def test_a_ref_to_an_undefined_table_is_kept_with_a_warning_and_one_from_it_is_skipped():
    result = parse("""
        Table users {
          id int [pk]
          team int [ref: > teams.id]
        }
        Ref: ghosts.user > users.id
    """)
    assert foreign_keys(result) == [("public.users", ["team"], "public.teams", ["id"])]
    assert result.warnings == [
        "line 6: the reference public.ghosts.user → public.users.id belongs to public.ghosts, "
        "which this source does not define; skipped",
        "1 foreign key references public.teams, which this source does not define; kept as written",
    ]


def test_the_same_reference_written_inline_and_as_a_ref_is_kept_once():
    result = parse("""
        Table users {
          id int [pk]
        }
        Table posts {
          author int [ref: > users.id]
        }
        Ref: posts.author > users.id
    """)
    assert foreign_keys(result) == [("public.posts", ["author"], "public.users", ["id"])]
    assert result.warnings == [
        "line 8: the reference public.posts.author → public.users.id repeats another; kept once"
    ]


def test_a_ref_to_a_column_its_table_lacks_is_an_error_where_the_ref_is():
    error = parse_error("Table a {\n  id int\n}\n\nRef: a.missing > a.id\n")
    assert (error.line, error.column, error.statement) == (5, 1, "Ref: a.missing > a.id")
    assert error.reason == "reference to public.a.missing: public.a has no column missing"


# -- what is not schema, and mistakes ---------------------------------------------------------


def test_table_groups_sticky_notes_and_the_project_are_counted_as_skipped():
    result = parse("""
        Project shop {
          database_type: 'PostgreSQL'
        }
        Table a {
          id int
        }
        TableGroup core {
          a
        }
        Note overview {
          'What this is about'
        }
    """)
    assert [t.key for t in result.model.tables] == ["public.a"]
    assert result.skipped == {"note": 1, "project": 1, "table group": 1}
    assert result.statements == 4


def test_a_syntax_error_reports_its_line_column_and_line():
    error = parse_error("Table a {\n  id int\n  name varchar [nul]\n}\n")
    assert (error.line, error.column, error.statement) == (3, 17, "name varchar [nul]")
    assert error.reason == "DBML syntax error: unexpected 'nul'"


def test_text_outside_any_definition_is_an_error_that_says_what_may_stand_there():
    error = parse_error("Table a {\n  id int\n}\nTabel b {\n  id int\n}\n")
    assert (error.line, error.column, error.statement) == (4, 1, "Tabel b {")
    assert "expected Table, Ref, Enum, TableGroup, Note or Project" in error.reason


def test_a_table_without_columns_is_an_error_at_the_table():
    error = parse_error("Table a {\n  id int\n}\n\n// empty\nTable b {\n}\n")
    assert (error.line, error.column, error.statement) == (6, 1, "Table b {")


def test_an_index_on_a_missing_column_is_an_error_at_its_table():
    error = parse_error("Table a {\n  id int\n  indexes {\n    nope\n  }\n}\n")
    assert (error.line, error.statement) == (1, "Table a {")
    assert "an index of public.a is on column nope" in error.reason


def test_a_second_definition_of_a_table_is_ignored_with_a_warning_and_so_are_its_refs():
    result = parse("""
        Table t {
          first int
        }
        Table t {
          second int [ref: > elsewhere.id]
        }
        enum e {
          x
        }
        enum e {
          y
        }
    """)
    assert [c.name for c in table(result, "public.t").columns] == ["first"]
    assert foreign_keys(result) == []
    assert result.model.enums[0].values == ["x"]
    assert result.warnings == [
        "line 5: public.t is defined again; the first definition (line 2) is kept",
        "line 11: type public.e is defined again; the first definition is kept",
    ]


def test_an_empty_source_is_an_empty_model():
    result = parse_dbml("// nothing yet\n")
    assert (result.model.tables, result.model.enums, result.warnings) == ([], [], [])


# -- the model as a whole ---------------------------------------------------------------------


def test_the_dialect_is_the_given_one_else_postgresql():
    assert parse_dbml("Table a {\n  id int\n}\n").model.dialect == SqlDialect.POSTGRES
    assert parse_dbml("Table a {\n  id int\n}\n", dialect=SqlDialect.MYSQL).model.dialect == SqlDialect.MYSQL


def test_order_whitespace_and_comments_do_not_change_the_content_hash():
    first = """
        enum mood {
          calm
          angry
        }
        Table users {
          id int [pk]
          email varchar [unique]
          feeling mood
        }
        Table posts {
          id int [pk]
          author int [ref: > users.id]
          editor int [ref: > users.id]
          indexes {
            author
            editor
          }
        }
        Ref: posts.id - users.id
    """
    second = """
        // The same schema, written the other way round.
        Ref: posts.id - users.id
        Ref: posts.editor > users.id
        Ref: users.id < posts.author

        Table posts {
          id   int   [pk]
          author int
          editor int   /* who last changed it */
          indexes {
            editor
            author
          }
        }
        Table users {
          id int [pk]
          email varchar [unique]
          feeling mood
        }
        enum mood {
          calm
          angry
        }
    """
    assert content_hash(parse(first).model) == content_hash(parse(second).model)


def test_a_byte_order_mark_is_ignored():
    result = parse_dbml("\ufeffTable a {\r\n  id int\r\n}\r\n")
    assert [c.name for c in table(result, "public.a").columns] == ["id"]


def test_a_table_with_two_columns_of_one_name_is_an_error():
    error = parse_error("Table a {\n  id int\n  id text\n}\n")
    assert (error.line, error.reason) == (1, "public.a has two columns named id")
