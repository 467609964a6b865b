"""The canonical model: its hash, its JSON form and its counts."""

from __future__ import annotations

import json

from app.ingest.model import canonical_json, content_hash, from_json, stats, to_json
from app.ingest.postgres import parse_postgres

SCHEMA = """
-- Users and what they write.
CREATE TYPE mood AS ENUM ('calm', 'angry');
CREATE TABLE users (id int PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, feeling mood);
CREATE TABLE posts (id int PRIMARY KEY, author int REFERENCES users (id), body text DEFAULT '');
CREATE INDEX posts_author_idx ON posts (author);
CREATE VIEW authors AS SELECT u.id, u.email FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author = u.id);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON posts USING (author = current_setting('app.user')::int);
"""

# The same schema: other whitespace, comments and statement order (in an order PostgreSQL
# accepts), keywords in other case, keys added later, the literal's cast spelled out.
SAME_SCHEMA_REARRANGED = """
create table posts (
    id     int not null,   /* the key */
    author int,
    body   text default ''::text
);
create index posts_author_idx on posts(author);
alter table posts add constraint posts_pkey primary key (id);
create policy mine on posts using (author=current_setting('app.user')::int) ;
create type mood as enum ('calm','angry');
create table users (
    id int primary key,
    email varchar( 255 ) not null unique,
    feeling mood
);
alter table posts add foreign key (author) references users(id);
alter table posts enable row level security;
create view authors as
    select u.id, u.email
    from users u
    where exists (select 1 from posts p where p.author = u.id);
"""


def test_content_hash_ignores_whitespace_comments_case_and_statement_order():
    first, second = parse_postgres(SCHEMA).model, parse_postgres(SAME_SCHEMA_REARRANGED).model
    assert canonical_json(first) == canonical_json(second)
    assert content_hash(first) == content_hash(second)


def test_content_hash_changes_with_any_real_change():
    original = content_hash(parse_postgres(SCHEMA).model)
    changes = [
        SCHEMA.replace("body text DEFAULT ''", "body text DEFAULT 'x'"),
        SCHEMA.replace("varchar(255)", "varchar(256)"),
        SCHEMA + "ALTER TABLE posts ADD COLUMN created timestamptz;",
        SCHEMA + "COMMENT ON TABLE posts IS 'What users write';",
        SCHEMA.replace("'calm', 'angry'", "'angry', 'calm'"),
        SCHEMA.replace("posts_author_idx ON posts (author)", "posts_author_idx ON posts (author DESC)"),
    ]
    hashes = {content_hash(parse_postgres(source).model) for source in changes}
    assert original not in hashes
    assert len(hashes) == len(changes)


def test_json_form_reads_back_to_the_same_model():
    model = parse_postgres(SCHEMA).model
    stored = json.loads(json.dumps(to_json(model)))  # as it comes back from JSONB
    assert from_json(stored) == model
    assert canonical_json(from_json(stored)) == canonical_json(model)


def test_stats_count_tables_views_and_their_parts():
    assert stats(parse_postgres(SCHEMA).model) == {
        "tables": 2,
        "views": 1,
        "columns": 6,
        "foreign_keys": 1,
        "indexes": 1,
        "enums": 1,
    }
