"""What the diff tests share: models parsed from small PostgreSQL scripts, and short views of
the changes ``compare`` reports."""

from __future__ import annotations

from app.diff import Change, ChangeKind, compare
from app.ingest.model import SchemaModel
from app.ingest.postgres import parse_postgres
from app.models.enums import ChangeSeverity

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
