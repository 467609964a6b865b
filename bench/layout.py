"""Automatic layout: how long it takes and what it looks like, on synthetic schemas.

    python -m bench.layout [--sizes 50 100 200 400 800] [--repeat 3] [--seed 7]

A synthetic schema is what real ones are made of: chains of tables (order → order_line →
shipment), stars (a hub such as ``users`` referenced by many tables, some leaves joining two
hubs), a few lone tables, self-references and cycles; most groups hang off an earlier one, so
much of the schema is one connected component. Tables have 3 to 30 columns.

Per size it prints the best of ``--repeat`` runs of ``auto_layout``, of ``place_new_tables``
for the last 5% of the tables (the rest already placed), and of what the drawing is like:
the bounding box, crossings and mean length of the foreign keys drawn as straight lines
between box centres, and the number of overlapping boxes (always 0, or it is a bug).
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Callable, Mapping
from functools import partial

from app.diagrams.geometry import Box, NodePosition, measure
from app.diagrams.layout import auto_layout, place_new_tables
from app.diagrams.relations import relationships
from app.ingest.model import Column, ForeignKey, PrimaryKey, SchemaModel, Table
from app.models.enums import SqlDialect

TYPES = [
    "integer",
    "bigint",
    "text",
    "character varying(255)",
    "timestamp with time zone",
    "boolean",
    "jsonb",
]


def synthetic_schema(table_count: int, seed: int = 7) -> SchemaModel:
    rng = random.Random(seed)
    parents: dict[str, list[str]] = {}
    names: list[str] = []

    def add(references: list[str]) -> str:
        name = f"t{len(names):04d}"
        names.append(name)
        parents[name] = references
        return name

    while len(names) < table_count:
        anchor = [rng.choice(names)] if names and rng.random() < 0.7 else []
        shape = rng.random()
        if shape < 0.45:
            previous = add(anchor)
            for _ in range(rng.randint(2, 9)):
                previous = add([previous])
            if rng.random() < 0.1:
                parents[names[-rng.randint(2, 4)]].append(previous)  # a cycle
        elif shape < 0.85:
            hub = add(anchor)
            others = [name for name in names[:-1] if not parents[name]] or [hub]
            for _ in range(rng.randint(3, 25)):
                add([hub, rng.choice(others)] if rng.random() < 0.2 else [hub])
        else:
            for _ in range(rng.randint(1, 4)):
                add([])
        if rng.random() < 0.05:
            parents[names[-1]].append(names[-1])  # a self-reference
    return SchemaModel(
        dialect=SqlDialect.POSTGRES,
        schemas=["public"],
        tables=[_table(name, parents[name], rng) for name in names[:table_count]],
    )


def _table(name: str, references: list[str], rng: random.Random) -> Table:
    columns = [Column(name="id", data_type="bigint", nullable=False, is_primary_key=True)]
    foreign_keys = []
    for index, parent in enumerate(references):
        column = f"{parent}_id" if parent != name else "parent_id"
        columns.append(Column(name=column, data_type="bigint", nullable=index > 0))
        foreign_keys.append(
            ForeignKey(
                name=f"{name}_{column}_fkey",
                columns=[column],
                referenced_table=f"public.{parent}",
                referenced_columns=["id"],
            )
        )
    for index in range(rng.randint(max(0, 3 - len(columns)), 30 - len(columns))):
        columns.append(Column(name=f"field_{index}_" + "x" * rng.randint(0, 12), data_type=rng.choice(TYPES)))
    return Table(
        key=f"public.{name}",
        schema="public",
        name=name,
        columns=columns,
        primary_key=PrimaryKey(name=f"{name}_pkey", columns=["id"]),
        foreign_keys=foreign_keys,
    )


def drawing_quality(model: SchemaModel, positions: Mapping[str, NodePosition]) -> dict[str, float]:
    boxes = {table.key: measure(table).box(positions[table.key]) for table in model.tables}
    segments = [
        (r.child.key, r.parent.key, boxes[r.child.key], boxes[r.parent.key])
        for r in relationships(model)
        if r.child.key != r.parent.key
    ]
    crossings = 0
    for index, (a1, a2, p, q) in enumerate(segments):
        for b1, b2, r, s in segments[index + 1 :]:
            if not {a1, a2} & {b1, b2} and _cross(p, q, r, s):
                crossings += 1
    lengths = [math.hypot(p.center_x - q.center_x, p.center_y - q.center_y) for _, _, p, q in segments]
    ordered = sorted(boxes.values(), key=lambda box: box.x)
    overlaps = 0
    for index, box in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.x >= box.right:
                break
            overlaps += box.overlaps(other)
    return {
        "width": max(box.right for box in boxes.values()),
        "height": max(box.bottom for box in boxes.values()),
        "crossings": crossings,
        "mean_edge": sum(lengths) / len(lengths) if lengths else 0.0,
        "overlaps": overlaps,
    }


def _cross(p: Box, q: Box, r: Box, s: Box) -> bool:
    """Whether the segment between the centres of p and q properly crosses that of r and s."""

    def side(a: Box, b: Box, c: Box) -> float:
        return (b.center_x - a.center_x) * (c.center_y - a.center_y) - (b.center_y - a.center_y) * (
            c.center_x - a.center_x
        )

    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0


def best_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    arguments.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800])
    arguments.add_argument("--repeat", type=int, default=3)
    arguments.add_argument("--seed", type=int, default=7)
    options = arguments.parse_args(argv)
    print(
        f"{'tables':>6} {'fks':>5} {'layout s':>9} {'add 5% s':>9} {'width':>7} {'height':>7} "
        f"{'crossings':>9} {'mean fk px':>10} {'overlaps':>8}"
    )
    for size in options.sizes:
        model = synthetic_schema(size, options.seed)
        positions = auto_layout(model)
        kept = len(model.tables) - max(1, len(model.tables) // 20)
        existing = {table.key: positions[table.key] for table in model.tables[:kept]}
        layout_seconds = best_time(partial(auto_layout, model), options.repeat)
        add_seconds = best_time(partial(place_new_tables, model, existing), options.repeat)
        quality = drawing_quality(model, positions)
        print(
            f"{size:>6} {len(relationships(model)):>5} {layout_seconds:>9.3f} {add_seconds:>9.3f} "
            f"{quality['width']:>7.0f} {quality['height']:>7.0f} {quality['crossings']:>9.0f} "
            f"{quality['mean_edge']:>10.0f} {quality['overlaps']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
