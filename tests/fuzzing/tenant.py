"""The tenant the operations' IDs point at: the victim of the isolation tests (one object of
every Node type), with a real second schema version and a connection made through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tests.fuzzing.operations import Principal
from tests.graphql_client import GraphQLClient
from tests.isolation.victim import Victim, build_victim

# A second, real version (the victim's first is empty), so diffs, exports and diagrams have
# tables to work on.
SECOND_VERSION_SOURCE = """
CREATE TYPE status AS ENUM ('draft', 'live');
CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE posts (
  id bigint PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES authors (id),
  title text NOT NULL,
  state status NOT NULL DEFAULT 'draft'
);
CREATE INDEX posts_author ON posts (author_id);
"""
CREATE_VERSION = """
mutation($input: CreateSchemaVersionInput!) {
  createSchemaVersion(input: $input) { schemaVersion { id } userErrors { message } }
}
"""
CREATE_CONNECTION = """
mutation($input: CreateConnectionInput!) {
  createConnection(input: $input) { connection { id } userErrors { message } }
}
"""
# A database that refuses connections (the discard port on loopback, which the test server
# allows): testing and introspecting it go all the way to the dial, quickly.
CLOSED_DATABASE_URI = "postgresql://fuzz:fuzz@127.0.0.1:9/fuzz"


@dataclass(frozen=True)
class Tenant:
    """The victim tenant of the isolation tests, with a second (real) schema version and a
    connection made through the API (the victim's own has a placeholder for its sealed URI,
    which no API call could have stored)."""

    victim: Victim
    ids: dict[str, list[str]]  # Node type -> global IDs

    def token(self, principal: Principal) -> str | None:
        if principal is Principal.OWNER:
            return self.victim.owner.access_token
        if principal is Principal.VIEWER:
            return self.victim.viewer.access_token
        return None


async def seed_tenant(client: GraphQLClient, owner_session: AsyncSession) -> Tenant:
    victim = await build_victim(client, owner_session)
    project_id = victim.ids["Project"]
    version = {"projectId": project_id, "format": "SQL", "source": SECOND_VERSION_SOURCE}
    connection = {"projectId": project_id, "name": "fuzz", "uri": CLOSED_DATABASE_URI}
    ids = {type_: [global_id] for type_, global_id in victim.ids.items()}
    ids["SchemaVersion"].append(
        (await owner_call(client, victim, CREATE_VERSION, version))["schemaVersion"]["id"]
    )
    ids["DatabaseConnection"] = [
        (await owner_call(client, victim, CREATE_CONNECTION, connection))["connection"]["id"]
    ]
    ids["User"].append(victim.viewer.user_id)
    return Tenant(victim, ids)


async def owner_call(client: GraphQLClient, victim: Victim, mutation: str, fields: dict[str, Any]) -> Any:
    response = await client.execute(mutation, {"input": fields}, token=victim.owner.access_token)
    [payload] = (response.data or {}).values()
    assert payload is not None, response.body
    assert payload["userErrors"] == [], response.body
    return payload
