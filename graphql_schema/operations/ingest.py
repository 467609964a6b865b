"""Bringing schemas in: versions."""

from __future__ import annotations

import strawberry

import resolvers.versions
from app.models.enums import WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.projects import project_workspace
from graphql_schema.versions import CreateSchemaVersionInput, CreateSchemaVersionPayload


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
