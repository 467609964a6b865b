"""Bringing schemas in (versions) and comparing them."""

from __future__ import annotations

import strawberry

import resolvers.versions
from app.models.enums import WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.diff import SchemaChangeSet
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.projects import project_workspace
from graphql_schema.versions import CreateSchemaVersionInput, CreateSchemaVersionPayload, version_workspace


@strawberry.type
class IngestQuery:
    @strawberry.field(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.VIEWER, from_input="from_id", via=("SchemaVersion", version_workspace)
            )
        ],
        description="The changes from one version to another of the same project (either order).",
    )
    async def compare_schema_versions(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> SchemaChangeSet:
        return await resolvers.versions.compare_schema_versions(info, from_id, to_id)


@strawberry.type
class IngestMutation:
    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ],
        description="A new version from a schema source. Uploading what is already a version returns it "
        "with created: false. Syntax errors name the line and column; nothing is stored.",
    )
    async def create_schema_version(
        self, info: Info, input: CreateSchemaVersionInput
    ) -> CreateSchemaVersionPayload:
        return await resolvers.versions.create_schema_version(info, input)
