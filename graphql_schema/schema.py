"""The schema: Query, Mutation and Subscription assembled from the domain modules,
with the extensions every request runs through."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig

import resolvers.identity
import resolvers.node
from app.config import Settings
from graphql_schema.context import Info
from graphql_schema.cost import QueryCostLimiter
from graphql_schema.errors import ErrorFormatting
from graphql_schema.identity import User
from graphql_schema.operation import FinishUnitOfWork, OperationMetrics


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user; null when the request is not authenticated.")
    async def viewer(self, info: Info) -> User | None:
        return await resolvers.identity.viewer(info)

    @strawberry.field(
        description="Any object by its global ID; null when it does not exist or is not visible."
    )
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await resolvers.node.node(info, id)

    @strawberry.field(description="Objects by global ID, in the order asked; null where not visible.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return await resolvers.node.nodes(info, list(ids))


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Order matters: on the way out the last runs first (see FinishUnitOfWork)."""
    extensions: list[Callable[[], SchemaExtension]] = [
        ErrorFormatting,
        OperationMetrics,
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(QueryDepthLimiter, max_depth=settings.max_query_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
        partial(QueryCostLimiter, max_cost=settings.max_query_cost),
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    extensions.append(FinishUnitOfWork)
    return extensions


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=[User],
        extensions=schema_extensions(settings),
        config=StrawberryConfig(
            disable_field_suggestions=not settings.field_suggestions_enabled,
            relay_max_results=settings.max_page_size,
        ),
    )
