"""The floor: each page's answer from one hand-written statement, as the runtime role.

No HTTP, no GraphQL, no ORM: an asyncpg pool of ``vizora_app`` connections with Vizora's
statement timeout, and per request one transaction that sets the same transaction-local
settings as Vizora's unit of work and runs one ``json_agg`` statement. Row-level security
applies as for Vizora. The statements order and limit like Vizora's loaders
(loaders/tenancy.py), so the answer is the same JSON Vizora builds, in the same order.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import asyncpg

from app.config import Settings
from app.db.urls import asyncpg_arguments

# The settings the policies read, as app/db/session.py sets them.
SET_TENANT_CONTEXT = (
    "SELECT set_config('vizora.user_id', $1, true), set_config('vizora.api_key_id', '', true)"
)

# $1: the viewer. Organizations in the order the viewer joined them, workspaces by creation,
# projects by name; the newest version of each project.
DASHBOARD = """
SELECT coalesce(json_agg(json_build_object('name', o.name, 'workspaces', (
    SELECT coalesce(json_agg(json_build_object('name', w.name, 'projects', (
        SELECT coalesce(json_agg(json_build_object('name', p.name, 'latestVersion', (
            SELECT json_build_object('number', v.number, 'tableCount', (v.stats ->> 'tables')::int)
            FROM schema_versions v WHERE v.project_id = p.id ORDER BY v.number DESC LIMIT 1
        )) ORDER BY p.name, p.id), '[]')
        FROM (SELECT id, name FROM projects WHERE workspace_id = w.id AND deleted_at IS NULL
              ORDER BY name, id LIMIT 10) p
    )) ORDER BY w.created_at, w.id), '[]')
    FROM (SELECT id, name, created_at FROM workspaces WHERE organization_id = o.id AND deleted_at IS NULL
          ORDER BY created_at, id LIMIT 5) w
)) ORDER BY o.joined_at, o.id), '[]')
FROM (SELECT organizations.id, organizations.name, m.created_at AS joined_at
      FROM organizations JOIN organization_members m ON m.organization_id = organizations.id
      WHERE m.user_id = $1 AND organizations.deleted_at IS NULL
      ORDER BY m.created_at, organizations.id LIMIT 5) o
"""

# $1: the project. Its 20 newest versions, and the tables of the newest with the fields the
# Vizora query selects, read out of the stored canonical model.
PROJECT_PAGE = """
SELECT json_build_object(
  'name', p.name,
  'versions', (
    SELECT coalesce(json_agg(json_build_object('number', v.number, 'label', v.label,
        'createdAt', v.created_at, 'tableCount', (v.stats ->> 'tables')::int) ORDER BY v.number DESC), '[]')
    FROM (SELECT number, label, created_at, stats FROM schema_versions WHERE project_id = p.id
          ORDER BY number DESC LIMIT 20) v),
  'latestVersion', (
    SELECT json_build_object('number', l.number, 'tables', (
      SELECT coalesce(json_agg(json_build_object(
          'key', t -> 'key', 'name', t -> 'name', 'kind', upper(t ->> 'kind'),
          'columns', (
            SELECT coalesce(json_agg(json_build_object('name', c -> 'name',
                'dataType', coalesce(c ->> 'data_type', 'unknown'), 'nullable', c -> 'nullable',
                'isPrimaryKey', c -> 'is_primary_key') ORDER BY cn), '[]')
            FROM jsonb_array_elements(t -> 'columns') WITH ORDINALITY AS cs(c, cn)),
          'foreignKeys', (
            SELECT coalesce(json_agg(json_build_object('columns', f -> 'columns',
                'referencedTable', f -> 'referenced_table', 'referencedColumns', f -> 'referenced_columns')
                ORDER BY fn), '[]')
            FROM jsonb_array_elements(t -> 'foreign_keys') WITH ORDINALITY AS fs(f, fn))
        ) ORDER BY tn), '[]')
      FROM jsonb_array_elements(l.canonical_model -> 'tables') WITH ORDINALITY AS ts(t, tn)))
    FROM schema_versions l WHERE l.project_id = p.id ORDER BY l.number DESC LIMIT 1))
FROM projects p WHERE p.id = $1 AND p.deleted_at IS NULL
"""


@asynccontextmanager
async def floor_pool(runtime_url: str, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    """As many connections as Vizora's pool keeps (PostGraphile's default is the same 10), with
    Vizora's statement timeout."""
    pool = await asyncpg.create_pool(
        **asyncpg_arguments(runtime_url),
        min_size=settings.db_pool_size,
        max_size=settings.db_pool_size,
        server_settings={
            "statement_timeout": str(settings.db_statement_timeout_ms),
            "application_name": "vizora-bench-floor",
        },
    )
    try:
        yield pool
    finally:
        await pool.close()


async def answer(pool: asyncpg.Pool, statement: str, viewer: UUID, argument: UUID) -> Any:
    """The statement's JSON, decoded as an HTTP client decodes a response body."""
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute(SET_TENANT_CONTEXT, str(viewer))
        text = await connection.fetchval(statement, argument)
    return json.loads(text)
