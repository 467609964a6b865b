"""The schema: Query and Mutation merged from the domains' fields (``operations/``), with the
extensions every request runs through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from app.config import Settings
from graphql_schema.api_keys import ApiKey
from graphql_schema.audit import ActivityLog, Notification
from graphql_schema.billing import Invoice
from graphql_schema.complexity import Limits, QueryComplexityLimiter
from graphql_schema.database_connections import DatabaseConnection
from graphql_schema.datetimes import AWARE_DATETIME
from graphql_schema.diagrams import DiagramState
from graphql_schema.errors import ErrorFormatting
from graphql_schema.execution import PerEventMemoExecutionContext
from graphql_schema.identity import User
from graphql_schema.membership import Invitation
from graphql_schema.mutations import read_afresh_in_every_field
from graphql_schema.nul_characters import RefuseNulCharacters
from graphql_schema.operation import (
    CachedParsing,
    FinishUnitOfWork,
    OperationMetrics,
    WebSocketOperationScope,
)
from graphql_schema.operations.billing import BillingMutation, BillingQuery
from graphql_schema.operations.connections import ConnectionsMutation
from graphql_schema.operations.core import CoreQuery
from graphql_schema.operations.diagrams import DiagramsMutation
from graphql_schema.operations.identity import IdentityMutation
from graphql_schema.operations.ingest import IngestMutation, IngestQuery
from graphql_schema.operations.membership import MembershipMutation
from graphql_schema.operations.projects import ProjectsMutation
from graphql_schema.operations.realtime import Subscription
from graphql_schema.operations.tenancy import TenancyMutation, TenancyQuery
from graphql_schema.projects import Project
from graphql_schema.scalars import SCALAR_OVERRIDES
from graphql_schema.shared_subscriptions import SharedSubscriptionsSchema
from graphql_schema.tenancy import Organization, OrganizationMember, Workspace, WorkspaceMember
from graphql_schema.versions import SchemaVersion

Query = merge_types(
    "Query",
    (CoreQuery, TenancyQuery, IngestQuery, BillingQuery),
)
Mutation = merge_types(
    "Mutation",
    (
        IdentityMutation,
        TenancyMutation,
        MembershipMutation,
        ProjectsMutation,
        IngestMutation,
        ConnectionsMutation,
        DiagramsMutation,
        BillingMutation,
    ),
)
read_afresh_in_every_field(Mutation)


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Order matters: on the way out the last runs first (see FinishUnitOfWork)."""
    extensions: list[Callable[[], SchemaExtension]] = [
        ErrorFormatting,
        CachedParsing,
        OperationMetrics,
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(
            QueryComplexityLimiter,
            Limits(
                max_cost=settings.max_query_cost,
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_fragment_spreads=settings.max_fragment_spreads,
            ),
        ),
        RefuseNulCharacters,
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    extensions += [WebSocketOperationScope, FinishUnitOfWork]
    return extensions


def build_schema(settings: Settings) -> SharedSubscriptionsSchema:
    return SharedSubscriptionsSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            User,
            Organization,
            OrganizationMember,
            Workspace,
            WorkspaceMember,
            Invitation,
            ApiKey,
            ActivityLog,
            Notification,
            Project,
            Invoice,
            SchemaVersion,
            DatabaseConnection,
            DiagramState,
        ],
        extensions=schema_extensions(settings),
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=PerEventMemoExecutionContext,
        queue_size=settings.subscription_queue_size,
        max_tokens=settings.max_tokens,
        config=StrawberryConfig(
            disable_field_suggestions=not settings.field_suggestions_enabled,
            relay_max_results=settings.max_page_size,
            scalar_map={datetime: AWARE_DATETIME},
        ),
    )
