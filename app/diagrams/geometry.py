"""Sizes of table boxes. The layout (which must keep boxes apart) and the SVG (which draws
them) must agree to the pixel, so both measure a table here.

Text is drawn in a monospace font so that a width can be computed without a font engine: an
ASCII character advances 0.6 em in the usual monospace fonts (DejaVu Sans Mono, Menlo,
Consolas), an East Asian wide character twice that.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.diagrams.relations import key_markers, table_label
from app.ingest.model import Table

FONT_SIZE = 12
HEADER_FONT_SIZE = 13
CHAR_WIDTH = FONT_SIZE * 0.6
HEADER_CHAR_WIDTH = HEADER_FONT_SIZE * 0.6
HEADER_HEIGHT = 30
ROW_HEIGHT = 20
PADDING_X = 10
# Between the name, type and key-marker columns of a row.
COLUMN_GAP = 2 * CHAR_WIDTH
MIN_WIDTH = 160


@dataclass(frozen=True, slots=True)
class NodePosition:
    """The top-left corner of a table's box, in px; y grows downwards as in SVG."""

    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box) -> bool:
        """True when the interiors intersect; boxes that only touch do not overlap."""
        return (
            self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom
        )

    def grown(self, margin: float) -> Box:
        return Box(self.x - margin, self.y - margin, self.width + 2 * margin, self.height + 2 * margin)


@dataclass(frozen=True, slots=True)
class TableMetrics:
    """Where the parts of a table's box go, relative to its top-left corner."""

    width: float
    # With every column row; a collapsed table is HEADER_HEIGHT tall.
    full_height: float
    # x of the type column; names start at PADDING_X, markers end at width - PADDING_X.
    type_x: float

    def height(self, *, collapsed: bool = False) -> float:
        return HEADER_HEIGHT if collapsed else self.full_height

    def box(self, position: NodePosition, *, collapsed: bool = False) -> Box:
        return Box(position.x, position.y, self.width, self.height(collapsed=collapsed))


def text_cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def column_type_label(data_type: str | None) -> str:
    # A view column's type is unknown without a database; the row shows just its name.
    return data_type or ""


def marker_label(markers: tuple[str, ...]) -> str:
    return " ".join(markers)


def measure(table: Table) -> TableMetrics:
    markers = key_markers(table)
    name_cells = max((text_cells(column.name) for column in table.columns), default=0)
    type_cells = max((text_cells(column_type_label(column.data_type)) for column in table.columns), default=0)
    marker_cells = max((text_cells(marker_label(m)) for m in markers.values()), default=0)
    type_x = PADDING_X + name_cells * CHAR_WIDTH + COLUMN_GAP
    row_width = type_x + type_cells * CHAR_WIDTH + PADDING_X
    if marker_cells:
        row_width += COLUMN_GAP + marker_cells * CHAR_WIDTH
    header_width = 2 * PADDING_X + text_cells(table_label(table)) * HEADER_CHAR_WIDTH
    return TableMetrics(
        width=max(MIN_WIDTH, row_width, header_width),
        full_height=HEADER_HEIGHT + ROW_HEIGHT * len(table.columns),
        type_x=type_x,
    )
