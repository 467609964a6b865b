"""The SDL written to schema.graphql; a test fails when the file is stale."""

from __future__ import annotations

from app.config import Settings
from graphql_schema.schema import build_schema


def schema_sdl() -> str:
    # Exported with introspection on: the file documents the whole schema whatever the environment.
    return build_schema(Settings(introspection=True)).as_str() + "\n"
