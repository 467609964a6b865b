"""Trees built without pglast's attribute checks are the trees built with them, and the
checks come back afterwards, whatever happened inside."""

from __future__ import annotations

from typing import Any

import pytest
from pglast import ast, parse_sql
from pglast.parser import ParseError

from app.ingest.postgres.trees import unchecked_nodes

# Enums, booleans, characters (generated columns, identity), lists, literals of every kind.
SCRIPT = """
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE public.people (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL DEFAULT 'x'::text,
    active boolean DEFAULT true,
    retired boolean DEFAULT false,
    score numeric(10, 2) CHECK (score >= 0.5),
    flags bit(3) DEFAULT B'101',
    mood mood,
    full_name text GENERATED ALWAYS AS (upper(name)) STORED,
    manager_id bigint REFERENCES people (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX people_name ON public.people USING btree (lower(name)) INCLUDE (id) WHERE active;
ALTER TABLE ONLY public.people ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON public.people FOR SELECT TO PUBLIC USING (id = 1);
COMMENT ON COLUMN public.people.name IS 'Naïve — unicode';
"""


def shapes(node: Any, found: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """(node type, attribute, value type) of every attribute in the tree."""
    if isinstance(node, tuple):
        for item in node:
            shapes(item, found)
    elif isinstance(node, ast.Node):
        for attribute in node:
            value = getattr(node, attribute)
            found.add((type(node).__name__, attribute, type(value).__name__))
            shapes(value, found)
    return found


def test_the_trees_are_equal_with_every_attribute_of_the_same_type() -> None:
    checked = parse_sql(SCRIPT)
    with unchecked_nodes():
        unchecked = parse_sql(SCRIPT)

    assert unchecked == checked
    assert shapes(unchecked, set()) == shapes(checked, set())
    assert ("Boolean", "boolval", "bool") in shapes(unchecked, set())


def test_checks_are_back_after_the_block_and_after_an_error_in_it() -> None:
    with pytest.raises(ParseError), unchecked_nodes():
        parse_sql("CREATE TABLE (")
    with pytest.raises(ValueError, match="Bad value"):
        ast.RangeVar(relname=1)  # type: ignore[call-overload]  # the check under test
