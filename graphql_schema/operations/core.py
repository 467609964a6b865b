"""Root fields every client needs: who am I, and any object by its global ID."""

from __future__ import annotations

import strawberry
from strawberry import relay

import resolvers.api_keys
import resolvers.identity
import resolvers.node
from graphql_schema.api_keys import ApiKey
from graphql_schema.context import Info
from graphql_schema.identity import User


@strawberry.type
class CoreQuery:
    @strawberry.field(
        description="The signed-in user; null when the request is not authenticated, and for an API key "
        "(a key is nobody: see viewerApiKey)."
    )
    async def viewer(self, info: Info) -> User | None:
        return await resolvers.identity.viewer(info)

    @strawberry.field(
        description="The API key the request is authenticated with: its name, prefix, role and scope; "
        "null for people and when not authenticated."
    )
    async def viewer_api_key(self, info: Info) -> ApiKey | None:
        return await resolvers.api_keys.viewer_api_key(info)

    @strawberry.field(
        description="Any object by its global ID; null when it does not exist or is not visible."
    )
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await resolvers.node.node(info, id)

    @strawberry.field(description="Objects by global ID, in the order asked; null where not visible.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return await resolvers.node.nodes(info, list(ids))
