"""Diagrams: named ER layouts of a project, each drawn from one schema version.

Writers never overwrite each other: ``update_diagram`` applies a change only to the revision
it was made on (compare-and-set under the row lock) and bumps the revision; a writer who was
overtaken gets CONFLICT with the current state and merges itself. Positions are stored per
table key, so a change touches only the nodes it names.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import select

from app.audit.service import Actor, record
from app.db.session import UnitOfWork
from app.diagrams.geometry import NodePosition
from app.diagrams.layout import auto_layout, place_new_tables
from app.errors import BadUserInputError, ConflictError, NotFoundError
from app.identity.tokens import utcnow
from app.ingest import model as canonical
from app.ingest.stored_models import model_of
from app.models import DiagramState, ProjectSettings, SchemaVersion
from app.projects.service import live_project
from app.realtime.broker import Event
from app.realtime.topics import diagram_topic, project_topic
from app.tenancy.naming import clean_name

DEFAULT_NAME = "Main"
MAX_NODES_PER_UPDATE = 2_000
MAX_COORDINATE = 1_000_000.0
ZOOM_RANGE = (0.02, 50.0)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class NodeChange:
    table_key: str
    x: float | None = None
    y: float | None = None
    color: str | None = None
    collapsed: bool | None = None
    hidden: bool | None = None

    def fields(self) -> dict[str, Any]:
        values = {
            "x": self.x,
            "y": self.y,
            "color": self.color,
            "collapsed": self.collapsed,
            "hidden": self.hidden,
        }
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class Viewport:
    x: float
    y: float
    zoom: float


@dataclass(frozen=True)
class DiagramEdit:
    base_revision: int
    nodes: list[NodeChange] = field(default_factory=list)
    viewport: Viewport | None = None
    groups: list[Any] | None = None
    notes: list[Any] | None = None


class DiagramConflictError(ConflictError):
    """The diagram moved on since ``base_revision``; carries the current state to merge with."""

    def __init__(self, current: DiagramState) -> None:
        super().__init__(
            f"The diagram is at revision {current.revision}, not the base revision given; "
            "apply your change to the current diagram and send it again.",
            field=["baseRevision"],
        )
        self.current = current


def layout_nodes(model: canonical.SchemaModel) -> dict[str, dict[str, Any]]:
    return {key: _node(position) for key, position in auto_layout(model).items()}


async def create_default_diagram(
    uow: UnitOfWork, version: SchemaVersion, nodes: dict[str, dict[str, Any]]
) -> DiagramState:
    """The project's first version brings its "Main" diagram, laid out automatically
    (``nodes``: ``layout_nodes`` of its model)."""
    diagram = _new_diagram(version, DEFAULT_NAME, nodes)
    uow.session.add(diagram)
    await uow.session.flush()
    settings = await uow.session.scalar(
        select(ProjectSettings).where(ProjectSettings.project_id == version.project_id)
    )
    if settings is not None and settings.default_diagram_id is None:
        settings.default_diagram_id = diagram.id
    return diagram


async def create_diagram(
    uow: UnitOfWork, actor: Actor, *, project_id: UUID, name: str, version_id: UUID | None
) -> DiagramState:
    version = await _version_for(uow, project_id, version_id)
    diagram = _new_diagram(version, clean_name(name), layout_nodes(await model_of(uow.session, version)))
    diagram.updated_by_id = actor.viewer.user_id
    async with uow.unique_or(_name_taken(diagram.name)):
        uow.session.add(diagram)
    _audit(uow, actor, diagram, "diagram.create")
    _announce(uow, actor, diagram, "diagram_created")
    return diagram


async def rename_diagram(uow: UnitOfWork, actor: Actor, *, diagram_id: UUID, name: str) -> DiagramState:
    diagram = await _live(uow, diagram_id, locked=True)
    diagram.name = clean_name(name)
    _touch(diagram, actor)
    await uow.flush_unique_or(_name_taken(diagram.name))
    _audit(uow, actor, diagram, "diagram.rename")
    _announce(uow, actor, diagram, "diagram_updated")
    return diagram


async def duplicate_diagram(uow: UnitOfWork, actor: Actor, *, diagram_id: UUID, name: str) -> DiagramState:
    source = await _live(uow, diagram_id)
    copy = DiagramState(
        id=uuid.uuid4(),
        organization_id=source.organization_id,
        workspace_id=source.workspace_id,
        project_id=source.project_id,
        schema_version_id=source.schema_version_id,
        name=clean_name(name),
        revision=1,
        nodes=dict(source.nodes),
        groups=list(source.groups),
        notes=list(source.notes),
        viewport=dict(source.viewport),
        updated_by_id=actor.viewer.user_id,
    )
    async with uow.unique_or(_name_taken(copy.name)):
        uow.session.add(copy)
    _audit(uow, actor, copy, "diagram.duplicate")
    _announce(uow, actor, copy, "diagram_created")
    return copy


async def delete_diagram(uow: UnitOfWork, actor: Actor, *, diagram_id: UUID) -> DiagramState:
    diagram = await _live(uow, diagram_id, locked=True)
    diagram.deleted_at = utcnow()
    _touch(diagram, actor)
    _audit(uow, actor, diagram, "diagram.delete")
    _announce(uow, actor, diagram, "diagram_deleted")
    await uow.session.flush()
    return diagram


async def rebase_diagram(
    uow: UnitOfWork, actor: Actor, *, diagram_id: UUID, version_id: UUID | None
) -> DiagramState:
    """Moves a diagram onto another (by default the latest) version: tables that still exist
    keep their place, new ones are placed around them, and removed ones are dropped."""
    diagram = await _live(uow, diagram_id, locked=True)
    version = await _version_for(uow, diagram.project_id, version_id)
    model = await model_of(uow.session, version)
    keys = {table.key for table in model.tables}
    kept = {key: node for key, node in diagram.nodes.items() if key in keys}
    existing = {key: NodePosition(float(node["x"]), float(node["y"])) for key, node in kept.items()}
    placed = {key: _node(position) for key, position in place_new_tables(model, existing).items()}
    diagram.schema_version_id = version.id
    diagram.nodes = {**kept, **placed}
    _touch(diagram, actor)
    diagram.revision += 1
    _audit(uow, actor, diagram, "diagram.rebase")
    _announce(uow, actor, diagram, "diagram_updated")
    await uow.session.flush()
    return diagram


async def update_diagram(
    uow: UnitOfWork, actor: Actor, *, diagram_id: UUID, edit: DiagramEdit
) -> DiagramState:
    _validate(edit)
    diagram = await _live(uow, diagram_id, locked=True)
    if diagram.revision != edit.base_revision:
        raise DiagramConflictError(diagram)
    if edit.nodes:
        # A diagram has a node for every table of its version (laid out when it was made or
        # rebased), so its own nodes say which keys exist, without reading the model.
        unknown = sorted({change.table_key for change in edit.nodes} - diagram.nodes.keys())
        if unknown:
            raise BadUserInputError(
                f"No table {unknown[0]!r} in this diagram's schema version"
                + (f" (and {len(unknown) - 1} more)." if len(unknown) > 1 else "."),
                field=["nodes"],
            )
        nodes = dict(diagram.nodes)
        for change in edit.nodes:
            nodes[change.table_key] = {**nodes[change.table_key], **change.fields()}
        diagram.nodes = nodes
    if edit.viewport is not None:
        diagram.viewport = {"x": edit.viewport.x, "y": edit.viewport.y, "zoom": edit.viewport.zoom}
    if edit.groups is not None:
        diagram.groups = edit.groups
    if edit.notes is not None:
        diagram.notes = edit.notes
    diagram.revision += 1
    _touch(diagram, actor)
    _audit(uow, actor, diagram, "diagram.update")
    await uow.session.flush()
    uow.publish_after_commit(_diagram_event(diagram, {change.table_key for change in edit.nodes}, actor))
    _announce(uow, actor, diagram, "diagram_updated")
    return diagram


def _diagram_event(diagram: DiagramState, changed: set[str], actor: Actor) -> Event:
    """The new revision with its changed nodes as they now are, so each subscriber sees
    exactly this revision's change; an update too large to carry names its nodes only, and
    subscribers read them from the diagram (which may by then be newer)."""
    facts = {"diagram_id": str(diagram.id), "revision": diagram.revision, **_actor(actor)}
    event = Event(
        diagram_topic(diagram.id), {**facts, "nodes": {key: diagram.nodes[key] for key in sorted(changed)}}
    )
    try:
        event.encode()
    except ValueError:
        return Event(diagram_topic(diagram.id), {**facts, "nodes": sorted(changed)})
    return event


_DEFAULT_NODE: dict[str, Any] = {"x": 0.0, "y": 0.0, "color": None, "collapsed": False, "hidden": False}


def _node(position: NodePosition) -> dict[str, Any]:
    return {**_DEFAULT_NODE, "x": round(position.x, 1), "y": round(position.y, 1)}


def _validate(edit: DiagramEdit) -> None:
    if len(edit.nodes) > MAX_NODES_PER_UPDATE:
        raise BadUserInputError(
            f"Send at most {MAX_NODES_PER_UPDATE} nodes in one update (only the ones that changed).",
            field=["nodes"],
        )
    coordinates = [value for change in edit.nodes for value in (change.x, change.y) if value is not None]
    if edit.viewport is not None:
        coordinates += [edit.viewport.x, edit.viewport.y]
    if any(not math.isfinite(value) or abs(value) > MAX_COORDINATE for value in coordinates):
        raise BadUserInputError(
            f"Coordinates must be finite numbers within ±{MAX_COORDINATE:,.0f}.", field=["nodes"]
        )
    if edit.viewport is not None and not ZOOM_RANGE[0] <= edit.viewport.zoom <= ZOOM_RANGE[1]:
        raise BadUserInputError(
            f"zoom must be between {ZOOM_RANGE[0]} and {ZOOM_RANGE[1]}.", field=["viewport"]
        )
    if any(change.color is not None and not _COLOR.fullmatch(change.color) for change in edit.nodes):
        raise BadUserInputError("color must be #rrggbb.", field=["nodes"])


def _new_diagram(version: SchemaVersion, name: str, nodes: dict[str, dict[str, Any]]) -> DiagramState:
    return DiagramState(
        id=uuid.uuid4(),
        organization_id=version.organization_id,
        workspace_id=version.workspace_id,
        project_id=version.project_id,
        schema_version_id=version.id,
        name=name,
        revision=1,
        nodes=nodes,
        groups=[],
        notes=[],
        viewport={"x": 0, "y": 0, "zoom": 1},
        updated_by_id=version.created_by_id,
    )


async def _version_for(uow: UnitOfWork, project_id: UUID, version_id: UUID | None) -> SchemaVersion:
    await live_project(uow, project_id, field=["projectId"])
    query = select(SchemaVersion).where(SchemaVersion.project_id == project_id)
    query = (
        query.where(SchemaVersion.id == version_id)
        if version_id
        else query.order_by(SchemaVersion.number.desc()).limit(1)
    )
    version = await uow.session.scalar(query)
    if version is None:
        raise NotFoundError(
            "No such schema version in this project."
            if version_id
            else "The project has no schema version yet.",
            field=["versionId"],
        )
    return version


async def _live(uow: UnitOfWork, diagram_id: UUID, *, locked: bool = False) -> DiagramState:
    """``locked``: the row lock serialises writers, so a revision check and the bump that
    follows it are one step."""
    query = select(DiagramState).where(DiagramState.id == diagram_id, DiagramState.deleted_at.is_(None))
    if locked:
        query = query.with_for_update().execution_options(populate_existing=True)
    diagram = await uow.session.scalar(query)
    if diagram is None:
        raise NotFoundError("No such diagram.", field=["diagramId"])
    return diagram


def _actor(actor: Actor) -> dict[str, str | None]:
    viewer = actor.viewer
    return {
        "actor_id": str(viewer.user_id) if viewer.user_id else None,
        "api_key_id": str(viewer.api_key_id) if viewer.api_key_id else None,
    }


def _announce(uow: UnitOfWork, actor: Actor, diagram: DiagramState, kind: str) -> None:
    """A project event: ids only (subscribers load the rest under their own permissions)."""
    uow.publish_after_commit(
        Event(
            project_topic(diagram.project_id),
            {"kind": kind, "diagram_id": str(diagram.id), "revision": diagram.revision, **_actor(actor)},
        )
    )


def _touch(diagram: DiagramState, actor: Actor) -> None:
    diagram.updated_by_id = actor.viewer.user_id
    diagram.updated_at = utcnow()


def _name_taken(name: str) -> ConflictError:
    return ConflictError(f"This project already has a diagram named {name!r}.", field=["name"])


def _audit(uow: UnitOfWork, actor: Actor, diagram: DiagramState, action: str) -> None:
    record(
        uow,
        actor,
        action,
        organization_id=diagram.organization_id,
        workspace_id=diagram.workspace_id,
        target_type="DiagramState",
        target_id=diagram.id,
        details={"name": diagram.name},
    )
