"""The Mermaid erDiagram reader, construct by construct, on small diagrams written for the test."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.errors import ErrorCode
from app.ingest.errors import ParseError
from app.ingest.mermaid import parse_mermaid
from app.ingest.model import content_hash
from app.ingest.result import ParseResult
from app.models.enums import SqlDialect
from tests.ingest.lookup import column, table


def parse(diagram: str) -> ParseResult:
    return parse_mermaid(dedent(diagram))


def foreign_keys(result: ParseResult) -> list[tuple[str, list[str], str, list[str]]]:
    return [
        (t.key, fk.columns, fk.referenced_table, fk.referenced_columns)
        for t in result.model.tables
        for fk in t.foreign_keys
    ]


def parse_error(diagram: str) -> ParseError:
    with pytest.raises(ParseError) as raised:
        parse_mermaid(diagram)
    assert raised.value.code == ErrorCode.BAD_USER_INPUT
    return raised.value


CUSTOMER_AND_ORDER = """
    CUSTOMER {
        int id PK
    }
    ORDER {
        int id PK
        int customer_id FK
    }
"""


# -- entities and attributes ------------------------------------------------------------------


def test_attributes_are_columns_with_type_keys_and_comment():
    result = parse("""
        erDiagram
            CUSTOMER {
                string id PK "assigned at sign-up"
                VARCHAR(255) email UK
                decimal(10,2) balance
                string[] tags
                string? nickname "may be missing"
                `unsigned int` `visit count`
            }
    """)
    customer = table(result, "CUSTOMER")
    assert (customer.schema, customer.name) == (None, "CUSTOMER")
    assert [(c.name, c.data_type, c.original_type) for c in customer.columns] == [
        ("id", "string", "string"),
        ("email", "varchar(255)", "VARCHAR(255)"),
        ("balance", "decimal(10,2)", "decimal(10,2)"),
        ("tags", "string[]", "string[]"),
        ("nickname", "string", "string"),
        ("visit count", "unsigned int", "unsigned int"),
    ]
    assert [c.comment for c in customer.columns] == [
        "assigned at sign-up",
        None,
        None,
        None,
        "may be missing",
        None,
    ]
    assert customer.primary_key is not None
    assert (customer.primary_key.name, customer.primary_key.columns) == ("CUSTOMER_pkey", ["id"])
    assert [(u.name, u.columns) for u in customer.unique_constraints] == [("CUSTOMER_email_key", ["email"])]
    assert [(c.is_primary_key, c.is_unique, c.nullable) for c in customer.columns[:3]] == [
        (True, False, False),
        (False, True, True),
        (False, False, True),
    ]


def test_several_pk_markers_make_a_composite_key_and_keys_combine():
    result = parse("""
        erDiagram
            LINE {
                int order_id PK, FK
                int position pk
                string code UK,FK
                int pk "an attribute may be called pk"
            }
    """)
    line = table(result, "LINE")
    assert line.primary_key is not None
    assert line.primary_key.columns == ["order_id", "position"]
    assert [u.columns for u in line.unique_constraints] == [["code"]]
    assert column(result, "LINE", "pk").comment == "an attribute may be called pk"


def test_aliases_name_the_table_and_quoted_and_unicode_names_are_kept():
    result = parse("""
        erDiagram
            p[Person] {
                int id PK
            }
            "Order Line"[ Ligne de commande ] {
                int person_id FK
            }
            顧客 {
                int 番号 PK
            }
            p ||--o{ "Order Line" : places
            顧客 ||--|| Bücher : liest
    """)
    assert [t.key for t in result.model.tables] == ["Bücher", "Ligne de commande", "Person", "顧客"]
    assert foreign_keys(result) == [("Ligne de commande", ["person_id"], "Person", ["id"])]


def test_an_empty_block_and_a_bare_name_are_entities_without_columns():
    result = parse("""
        erDiagram
            EMPTY { }
            BARE
    """)
    assert [(t.key, t.columns) for t in result.model.tables] == [("BARE", []), ("EMPTY", [])]


# -- relationships ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("||", "o{"),
        ("||", "|{"),
        ("|o", "o{"),
        ("o|", "}o"),
        ("only one", "zero or more"),
        ("1", "one or more"),
        ("one or zero", "zero or many"),
        ("zero or one", "one or many"),
        ("one", "many(0)"),
        ("||", "many(1)"),
        ("||", "0+"),
        ("||", "1+"),
        ("||", "many"),
    ],
)
def test_every_cardinality_spelling_puts_the_key_on_the_many_side(parent: str, child: str):
    # Written both ways round: the marker next to an entity is that entity's.
    flipped = {"o{": "}o", "|{": "}|"}.get(child, child)
    for relationship in (
        f"CUSTOMER {parent}--{child} ORDER : places",
        f"ORDER {flipped}--{parent} CUSTOMER : x",
    ):
        result = parse("erDiagram\n" + CUSTOMER_AND_ORDER + "    " + relationship + "\n")
        assert foreign_keys(result) == [("ORDER", ["customer_id"], "CUSTOMER", ["id"])], relationship


@pytest.mark.parametrize("line", ["--", "..", " to ", " optionally to ", ".-", "-."])
def test_identifying_and_non_identifying_lines_are_both_read(line: str):
    result = parse("erDiagram\n" + CUSTOMER_AND_ORDER + f"    CUSTOMER ||{line}o{{ ORDER : places\n")
    assert foreign_keys(result) == [("ORDER", ["customer_id"], "CUSTOMER", ["id"])]


@pytest.mark.parametrize(
    "label",
    [": places", ': "places an order"', ": places an order", ': ""', "", ":::vip : places"],
)
def test_labels_may_be_quoted_bare_several_words_or_absent(label: str):
    result = parse("erDiagram\n" + CUSTOMER_AND_ORDER + f"    CUSTOMER ||--o{{ ORDER {label}\n")
    assert foreign_keys(result) == [("ORDER", ["customer_id"], "CUSTOMER", ["id"])]


def test_foreign_key_columns_are_found_by_name_after_the_parent_and_its_key():
    result = parse("""
        erDiagram
            ACCOUNT {
                uuid id PK
            }
            "USER-GROUP" {
                int group_no PK
            }
            MEMBERSHIP {
                uuid accountId
                int user_group_group_no
            }
            ACCOUNT ||--o{ MEMBERSHIP : has
            "USER-GROUP" ||--o{ MEMBERSHIP : has
    """)
    assert sorted(foreign_keys(result)) == [
        ("MEMBERSHIP", ["accountId"], "ACCOUNT", ["id"]),
        ("MEMBERSHIP", ["user_group_group_no"], "USER-GROUP", ["group_no"]),
    ]


def test_a_composite_parent_key_needs_a_child_column_for_each_of_its_columns():
    result = parse("""
        erDiagram
            ORDER_LINE {
                int order_id PK
                int line_no PK
            }
            SHIPMENT {
                int order_id FK
                int line_no FK
            }
            ORDER_LINE ||--o{ SHIPMENT : ships
    """)
    assert foreign_keys(result) == [
        ("SHIPMENT", ["order_id", "line_no"], "ORDER_LINE", ["order_id", "line_no"])
    ]


def test_the_lone_fk_attribute_is_the_key_when_names_do_not_tell():
    result = parse("""
        erDiagram
            CUSTOMER {
                int id PK
            }
            STORE {
                int code PK
            }
            ORDER {
                int customer_id FK
                int shop FK
            }
            CUSTOMER ||--o{ ORDER : places
            STORE ||--o{ ORDER : sells
    """)
    assert sorted(foreign_keys(result)) == [
        ("ORDER", ["customer_id"], "CUSTOMER", ["id"]),
        ("ORDER", ["shop"], "STORE", ["code"]),
    ]


def test_a_relationship_without_a_column_to_hold_its_key_is_dropped_with_a_warning():
    result = parse("""
        erDiagram
            ADDRESS {
                int id PK
            }
            ORDER {
                int billing FK
                int shipping FK
            }
            ADDRESS ||--o{ ORDER : "bills to"
            ADDRESS ||--o{ ORDER : "ships to"
    """)
    assert foreign_keys(result) == []
    assert result.warnings == [
        "line 10: relationship between ADDRESS and ORDER (bills to): no foreign key column found on ORDER; "
        "not kept. Mark the attribute that references ADDRESS with FK, or name it after ADDRESS and its key.",
        "line 11: relationship between ADDRESS and ORDER (ships to): no foreign key column found on ORDER; "
        "not kept. Mark the attribute that references ADDRESS with FK, or name it after ADDRESS and its key.",
    ]


def test_a_relationship_to_an_entity_defined_nowhere_makes_an_empty_table_and_a_warning():
    result = parse("""
        erDiagram
            CUSTOMER {
                int id PK
            }
            CUSTOMER ||--o{ INVOICE : receives
    """)
    assert table(result, "INVOICE").columns == []
    assert foreign_keys(result) == []
    assert result.warnings == [
        "line 6: relationship between CUSTOMER and INVOICE (receives): no foreign key column found on "
        "INVOICE; not kept. Mark the attribute that references CUSTOMER with FK, or name it after "
        "CUSTOMER and its key."
    ]


def test_one_to_one_puts_the_key_where_the_columns_are_else_on_the_optional_side():
    result = parse("""
        erDiagram
            PERSON {
                int id PK
                int passport_no
            }
            PASSPORT {
                int no PK
            }
            BADGE {
                int id PK
                int person_id FK
            }
            PASSPORT ||--|| PERSON : "belongs to"
            PERSON ||--o| BADGE : wears
    """)
    assert sorted(foreign_keys(result)) == [
        ("BADGE", ["person_id"], "PERSON", ["id"]),
        ("PERSON", ["passport_no"], "PASSPORT", ["no"]),
    ]


def test_a_self_relationship_uses_the_other_fk_column_not_the_key_itself():
    result = parse("""
        erDiagram
            EMPLOYEE {
                int id PK, FK
                int manager_id FK
            }
            EMPLOYEE |o--o{ EMPLOYEE : manages
    """)
    assert foreign_keys(result) == [("EMPLOYEE", ["manager_id"], "EMPLOYEE", ["id"])]


def test_many_to_many_is_not_a_foreign_key_and_says_so():
    result = parse("""
        erDiagram
            STUDENT }|..|{ COURSE : attends
    """)
    assert foreign_keys(result) == []
    assert result.warnings == [
        "line 3: relationship between STUDENT and COURSE (attends) is many-to-many, which needs a "
        "junction entity to be foreign keys; not kept"
    ]


def test_the_parent_marker_decides_whether_the_key_columns_may_be_null():
    result = parse("""
        erDiagram
            TEAM {
                int id PK
            }
            PLAYER {
                int id PK
                int team_id FK
                int coach_team_id FK
                int? captain_of FK
            }
            COACH {
                int id PK
                int team_id FK
            }
            TEAM ||--o{ PLAYER : fields
            TEAM |o--o{ COACH : employs
    """)
    assert column(result, "PLAYER", "team_id").nullable is False
    assert column(result, "COACH", "team_id").nullable is True
    assert column(result, "PLAYER", "captain_of").nullable is True


def test_the_same_relationship_written_twice_or_from_both_ends_is_one_key():
    result = parse(
        "erDiagram\n"
        + CUSTOMER_AND_ORDER
        + '    CUSTOMER ||--o{ ORDER : places\n    ORDER }o--|| CUSTOMER : "placed by"\n'
    )
    assert [fk.name for fk in table(result, "ORDER").foreign_keys] == ["ORDER_customer_id_fkey"]
    assert column(result, "ORDER", "customer_id").nullable is False


# -- what is not schema, and mistakes ---------------------------------------------------------


def test_comments_front_matter_direction_and_styling_are_skipped():
    result = parse("""
        ---
        title: Shop
        ---
        %%{init: {"theme": "forest"}}%%
        %% the shop
        erDiagram
            direction LR
            accTitle: The shop
            accDescr {
                Customers and what they order
            }
            CUSTOMER {   %% people
                int id PK   %% their number
            }
            %% CUSTOMER ||--o{ ORDER : commented out
            style CUSTOMER fill:#f9f,stroke:#333
            classDef vip fill:#ff0
            class CUSTOMER vip
            CUSTOMER:::vip
    """)
    assert [t.key for t in result.model.tables] == ["CUSTOMER"]
    assert result.skipped == {"accessibility": 2, "direction": 1, "style": 3}
    assert result.warnings == []


def test_a_second_block_for_an_entity_is_ignored_with_a_warning():
    result = parse("""
        erDiagram
            T {
                int first
            }
            T {
                int second
            }
            a[Alias] {
                int x
            }
            b[Alias] {
                int y
            }
    """)
    assert [c.name for c in table(result, "T").columns] == ["first"]
    assert [c.name for c in table(result, "Alias").columns] == ["x"]
    assert result.warnings == [
        "line 6: T is defined again; the first definition (line 3) is kept",
        "line 12: Alias is defined again; the first definition (line 9) is kept",
    ]


@pytest.mark.parametrize(
    ("diagram", "line", "column", "statement", "reason"),
    [
        (
            "flowchart LR\n  A --> B\n",
            1,
            1,
            "flowchart LR",
            "unexpected 'flowchart'; expected erDiagram or the end of the line",
        ),
        (
            "erDiagram\n  A ||--x{ B : y\n",
            2,
            9,
            "A ||--x{ B : y",
            "unexpected 'x'; expected a cardinality (||, |o, }|, }o, ...)",
        ),
        (
            "erDiagram\n  A ||-- B\n",
            2,
            10,
            "A ||-- B",
            "unexpected 'B'; expected a cardinality (||, |o, }|, }o, ...)",
        ),
        (
            "erDiagram\n  A {\n    int\n  }\n",
            3,
            8,
            "int",
            "unexpected end of the line; expected ? or an attribute type or name",
        ),
        (
            "erDiagram\n  A {\n    int id PK\n",
            3,
            14,
            "int id PK",
            "unexpected end of the diagram; expected an attribute type or name or }",
        ),
        (
            "erDiagram\n  A ! B\n",
            2,
            5,
            "A ! B",
            "unexpected '!'; expected ::: or [ or a cardinality (||, |o, }|, }o, ...) or the end of the "
            "diagram or the end of the line or {",
        ),
    ],
)
def test_a_syntax_error_reports_its_line_column_and_line(
    diagram: str, line: int, column: int, statement: str, reason: str
):
    error = parse_error(diagram)
    assert (error.line, error.column, error.statement) == (line, column, statement)
    assert error.reason == f"Mermaid erDiagram syntax error: {reason}"


def test_an_empty_diagram_is_an_empty_model():
    result = parse_mermaid("erDiagram\n")
    assert (result.model.tables, result.warnings, result.statements) == ([], [], 0)


def test_windows_line_ends_and_a_byte_order_mark_are_fine():
    result = parse_mermaid("\ufefferDiagram\r\n  A {\r\n    int id PK\r\n  }\r\n")
    assert [c.name for c in table(result, "A").columns] == ["id"]


# -- the model as a whole ---------------------------------------------------------------------


def test_the_dialect_is_the_given_one_else_postgresql():
    assert parse_mermaid("erDiagram\n  A\n").model.dialect == SqlDialect.POSTGRES
    assert parse_mermaid("erDiagram\n  A\n", dialect=SqlDialect.SQLITE).model.dialect == SqlDialect.SQLITE


def test_order_whitespace_and_comments_do_not_change_the_content_hash():
    first = """
        erDiagram
            CUSTOMER ||--o{ ORDER : places
            STORE ||--o{ ORDER : sells
            CUSTOMER {
                int id PK
                string email UK
            }
            STORE {
                int id PK
            }
            ORDER {
                int id PK
                int customer_id FK
                int store_id FK
            }
    """
    second = """
        %% The same diagram, written the other way round.
        erDiagram
            ORDER {
                int   id           PK
                int   customer_id  FK   "who"
                int   store_id     FK
            }

            STORE { int id PK }
            CUSTOMER {
                int id PK
                string email UK
            }
            ORDER }o--|| STORE : "sold by"
            ORDER }o..|| CUSTOMER : "placed by"
    """
    one, other = parse(first).model, parse(second).model
    # Comments of attributes are part of the schema: drop the one the second adds.
    order = other.table("ORDER")
    assert order is not None
    order.columns[1].comment = None
    assert content_hash(one) == content_hash(other)
