"""Printing an expression fills in its nodes' ancestors without pglast's visitor, and prints
exactly what pglast's own entry point does."""

from __future__ import annotations

import pytest
from pglast import ast, parse_sql
from pglast.visitors import populate_ancestors

from app.ingest.postgres.expressions import _populate_ancestors, _PostgresStyleStream, deparse, walk

EXPRESSIONS = [
    "now()",
    "'x'::text",
    "CASE WHEN a > 1 THEN 'big' ELSE lower(b) END",
    "(a + b) * c - -d",
    "a IN (1, 2, 3) AND b BETWEEN 0 AND 10 OR c IS NOT NULL",
    "ARRAY[1, 2] || ARRAY[(SELECT max(x) FROM t WHERE t.y = a)]",
    "coalesce(a, b::numeric(10,2), 0) > ALL (SELECT 1)",
    "NOT (a LIKE 'x%' ESCAPE '!') AND EXISTS (SELECT 1 FROM u)",
    "date_trunc('day', created_at AT TIME ZONE 'UTC') + interval '1 day'",
    "(data->>'kind')::public.kind = ANY (ARRAY['a', 'b']::public.kind[])",
    # Printed once and kept: literals cast to a type, calls without arguments.
    "'draft'::public.status",
    "'it''s'::text",
    "E'back\\\\slash\\n'::text",
    "'naïve — ünïcode'::varchar(20)",
    "''::text",
    "'{}'::jsonb",
    "now()",
    '"Now"()',
    "pg_catalog.now()",
    "count(*)",
    "count(DISTINCT x)",
]


def expression(text: str) -> ast.Node:
    select = parse_sql(f"SELECT {text}")[0].stmt
    assert isinstance(select, ast.SelectStmt)
    node: ast.Node = (select.targetList or ())[0].val
    return node


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_the_ancestors_are_pglasts(text: str) -> None:
    ours, theirs = expression(text), expression(text)
    _populate_ancestors((ours,))
    populate_ancestors((theirs,))

    assert [repr(node.ancestors) for node in walk(ours)] == [repr(node.ancestors) for node in walk(theirs)]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_the_printed_text_is_pglasts(text: str) -> None:
    def format_type(type_name: ast.TypeName) -> str:
        return ".".join(part.sval for part in type_name.names or ())

    expected = _PostgresStyleStream(format_type)(expression(text))
    assert deparse(expression(text), format_type) == expected
    assert deparse(expression(text), format_type) == expected  # again, from what was kept
