"""Mermaid erDiagram export: exact text for a small schema, and names Mermaid's grammar would
reject (spaces, quotes, unicode, keywords) spelled so that it accepts them."""

from __future__ import annotations

import re

import pytest

from app.diagrams.mermaid import to_mermaid
from app.ingest.model import Column, SchemaModel, Table
from app.models.enums import SqlDialect
from tests.diff.support import model as model_of

BLOG = """
CREATE TABLE users (id bigint PRIMARY KEY, email character varying(255) NOT NULL UNIQUE,
    invited_by bigint REFERENCES users (id));
COMMENT ON COLUMN users.email IS 'Where we write to';
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users (id), bio text);
CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id), price numeric(10,2),
    tags text[], published_at timestamp with time zone, space_id int REFERENCES auth.spaces (id));
CREATE TABLE post_tags (post_id bigint REFERENCES posts (id), tag text, PRIMARY KEY (post_id, tag));
"""

# Tokens of Mermaid's erDiagram lexer (packages/mermaid/src/diagrams/er/parser/erDiagram.jison),
# narrowed to what we promise: attribute words without the punctuation older versions reject.
ENTITY_NAME = r'"[^"%\r\n\v\b\\]+"'
WORD = r"[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*"
KEYS = r"(?:PK|FK|UK)(?:, (?:PK|FK|UK))*"
ENTITY_LINE = re.compile(rf"    {ENTITY_NAME}(?: \{{)?")
ATTRIBUTE_LINE = re.compile(rf'        (?P<type>{WORD}) (?P<name>{WORD})(?: {KEYS})?(?: "[^"\n]*")?')
RELATIONSHIP_LINE = re.compile(
    rf'    {ENTITY_NAME} (?:\|o|\|\|)(?:--|\.\.)(?:o\||o\{{) {ENTITY_NAME} : "[^"\n]*"'
)


def assert_mermaid_accepts(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "erDiagram"
    for line in lines[1:]:
        if line == "    }":
            continue
        attribute = ATTRIBUTE_LINE.fullmatch(line)
        if attribute:
            # PK, FK and UK are read as key markers wherever they stand.
            assert attribute["name"].lower() not in {"pk", "fk", "uk"}, line
            continue
        assert ENTITY_LINE.fullmatch(line) or RELATIONSHIP_LINE.fullmatch(line), line


def test_a_small_schema_gives_exactly_this_text():
    assert to_mermaid(model_of(BLOG)) == (
        "erDiagram\n"
        '    "post_tags" {\n'
        "        bigint post_id PK, FK\n"
        "        text tag PK\n"
        "    }\n"
        '    "posts" {\n'
        "        bigint id PK\n"
        "        bigint author_id FK\n"
        "        numeric_10_2 price\n"
        "        text_array tags\n"
        "        timestamptz published_at\n"
        "        integer space_id FK\n"
        "    }\n"
        '    "profiles" {\n'
        "        bigint user_id PK, FK\n"
        "        text bio\n"
        "    }\n"
        '    "users" {\n'
        "        bigint id PK\n"
        '        varchar_255 email UK "Where we write to"\n'
        "        bigint invited_by FK\n"
        "    }\n"
        '    "posts" ||--o{ "post_tags" : "post_id"\n'
        '    "users" ||..o{ "posts" : "author_id"\n'
        '    "users" ||--o| "profiles" : "user_id"\n'
        '    "users" |o..o{ "users" : "invited_by"\n'
    )


def test_names_with_spaces_quotes_and_unicode_are_quoted_or_spelled_as_words():
    text = to_mermaid(
        model_of("""
            CREATE TABLE "order lines" (id int PRIMARY KEY, "unit price" numeric, "prénom" text, "größe µm" int,
                "PK" int, "2fa" boolean);
            CREATE TABLE "Zoë's ""café"" 100%" (id int PRIMARY KEY, line_id int REFERENCES "order lines" (id));
            CREATE TABLE "one" (id int PRIMARY KEY);
            COMMENT ON COLUMN "order lines"."unit price" IS 'in "cents"
            before tax';
        """)
    )
    assert_mermaid_accepts(text)
    assert '    "order lines" {' in text
    assert "        numeric unit_price \"unit price — in 'cents' before tax\"" in text
    assert "        text prénom\n" in text
    assert '        integer größe_m "größe µm"' in text
    assert '        integer PK_ "PK"' in text
    assert '        boolean _2fa "2fa"' in text
    # % cannot be quoted in an entity name: it becomes the fullwidth percent sign.
    assert "    \"Zoë's 'café' 100\uff05\" {" in text
    assert '    "one" {' in text
    assert '    "order lines" |o..o{ "Zoë\'s \'café\' 100\uff05" : "line_id"' in text


@pytest.mark.parametrize(
    ("data_type", "word"),
    [
        ("character varying(255)", "varchar_255"),
        ("character(2)", "char_2"),
        ("numeric(10,2)", "numeric_10_2"),
        ("text[]", "text_array"),
        ("character varying(64)[]", "varchar_64_array"),
        ("timestamp with time zone", "timestamptz"),
        ("timestamp(3) without time zone", "timestamp_3"),
        ("time(6) with time zone", "timetz_6"),
        ("bit varying(8)", "varbit_8"),
        ("double precision", "float8"),
        ("public.mood", "mood"),
        ('billing."Money type"', "billing_Money_type"),
        (None, "unknown"),
    ],
)
def test_types_become_mermaid_words(data_type: str | None, word: str):
    model = SchemaModel(
        dialect=SqlDialect.POSTGRES,
        tables=[
            Table(key="public.t", schema="public", name="t", columns=[Column(name="c", data_type=data_type)])
        ],
    )
    assert to_mermaid(model).splitlines()[2] == f"        {word} c"


def test_two_tables_with_the_same_label_stay_two_entities():
    text = to_mermaid(model_of('CREATE SCHEMA x; CREATE TABLE x.y (id int); CREATE TABLE "x.y" (id int);'))
    assert '    "x.y" {' in text
    assert '    "x.y (2)" {' in text


def test_tables_outside_the_default_schema_keep_their_schema():
    text = to_mermaid(model_of("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int PRIMARY KEY);"))
    assert '    "billing.invoices" {' in text


def test_foreign_keys_to_tables_outside_the_model_draw_no_relationship():
    text = to_mermaid(
        model_of("CREATE TABLE notes (id int PRIMARY KEY, owner uuid REFERENCES auth.users (id));")
    )
    assert "        uuid owner FK" in text
    assert "auth" not in text


def test_a_table_without_columns_is_a_bare_entity():
    assert to_mermaid(model_of("CREATE TABLE nothing ();")) == 'erDiagram\n    "nothing"\n'


def test_the_whole_blog_is_accepted_by_the_grammar():
    assert_mermaid_accepts(to_mermaid(model_of(BLOG)))
