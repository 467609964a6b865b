"""GraphQL types of diagrams: named ER layouts of a project, edited concurrently with
revisions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from app import models
from app.diagrams import service as diagrams
from app.diagrams.geometry import NodePosition
from app.diagrams.svg import render_svg
from app.errors import BadUserInputError
from graphql_schema.context import Info
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode

if TYPE_CHECKING:
    from graphql_schema.identity import User
    from graphql_schema.versions import SchemaVersion

UserType = Annotated["User", strawberry.lazy("graphql_schema.identity")]
SchemaVersionType = Annotated["SchemaVersion", strawberry.lazy("graphql_schema.versions")]


@strawberry.type
class DiagramNode:
    table_key: str
    x: float
    y: float
    color: str | None
    collapsed: bool
    hidden: bool

    @classmethod
    def of(cls, table_key: str, node: dict[str, Any]) -> DiagramNode:
        return cls(
            table_key=table_key,
            x=float(node.get("x", 0)),
            y=float(node.get("y", 0)),
            color=node.get("color"),
            collapsed=bool(node.get("collapsed", False)),
            hidden=bool(node.get("hidden", False)),
        )


@strawberry.type
class Viewport:
    x: float
    y: float
    zoom: float


@strawberry.type(
    name="DiagramState",
    description="A named ER layout of a project, drawn from one schema version. Every saved change "
    "increments `revision`; see updateDiagram for the concurrency rule.",
)
class DiagramState(LoadedNode):
    loader_name = "diagram_by_id"
    id: relay.NodeID[UUID]
    name: str
    revision: int
    viewport: Viewport
    groups: JSON
    notes: JSON
    updated_at: datetime
    node_map: strawberry.Private[dict[str, Any]]
    schema_version_id: strawberry.Private[UUID]
    project_id: strawberry.Private[UUID]
    workspace_id: strawberry.Private[UUID]
    updated_by_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.DiagramState) -> DiagramState:
        return cls(
            id=row.id,
            name=row.name,
            revision=row.revision,
            viewport=Viewport(**{key: float(row.viewport[key]) for key in ("x", "y", "zoom")}),
            groups=JSON(row.groups),
            notes=JSON(row.notes),
            updated_at=row.updated_at,
            node_map=row.nodes,
            schema_version_id=row.schema_version_id,
            project_id=row.project_id,
            workspace_id=row.workspace_id,
            updated_by_id=row.updated_by_id,
        )

    @strawberry.field(description="One per table of the schema version, by table key.")
    def nodes(self) -> list[DiagramNode]:
        return [DiagramNode.of(key, node) for key, node in sorted(self.node_map.items())]

    @strawberry.field
    async def schema_version(self, info: Info) -> SchemaVersionType:
        from graphql_schema.versions import SchemaVersion

        row = await info.context.loaders.schema_version_by_id.load(self.schema_version_id)
        assert row is not None, "a diagram's version is visible wherever the diagram is"
        return SchemaVersion.from_row(row)

    @strawberry.field
    async def updated_by(self, info: Info) -> UserType | None:
        from graphql_schema.identity import User

        row = await info.context.loaders.user_by_id.load(self.updated_by_id) if self.updated_by_id else None
        return User.from_row(row) if row else None

    @strawberry.field(description="The diagram as a standalone SVG image (hidden tables left out).")
    async def svg(self, info: Info) -> str:
        row = await info.context.loaders.schema_version_by_id.load(self.schema_version_id)
        assert row is not None, "a diagram's version is visible wherever the diagram is"
        model = await info.context.loaders.model_by_version.load((row.id, row.content_hash))
        return render_svg(model, **diagram_drawing(self.node_map))


def diagram_drawing(nodes: dict[str, Any]) -> dict[str, Any]:
    """The stored nodes as the SVG renderer's arguments."""
    return {
        "positions": {key: NodePosition(float(node["x"]), float(node["y"])) for key, node in nodes.items()},
        "hidden": {key for key, node in nodes.items() if node.get("hidden")},
        "collapsed": {key for key, node in nodes.items() if node.get("collapsed")},
        "colors": {key: node["color"] for key, node in nodes.items() if node.get("color")},
    }


@strawberry.type(description="A saved change of a diagram, as subscribers receive it.")
class DiagramUpdateEvent:
    revision: int = strawberry.field(description="The revision this change produced.")
    diagram: DiagramState = strawberry.field(
        description="The diagram as it is when the event is delivered: under a burst of edits it "
        "may already be at a later revision than this event's."
    )
    changed_nodes: list[DiagramNode] = strawberry.field(
        description="The nodes this revision changed, as it left them."
    )
    actor: UserType | None


@strawberry.input
class DiagramNodeInput:
    table_key: str
    x: float | None = None
    y: float | None = None
    color: str | None = strawberry.field(default=None, description="#rrggbb")
    collapsed: bool | None = None
    hidden: bool | None = None


@strawberry.input
class ViewportInput:
    x: float
    y: float
    zoom: float


@strawberry.input(
    description="Only the nodes that changed, and only their changed fields. The update applies only "
    "if `baseRevision` is the diagram's current revision; otherwise nothing changes and the payload "
    "carries CONFLICT with the current diagram: re-apply your change to it and send again with its "
    "revision. Two people moving different tables both succeed this way, one after a retry."
)
class UpdateDiagramInput:
    diagram_id: strawberry.ID
    base_revision: int
    nodes: list[DiagramNodeInput] | None = None
    viewport: ViewportInput | None = None
    groups: JSON | None = strawberry.field(default=None, description="Replaces the groups when given.")
    notes: JSON | None = strawberry.field(default=None, description="Replaces the notes when given.")

    def to_edit(self) -> diagrams.DiagramEdit:
        return diagrams.DiagramEdit(
            base_revision=self.base_revision,
            nodes=[
                diagrams.NodeChange(
                    table_key=node.table_key,
                    x=node.x,
                    y=node.y,
                    color=node.color,
                    collapsed=node.collapsed,
                    hidden=node.hidden,
                )
                for node in self.nodes or []
            ],
            viewport=diagrams.Viewport(self.viewport.x, self.viewport.y, self.viewport.zoom)
            if self.viewport
            else None,
            groups=_json_list(self.groups, "groups"),
            notes=_json_list(self.notes, "notes"),
        )


def _json_list(value: Any, field: str) -> list[Any] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise BadUserInputError(f"{field} must be a list.", field=[field])
    return value


@strawberry.type
class UpdateDiagramPayload:
    diagram: DiagramState | None = strawberry.field(description="On CONFLICT: the current diagram.")
    user_errors: list[UserError]


@strawberry.input
class CreateDiagramInput:
    project_id: strawberry.ID
    name: str
    version_id: strawberry.ID | None = strawberry.field(
        default=None, description="Default: the latest version."
    )


@strawberry.input
class RenameDiagramInput:
    diagram_id: strawberry.ID
    name: str


@strawberry.input
class DuplicateDiagramInput:
    diagram_id: strawberry.ID
    name: str


@strawberry.input
class RebaseDiagramInput:
    diagram_id: strawberry.ID
    version_id: strawberry.ID | None = strawberry.field(
        default=None, description="Default: the latest version."
    )


@strawberry.input
class DeleteDiagramInput:
    diagram_id: strawberry.ID


@strawberry.type
class DiagramPayload:
    diagram: DiagramState | None
    user_errors: list[UserError]


@strawberry.type
class DeleteDiagramPayload:
    deleted_diagram_id: strawberry.ID | None
    user_errors: list[UserError]


async def diagram_workspace(info: Info, diagram_id: UUID) -> UUID | None:
    """From a diagram to its workspace, for the permission checks of its mutations."""
    row = await info.context.loaders.diagram_by_id.load(diagram_id)
    return row.workspace_id if row else None
