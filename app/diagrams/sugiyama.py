"""The one place that calls grandalf, which has no type hints: the first phases of its
Sugiyama layered layout (ranking and crossing reduction) on one connected graph.

We take grandalf's layers and their order, not its coordinates: its coordinate phase
(Brandes-Köpf) puts every table of a layer in one column however many there are, and recurses
once per table of a layer. ``layered`` places the boxes itself, wrapping long layers.

We also give grandalf the edges to reverse instead of letting it find them: its feedback
search (``get_scs_with_feedback``) is recursive and keeps its counter on the ``Vertex`` class,
so a long chain overflows the stack and two layouts in two threads would share the counter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import SugiyamaLayout, VertexViewer


def ordered_layers(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    reversed_edges: Collection[tuple[str, str]],
    *,
    max_sweeps: int,
) -> list[list[str]]:
    """Layers of a connected graph, each in crossing-reduced order. An edge goes from a lower
    layer to a higher one once ``reversed_edges`` (which must break every cycle) are turned
    round. Edges must be distinct, between distinct nodes."""
    vertices = {node: Vertex(node) for node in nodes}
    for vertex in vertices.values():
        # Sizes play no part in ranking and ordering; grandalf only insists on a view.
        vertex.view = VertexViewer(w=1, h=1)
    graph_edges = [Edge(vertices[source], vertices[target]) for source, target in edges]
    graph = graph_core(list(vertices.values()), graph_edges)
    sugiyama = SugiyamaLayout(graph)
    sugiyama.init_all(
        inverted_edges=[
            edge for edge, pair in zip(graph_edges, edges, strict=True) if pair in reversed_edges
        ],
        # Pull each table next to the tables it references instead of leaving it in the
        # first layer with a long edge: a lookup referenced by one deep table sits by it.
        optimize=True,
    )
    best: int | None = None
    for _ in range(max_sweeps):
        for _layer, _moves in sugiyama.ordering_step():
            pass
        crossings = sum(layer.ccount or 0 for layer in sugiyama.layers)
        # Each sweep costs as much as the first; stop once one no longer helps.
        if crossings == 0 or (best is not None and crossings >= best):
            break
        best = crossings
    layers: list[list[str]] = [
        # Dummy vertices (bends of long edges) have no data; we draw edges our own way.
        [vertex.data for vertex in layer if not sugiyama.grx[vertex].dummy]
        for layer in sugiyama.layers
    ]
    return [layer for layer in layers if layer]
