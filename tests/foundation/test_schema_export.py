"""schema.graphql is the contract the frontend reads: it must be what the server serves."""

from __future__ import annotations

from pathlib import Path

from graphql_schema.export import schema_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text() == schema_sdl(), (
        "schema.graphql is stale: run `./vizora export-schema` and commit the result."
    )
