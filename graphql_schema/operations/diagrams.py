"""Diagrams of projects: named layouts, edited concurrently."""

from __future__ import annotations

import strawberry

import resolvers.diagrams
from app.models.enums import WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.diagrams import (
    CreateDiagramInput,
    DeleteDiagramInput,
    DeleteDiagramPayload,
    DiagramPayload,
    DuplicateDiagramInput,
    RebaseDiagramInput,
    RenameDiagramInput,
    UpdateDiagramInput,
    UpdateDiagramPayload,
    diagram_workspace,
)
from graphql_schema.permissions import RequireWorkspaceRole
from graphql_schema.projects import project_workspace

_ON_DIAGRAM = RequireWorkspaceRole(
    WorkspaceRole.EDITOR, from_input="diagram_id", via=("DiagramState", diagram_workspace)
)


@strawberry.type
class DiagramsMutation:
    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ],
        description="A new diagram of a version (default: the latest), laid out automatically.",
    )
    async def create_diagram(self, info: Info, input: CreateDiagramInput) -> DiagramPayload:
        return await resolvers.diagrams.create_diagram(info, input)

    @strawberry.mutation(extensions=[_ON_DIAGRAM])
    async def rename_diagram(self, info: Info, input: RenameDiagramInput) -> DiagramPayload:
        return await resolvers.diagrams.rename_diagram(info, input)

    @strawberry.mutation(extensions=[_ON_DIAGRAM], description="A copy with its positions, at revision 1.")
    async def duplicate_diagram(self, info: Info, input: DuplicateDiagramInput) -> DiagramPayload:
        return await resolvers.diagrams.duplicate_diagram(info, input)

    @strawberry.mutation(
        extensions=[_ON_DIAGRAM],
        description="Moves the diagram to another version (default: the latest): tables that still exist "
        "keep their positions, new tables are placed around them, removed ones leave.",
    )
    async def rebase_diagram(self, info: Info, input: RebaseDiagramInput) -> DiagramPayload:
        return await resolvers.diagrams.rebase_diagram(info, input)

    @strawberry.mutation(extensions=[_ON_DIAGRAM])
    async def delete_diagram(self, info: Info, input: DeleteDiagramInput) -> DeleteDiagramPayload:
        return await resolvers.diagrams.delete_diagram(info, input)

    @strawberry.mutation(
        extensions=[_ON_DIAGRAM],
        description="Applies node changes made on `baseRevision`. Stale base: userErrors code CONFLICT and "
        "the current diagram, nothing changed; re-apply the change on it and retry.",
    )
    async def update_diagram(self, info: Info, input: UpdateDiagramInput) -> UpdateDiagramPayload:
        return await resolvers.diagrams.update_diagram(info, input)
