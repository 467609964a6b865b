"""A standalone SVG of a diagram, for people to look at: a box per table (a coloured header
with its name, then a row per column: name, type and PK/FK/UK markers) and a curve per foreign
key from the child's key column to the parent's referenced column, in crow's-foot notation.

The document is built with ElementTree, so every name, type and comment is escaped by the XML
writer; characters XML cannot carry at all (control characters) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from types import MappingProxyType

from app.diagrams.geometry import (
    FONT_SIZE,
    HEADER_FONT_SIZE,
    HEADER_HEIGHT,
    PADDING_X,
    ROW_HEIGHT,
    Box,
    NodePosition,
    TableMetrics,
    column_type_label,
    marker_label,
    measure,
)
from app.diagrams.relations import Relationship, key_markers, relationships, table_label
from app.ingest.model import SchemaModel, Table

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT_FAMILY = "DejaVu Sans Mono, Menlo, Consolas, monospace"
DEFAULT_HEADER_COLOR = "#3b5b92"
# Only hex colours reach the document: a free-form value could be url(...) and make a viewer
# fetch a remote resource.
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# How far an edge leaves its box horizontally before bending; also the margin a loop needs.
BULGE = 40.0
MARGIN = BULGE + 20.0
_BASELINE = 0.7  # of a row's height, where 12 px text sits vertically centred
_CARDINALITY_MARKERS = {
    # Drawn along the edge's direction: x grows away from the child's box at the start of an
    # edge and towards the parent's box at its end (orient="auto").
    "zero-or-many": "M 0 -6 L 12 0 M 0 0 L 12 0 M 0 6 L 12 0",
    "zero-or-one": "M 12 -6 L 12 6",
    "exactly-one": "M -6 -6 L -6 6 M -11 -6 L -11 6",
    "optional-one": "M -6 -6 L -6 6",
}
# The x of the "zero" circle on the markers that have one.
_ZERO_CIRCLES = {"zero-or-many": 18.0, "zero-or-one": 18.0, "optional-one": -15.0}


def render_svg(
    model: SchemaModel,
    positions: Mapping[str, NodePosition],
    *,
    hidden: AbstractSet[str] = frozenset(),
    collapsed: AbstractSet[str] = frozenset(),
    colors: Mapping[str, str] = MappingProxyType({}),
) -> str:
    """The diagram as SVG text. Tables without a position, or hidden, are not drawn, nor are
    their edges; collapsed ones show their header only; ``colors`` maps table keys to
    ``#rgb``/``#rrggbb`` header colours (other values fall back to the default)."""
    metrics = {table.key: measure(table) for table in model.tables}
    boxes = {
        table.key: metrics[table.key].box(positions[table.key], collapsed=table.key in collapsed)
        for table in model.tables
        if table.key in positions and table.key not in hidden
    }
    left, top, width, height = _view_box(boxes.values())
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "viewBox": f"{_n(left)} {_n(top)} {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "font-family": FONT_FAMILY,
            "font-size": str(FONT_SIZE),
        },
    )
    _add_markers(ET.SubElement(root, "defs"))
    background = {"x": _n(left), "y": _n(top), "width": _n(width), "height": _n(height), "fill": "#ffffff"}
    ET.SubElement(root, "rect", background)
    # Edges first: where one crosses a box, the box hides it.
    edges = ET.SubElement(root, "g", {"class": "relationships"})
    for relationship in relationships(model):
        if relationship.child.key in boxes and relationship.parent.key in boxes:
            _add_edge(edges, relationship, boxes, metrics, collapsed)
    tables = ET.SubElement(root, "g", {"class": "tables"})
    for table in model.tables:
        if table.key in boxes:
            color = colors.get(table.key, DEFAULT_HEADER_COLOR)
            header_color = color if _HEX_COLOR.fullmatch(color) else DEFAULT_HEADER_COLOR
            _add_table(
                tables, table, boxes[table.key], metrics[table.key], header_color, table.key in collapsed
            )
    return ET.tostring(root, encoding="unicode")


def _view_box(boxes: Iterable[Box]) -> tuple[float, float, float, float]:
    drawn = list(boxes)
    if not drawn:
        return 0.0, 0.0, 2 * MARGIN, 2 * MARGIN
    left = min(box.x for box in drawn) - MARGIN
    top = min(box.y for box in drawn) - MARGIN
    right = max(box.right for box in drawn) + MARGIN
    bottom = max(box.bottom for box in drawn) + MARGIN
    return left, top, right - left, bottom - top


def _add_markers(defs: ET.Element) -> None:
    for name, path in _CARDINALITY_MARKERS.items():
        marker = ET.SubElement(
            defs,
            "marker",
            {
                "id": name,
                "viewBox": "-24 -10 48 20",
                "markerWidth": "48",
                "markerHeight": "20",
                "markerUnits": "userSpaceOnUse",
                "orient": "auto",
                "refX": "0",
                "refY": "0",
            },
        )
        style = {"fill": "none", "stroke": "#475569", "stroke-width": "1.5"}
        ET.SubElement(marker, "path", {"d": path, **style})
        if name in _ZERO_CIRCLES:
            circle = {"cx": _n(_ZERO_CIRCLES[name]), "cy": "0", "r": "4", **style, "fill": "#ffffff"}
            ET.SubElement(marker, "circle", circle)


def _add_table(
    parent: ET.Element, table: Table, box: Box, metrics: TableMetrics, color: str, is_collapsed: bool
) -> None:
    group = ET.SubElement(parent, "g", {"class": "table", "data-table-key": _text(table.key)})
    ET.SubElement(group, "title").text = _text(" — ".join(filter(None, [table.key, table.comment])))
    outline = {"fill": "#ffffff", "stroke": "#94a3b8", "stroke-width": "1"}
    ET.SubElement(group, "rect", {**_rect(box), "rx": "4", **outline})
    header = Box(box.x, box.y, box.width, HEADER_HEIGHT)
    ET.SubElement(group, "rect", {**_rect(header), "rx": "4", "fill": color})
    if not is_collapsed:
        # Squares the header's lower corners where the rows begin.
        ET.SubElement(
            group, "rect", {**_rect(Box(box.x, box.y + HEADER_HEIGHT - 4, box.width, 4)), "fill": color}
        )
    title = ET.SubElement(
        group,
        "text",
        {
            "x": _n(box.x + PADDING_X),
            "y": _n(box.y + HEADER_HEIGHT * _BASELINE),
            "font-size": str(HEADER_FONT_SIZE),
            "font-weight": "bold",
            "fill": _text_color_on(color),
        },
    )
    title.text = _text(table_label(table))
    if is_collapsed:
        return
    markers = key_markers(table)
    for index, column in enumerate(table.columns):
        baseline = _n(box.y + HEADER_HEIGHT + ROW_HEIGHT * (index + _BASELINE))
        row = ET.SubElement(group, "g", {"class": "column", "data-column": _text(column.name)})
        ET.SubElement(row, "text", {"x": _n(box.x + PADDING_X), "y": baseline}).text = _text(column.name)
        data_type = column_type_label(column.data_type)
        if data_type:
            type_text = {"x": _n(box.x + metrics.type_x), "y": baseline, "fill": "#64748b"}
            ET.SubElement(row, "text", type_text).text = _text(data_type)
        if column.name in markers:
            marker_text = {
                "x": _n(box.right - PADDING_X),
                "y": baseline,
                "text-anchor": "end",
                "font-weight": "bold",
                "fill": "#b45309",
            }
            ET.SubElement(row, "text", marker_text).text = marker_label(markers[column.name])


def _add_edge(
    parent: ET.Element,
    relationship: Relationship,
    boxes: Mapping[str, Box],
    metrics: Mapping[str, TableMetrics],
    collapsed: AbstractSet[str],
) -> None:
    """A cubic curve leaving the child's key row sideways and entering the parent's
    referenced row sideways: from the facing sides when the boxes stand apart, else both on
    the right, looping out (a self-reference loops out of its own box)."""
    child, target = boxes[relationship.child.key], boxes[relationship.parent.key]
    foreign_key = relationship.foreign_key
    y1 = _row_middle(relationship.child, foreign_key.columns[0], child, relationship.child.key in collapsed)
    referenced = foreign_key.referenced_columns[0] if foreign_key.referenced_columns else None
    y2 = _row_middle(relationship.parent, referenced, target, relationship.parent.key in collapsed)
    if child.right + 2 * BULGE <= target.x:
        x1, out, x2, into = child.right, 1.0, target.x, -1.0
    elif target.right + 2 * BULGE <= child.x:
        x1, out, x2, into = child.x, -1.0, target.right, 1.0
    else:
        x1, out, x2, into = child.right, 1.0, target.right, 1.0
    bend = max(BULGE, abs(x2 - x1) / 2)
    path = (
        f"M {_n(x1)} {_n(y1)} C {_n(x1 + out * bend)} {_n(y1)} "
        f"{_n(x2 + into * bend)} {_n(y2)} {_n(x2)} {_n(y2)}"
    )
    edge = ET.SubElement(
        parent,
        "path",
        {
            "class": "relationship",
            "data-foreign-key": _text(foreign_key.name),
            "d": path,
            "fill": "none",
            "stroke": "#475569",
            "stroke-width": "1.5",
            "marker-start": "url(#zero-or-one)" if relationship.one_to_one else "url(#zero-or-many)",
            "marker-end": "url(#optional-one)" if relationship.optional else "url(#exactly-one)",
        },
    )
    if not relationship.identifying:
        edge.set("stroke-dasharray", "6 4")
    description = (
        f"{relationship.child.key} ({', '.join(foreign_key.columns)}) → "
        f"{relationship.parent.key} ({', '.join(foreign_key.referenced_columns)})"
    )
    ET.SubElement(edge, "title").text = _text(description)


def _row_middle(table: Table, column_name: str | None, box: Box, is_collapsed: bool) -> float:
    names = [column.name for column in table.columns]
    if is_collapsed or column_name not in names:
        return box.y + HEADER_HEIGHT / 2
    return box.y + HEADER_HEIGHT + ROW_HEIGHT * (names.index(column_name) + 0.5)


def _text_color_on(color: str) -> str:
    """Dark text on light headers, white on dark ones (WCAG relative luminance)."""
    digits = color[1:] if len(color) == 7 else "".join(digit * 2 for digit in color[1:])
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#0f172a" if luminance > 0.4 else "#ffffff"


def _rect(box: Box) -> dict[str, str]:
    return {"x": _n(box.x), "y": _n(box.y), "width": _n(box.width), "height": _n(box.height)}


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: smaller files, and the
    same model always prints the same bytes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
