"""Positions of the tables of one connected component: a layered drawing read left to right,
from referencing tables to the tables they reference.

grandalf ranks the tables and orders each layer to reduce crossings (``sugiyama``); the boxes
are placed here. A layer becomes a column, or several side by side when it is much taller
than the drawing is wide (forty tables referencing ``users`` make a grid, not a 10 000 px
column). Within a column the order is kept and each box is drawn towards the mean height of
its neighbours, as close as the boxes above and below allow (``_place_column``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.diagrams.geometry import NodePosition
from app.diagrams.sugiyama import ordered_layers

LAYER_GAP = 120.0  # between layers: room for edges and their crow's feet
SUBCOLUMN_GAP = 40.0  # between the columns of one wrapped layer
NODE_GAP = 30.0  # between two boxes of a column
# Width over height we aim for when wrapping layers, about that of a screen.
ASPECT = 1.6
# grandalf's crossing reduction: a sweep costs O(edges · log) in every layer; four are
# enough to settle what a schema's star-and-chain graphs can gain.
ORDERING_SWEEPS = 4
ALIGNMENT_SWEEPS = 6
_HEIGHT_SEARCH_STEPS = 24


@dataclass(frozen=True, slots=True)
class Size:
    width: float
    height: float


def layout_component(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], sizes: Mapping[str, Size]
) -> dict[str, NodePosition]:
    """Top-left corners, the smallest x and y being 0. ``edges`` go from child to parent,
    are distinct and join distinct nodes; together they connect all ``nodes``."""
    if len(nodes) == 1:
        return {nodes[0]: NodePosition(0.0, 0.0)}
    layers = ordered_layers(nodes, edges, feedback_edges(nodes, edges), max_sweeps=ORDERING_SWEEPS)
    max_height = _column_height_limit(layers, sizes)
    wrapped = [_wrap(layer, sizes, max_height) for layer in layers]
    columns = [column for layer in wrapped for column in layer]
    lefts = _column_lefts(wrapped, sizes)
    neighbours: dict[str, list[str]] = {node: [] for node in nodes}
    for child, parent in edges:
        neighbours[child].append(parent)
        neighbours[parent].append(child)
    centres = _align(columns, neighbours, sizes)
    positions: dict[str, NodePosition] = {}
    for column, left in zip(columns, lefts, strict=True):
        width = max(sizes[node].width for node in column)
        for node in column:
            size = sizes[node]
            positions[node] = NodePosition(left + (width - size.width) / 2, centres[node] - size.height / 2)
    top = min(position.y for position in positions.values())
    return {node: NodePosition(position.x, position.y - top) for node, position in positions.items()}


def feedback_edges(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    """Edges that close a cycle in a depth-first search started from the tables nobody
    references: reversing them leaves the graph acyclic, as layering needs."""
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        successors[source].append(target)
    referenced = {target for _, target in edges}
    on_path: dict[str, bool] = {}  # absent: unvisited; True: on the current path; False: done
    found: set[tuple[str, str]] = set()
    for start in [node for node in nodes if node not in referenced] + list(nodes):
        if start in on_path:
            continue
        on_path[start] = True
        stack = [(start, iter(successors[start]))]
        while stack:
            node, pending = stack[-1]
            following = next(pending, None)
            if following is None:
                on_path[node] = False
                stack.pop()
            elif following not in on_path:
                on_path[following] = True
                stack.append((following, iter(successors[following])))
            elif on_path[following]:
                found.add((node, following))
    return found


def _stack_height(nodes: Sequence[str], sizes: Mapping[str, Size]) -> float:
    return sum(sizes[node].height for node in nodes) + NODE_GAP * (len(nodes) - 1)


def _wrap(layer: list[str], sizes: Mapping[str, Size], max_height: float) -> list[list[str]]:
    """The layer in as few columns as keep each near ``max_height``, of about equal height,
    in order: a table goes to the column where the middle of its box falls."""
    total = _stack_height(layer, sizes)
    count = max(1, math.ceil(total / max_height))
    share = total / count
    columns: list[list[str]] = [[] for _ in range(count)]
    top = 0.0
    for node in layer:
        height = sizes[node].height
        columns[min(count - 1, int((top + height / 2) // share))].append(node)
        top += height + NODE_GAP
    return [column for column in columns if column]


def _drawing_width(layers: list[list[str]], sizes: Mapping[str, Size], max_height: float) -> float:
    width = LAYER_GAP * (len(layers) - 1)
    for layer in layers:
        columns = _wrap(layer, sizes, max_height)
        width += sum(max(sizes[node].width for node in column) for column in columns)
        width += SUBCOLUMN_GAP * (len(columns) - 1)
    return width


def _column_height_limit(layers: list[list[str]], sizes: Mapping[str, Size]) -> float:
    """The column height that makes the drawing about ASPECT times wider than tall. Wrapping
    more makes it narrower, so a bisection finds it."""
    low = max(size.height for size in sizes.values())
    high = max(_stack_height(layer, sizes) for layer in layers)
    if _drawing_width(layers, sizes, high) >= ASPECT * high:
        return high
    for _ in range(_HEIGHT_SEARCH_STEPS):
        middle = (low + high) / 2
        if _drawing_width(layers, sizes, middle) > ASPECT * middle:
            low = middle
        else:
            high = middle
    return high


def _column_lefts(wrapped: list[list[list[str]]], sizes: Mapping[str, Size]) -> list[float]:
    lefts: list[float] = []
    left = 0.0
    for layer in wrapped:
        for column in layer:
            lefts.append(left)
            left += max(sizes[node].width for node in column) + SUBCOLUMN_GAP
        left += LAYER_GAP - SUBCOLUMN_GAP
    return lefts


def _align(
    columns: list[list[str]], neighbours: Mapping[str, list[str]], sizes: Mapping[str, Size]
) -> dict[str, float]:
    """Vertical centres: columns start stacked around y = 0, then sweeps left to right and
    back move each box towards its neighbours (edges join other columns only)."""
    centres: dict[str, float] = {}
    for column in columns:
        top = -_stack_height(column, sizes) / 2
        for node in column:
            centres[node] = top + sizes[node].height / 2
            top += sizes[node].height + NODE_GAP
    for sweep in range(ALIGNMENT_SWEEPS):
        for column in columns if sweep % 2 == 0 else reversed(columns):
            wanted = [
                sum(centres[other] for other in neighbours[node]) / len(neighbours[node]) for node in column
            ]
            weights = [float(len(neighbours[node])) for node in column]
            centres.update(_place_column(column, wanted, weights, sizes))
    return centres


def _place_column(
    column: list[str], wanted: list[float], weights: list[float], sizes: Mapping[str, Size]
) -> dict[str, float]:
    """Centres in the column's order, no two boxes closer than NODE_GAP, minimising the
    weighted squared distance to the wanted centres: with each box's offset from the top of a
    packed stack subtracted, the constraint becomes "non-decreasing", which is isotonic
    regression, solved exactly by pooling adjacent violators."""
    offsets: list[float] = []
    offset = 0.0
    for node in column:
        offsets.append(offset + sizes[node].height / 2)
        offset += sizes[node].height + NODE_GAP
    # Pools of consecutive boxes that move together: [mean target, total weight, count].
    pools: list[list[float]] = []
    for target, weight, node_offset in zip(wanted, weights, offsets, strict=True):
        pools.append([target - node_offset, weight, 1.0])
        while len(pools) > 1 and pools[-2][0] > pools[-1][0]:
            mean, total, count = pools.pop()
            previous = pools[-1]
            previous[0] = (previous[0] * previous[1] + mean * total) / (previous[1] + total)
            previous[1] += total
            previous[2] += count
    shifts = [pool[0] for pool in pools for _ in range(int(pool[2]))]
    return {
        node: shift + node_offset for node, shift, node_offset in zip(column, shifts, offsets, strict=True)
    }
