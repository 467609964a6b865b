"""Resolvers of diagrams."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from app import models
from app.audit.service import Actor
from app.diagrams import service as diagrams
from graphql_schema.context import Info
from graphql_schema.diagrams import (
    CreateDiagramInput,
    DeleteDiagramInput,
    DeleteDiagramPayload,
    DiagramPayload,
    DiagramState,
    DuplicateDiagramInput,
    RebaseDiagramInput,
    RenameDiagramInput,
    UpdateDiagramInput,
    UpdateDiagramPayload,
)
from graphql_schema.mutations import UserError, run_mutation
from graphql_schema.permissions import require_viewer
from resolvers.ids import optional_id, required_id

Action = Callable[[Actor, UUID], Awaitable[models.DiagramState]]


async def _on_diagram(info: Info, diagram_id: str, action: Action) -> DiagramPayload:
    actor = info.context.actor(require_viewer(info))
    row_id = required_id(diagram_id, "DiagramState", "diagramId")
    row, errors = await run_mutation(info, lambda: action(actor, row_id))
    return DiagramPayload(diagram=DiagramState.from_row(row) if row else None, user_errors=errors)


async def create_diagram(info: Info, data: CreateDiagramInput) -> DiagramPayload:
    uow = info.context.uow
    actor = info.context.actor(require_viewer(info))
    project_id = required_id(data.project_id, "Project", "projectId")
    version_id = optional_id(data.version_id, "SchemaVersion", "versionId")
    row, errors = await run_mutation(
        info,
        lambda: diagrams.create_diagram(
            uow, actor, project_id=project_id, name=data.name, version_id=version_id
        ),
    )
    return DiagramPayload(diagram=DiagramState.from_row(row) if row else None, user_errors=errors)


async def rename_diagram(info: Info, data: RenameDiagramInput) -> DiagramPayload:
    uow = info.context.uow
    return await _on_diagram(
        info,
        data.diagram_id,
        lambda actor, row_id: diagrams.rename_diagram(uow, actor, diagram_id=row_id, name=data.name),
    )


async def duplicate_diagram(info: Info, data: DuplicateDiagramInput) -> DiagramPayload:
    uow = info.context.uow
    return await _on_diagram(
        info,
        data.diagram_id,
        lambda actor, row_id: diagrams.duplicate_diagram(uow, actor, diagram_id=row_id, name=data.name),
    )


async def rebase_diagram(info: Info, data: RebaseDiagramInput) -> DiagramPayload:
    uow = info.context.uow
    version_id = optional_id(data.version_id, "SchemaVersion", "versionId")
    return await _on_diagram(
        info,
        data.diagram_id,
        lambda actor, row_id: diagrams.rebase_diagram(uow, actor, diagram_id=row_id, version_id=version_id),
    )


async def delete_diagram(info: Info, data: DeleteDiagramInput) -> DeleteDiagramPayload:
    uow = info.context.uow
    payload = await _on_diagram(
        info, data.diagram_id, lambda actor, row_id: diagrams.delete_diagram(uow, actor, diagram_id=row_id)
    )
    return DeleteDiagramPayload(
        deleted_diagram_id=None if payload.user_errors else data.diagram_id, user_errors=payload.user_errors
    )


async def update_diagram(info: Info, data: UpdateDiagramInput) -> UpdateDiagramPayload:
    uow = info.context.uow
    actor = info.context.actor(require_viewer(info))
    diagram_id = required_id(data.diagram_id, "DiagramState", "diagramId")
    edit = data.to_edit()

    async def attempt() -> tuple[models.DiagramState, diagrams.DiagramConflictError | None]:
        # A conflict is found before anything is written, and its payload carries the
        # current diagram: so it is a result here, not an error that loses that diagram.
        try:
            return await diagrams.update_diagram(uow, actor, diagram_id=diagram_id, edit=edit), None
        except diagrams.DiagramConflictError as conflict:
            return conflict.current, conflict

    outcome, errors = await run_mutation(info, attempt)
    if outcome is None:
        return UpdateDiagramPayload(diagram=None, user_errors=errors)
    row, conflict = outcome
    return UpdateDiagramPayload(
        diagram=DiagramState.from_row(row), user_errors=[UserError.from_error(conflict)] if conflict else []
    )
