"""Automatic layout of a model's tables and views: the whole diagram (``auto_layout``), or
only the tables new to an arranged diagram (``place_new_tables``), leaving the others where
people put them.

Tables are joined by their foreign keys, and a partition or inheriting table by its parent,
so it lands next to it. Each connected group is laid out in layers (``layered``); the groups
and the lone tables are then packed in rows, largest first, so the diagram stays about as
wide as a screen is compared to its height.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from app.diagrams.geometry import Box, NodePosition, TableMetrics, measure
from app.diagrams.layered import ASPECT, LAYER_GAP, NODE_GAP, Size, layout_component
from app.diagrams.relations import relationships
from app.ingest.model import SchemaModel

__all__ = ["NodePosition", "auto_layout", "place_new_tables"]

COMPONENT_GAP = 80.0
# A new table is tried this many box-widths (or heights) away from a neighbour, on each side,
# sliding along it by NEAR_STEP up to NEAR_STEPS times either way; beyond that the space near
# its neighbours counts as full.
NEAR_RINGS = 3
NEAR_STEP = 40.0
NEAR_STEPS = 10
# Added to the distance of places not on the side the layout would use (a child left of what
# it references), so a new table joins the flow of the diagram when it can.
OTHER_SIDE_PENALTY = 100.0
_GRID_CELL = 256.0


def auto_layout(model: SchemaModel) -> dict[str, NodePosition]:
    """Table key → top-left corner of its box, for every table and view of the model. The
    same model always gives the same positions, and no two boxes overlap."""
    graph = _Graph.of(model)
    return graph.layout([table.key for table in model.tables])


def place_new_tables(model: SchemaModel, existing: Mapping[str, NodePosition]) -> dict[str, NodePosition]:
    """Positions for the tables of the model that ``existing`` lacks, and for no other. Each
    goes near the tables it references or that reference it when there is room there, else
    with the other homeless ones in a block right of the diagram; none overlaps a box of
    ``existing`` (keys of tables no longer in the model are ignored)."""
    graph = _Graph.of(model)
    new = [table.key for table in model.tables if table.key not in existing]
    boxes = {
        key: graph.metrics[key].box(position) for key, position in existing.items() if key in graph.metrics
    }
    if not boxes:
        return graph.layout(new)
    occupied = _Occupancy(boxes.values())
    placed: dict[str, Box] = {}
    queue = deque(key for key in new if any(other in boxes for other in graph.neighbours[key]))
    queued = set(queue)
    while queue:
        key = queue.popleft()
        box = graph.free_box_near(key, {**boxes, **placed}, occupied)
        if box is None:
            continue
        placed[key] = box
        occupied.add(box)
        for other in graph.neighbours[key]:
            if other not in existing and other not in queued:
                queue.append(other)
                queued.add(other)
    homeless = [key for key in new if key not in placed]
    if homeless:
        taken = [*boxes.values(), *placed.values()]
        left = max(box.right for box in taken) + COMPONENT_GAP
        top = min(box.y for box in taken)
        for key, position in graph.layout(homeless).items():
            placed[key] = graph.metrics[key].box(NodePosition(left + position.x, top + position.y))
    return {key: NodePosition(placed[key].x, placed[key].y) for key in new}


@dataclass(frozen=True, slots=True)
class _Graph:
    """The tables as a graph: edges from child to parent, one per pair of tables whatever
    the number of keys between them or their direction, none from a table to itself."""

    order: Mapping[str, int]
    metrics: Mapping[str, TableMetrics]
    edges: Sequence[tuple[str, str]]
    neighbours: Mapping[str, Sequence[str]]
    parents: Mapping[str, Sequence[str]]

    @classmethod
    def of(cls, model: SchemaModel) -> _Graph:
        order = {table.key: index for index, table in enumerate(model.tables)}
        pairs = [(r.child.key, r.parent.key) for r in relationships(model)]
        for table in model.tables:
            pairs += [(table.key, parent) for parent in [table.partition_of, *table.inherits] if parent]
        edges: list[tuple[str, str]] = []
        seen: set[frozenset[str]] = set()
        for child, parent in pairs:
            pair = frozenset((child, parent))
            if child != parent and parent in order and pair not in seen:
                seen.add(pair)
                edges.append((child, parent))
        neighbours: dict[str, list[str]] = {key: [] for key in order}
        parents: dict[str, list[str]] = {key: [] for key in order}
        for child, parent in edges:
            neighbours[child].append(parent)
            neighbours[parent].append(child)
            parents[child].append(parent)
        metrics = {table.key: measure(table) for table in model.tables}
        return cls(order=order, metrics=metrics, edges=edges, neighbours=neighbours, parents=parents)

    def layout(self, keys: Sequence[str]) -> dict[str, NodePosition]:
        """Lays out these tables alone, as if the model had no others."""
        blocks = []
        for component in self._components(keys):
            members = set(component)
            edges = [edge for edge in self.edges if edge[0] in members and edge[1] in members]
            sizes = {key: Size(self.metrics[key].width, self.metrics[key].full_height) for key in component}
            blocks.append(layout_component(component, edges, sizes))
        positions = _pack(blocks, self.metrics)
        return {key: positions[key] for key in keys}

    def _components(self, keys: Sequence[str]) -> Iterator[list[str]]:
        chosen = set(keys)
        seen: set[str] = set()
        for start in keys:
            if start in seen:
                continue
            seen.add(start)
            component = [start]
            frontier = deque([start])
            while frontier:
                for other in self.neighbours[frontier.popleft()]:
                    if other in chosen and other not in seen:
                        seen.add(other)
                        component.append(other)
                        frontier.append(other)
            yield sorted(component, key=self.order.__getitem__)

    def free_box_near(self, key: str, boxes: Mapping[str, Box], occupied: _Occupancy) -> Box | None:
        """The free place nearest to the middle of the key's placed neighbours."""
        metrics = self.metrics[key]
        width, height = metrics.width, metrics.full_height
        anchors = [(other, boxes[other]) for other in self.neighbours[key] if other in boxes]
        centre_x = sum(box.center_x for _, box in anchors) / len(anchors)
        centre_y = sum(box.center_y for _, box in anchors) / len(anchors)
        candidates: list[tuple[float, int, Box]] = []
        for other, anchor in anchors:
            # As in the layout, a table sits left of the tables it references.
            is_child = other in self.parents[key]
            for side, box in _around(anchor, width, height):
                penalty = 0.0 if (side < 0) == is_child else OTHER_SIDE_PENALTY
                distance = math.hypot(box.center_x - centre_x, box.center_y - centre_y) + penalty
                candidates.append((distance, len(candidates), box))
        candidates.sort()
        return next((box for _, _, box in candidates if occupied.is_free(box)), None)


def _around(anchor: Box, width: float, height: float) -> Iterator[tuple[int, Box]]:
    """Places for a box of this width and height around an anchor, with the side they are on: -1
    left, +1 right, 0 above or below."""
    for ring in range(NEAR_RINGS):
        for step in range(-NEAR_STEPS, NEAR_STEPS + 1):
            y = anchor.y + step * NEAR_STEP
            yield -1, Box(anchor.x - LAYER_GAP - width - ring * (width + NODE_GAP), y, width, height)
            yield 1, Box(anchor.right + LAYER_GAP + ring * (width + NODE_GAP), y, width, height)
            x = anchor.x + step * NEAR_STEP
            yield 0, Box(x, anchor.bottom + NODE_GAP + ring * (height + NODE_GAP), width, height)
            yield 0, Box(x, anchor.y - NODE_GAP - height - ring * (height + NODE_GAP), width, height)


class _Occupancy:
    """Boxes already on the canvas, bucketed in a grid so a free-space test looks only at
    the boxes nearby."""

    def __init__(self, boxes: Iterable[Box]) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def add(self, box: Box) -> None:
        for cell in _cells(box):
            self._cells.setdefault(cell, []).append(box)

    def is_free(self, box: Box) -> bool:
        """No box within NODE_GAP of this one."""
        grown = box.grown(NODE_GAP)
        return not any(grown.overlaps(other) for cell in _cells(grown) for other in self._cells.get(cell, ()))


def _cells(box: Box) -> Iterator[tuple[int, int]]:
    for column in range(math.floor(box.x / _GRID_CELL), math.floor(box.right / _GRID_CELL) + 1):
        for row in range(math.floor(box.y / _GRID_CELL), math.floor(box.bottom / _GRID_CELL) + 1):
            yield column, row


def _pack(
    blocks: list[dict[str, NodePosition]], metrics: Mapping[str, TableMetrics]
) -> dict[str, NodePosition]:
    """Blocks (each with its smallest x and y at 0) in rows, groups of related tables first,
    larger first, then lone tables in model order; rows about ASPECT times wider than the
    whole is tall, and never narrower than the widest block."""
    measured = []
    for index, block in enumerate(blocks):
        width = max(position.x + metrics[key].width for key, position in block.items())
        height = max(position.y + metrics[key].full_height for key, position in block.items())
        measured.append((-len(block) if len(block) > 1 else 0, index, width, height, block))
    measured.sort(key=lambda item: item[:2])
    area = sum((width + COMPONENT_GAP) * (height + COMPONENT_GAP) for _, _, width, height, _ in measured)
    row_width = max(max((width for _, _, width, _, _ in measured), default=0.0), math.sqrt(area * ASPECT))
    positions: dict[str, NodePosition] = {}
    x = y = row_height = 0.0
    for _, _, width, height, block in measured:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for key, position in block.items():
            positions[key] = NodePosition(x + position.x, y + position.y)
        x += width + COMPONENT_GAP
        row_height = max(row_height, height)
    return positions
