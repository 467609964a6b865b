"""Automatic layout: every table placed, none overlapping, related tables together, the same
positions every time; new tables placed around an arranged diagram without moving it."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from app.diagrams.geometry import CHAR_WIDTH, HEADER_HEIGHT, ROW_HEIGHT, Box, NodePosition, measure
from app.diagrams.layered import ASPECT
from app.diagrams.layout import auto_layout, place_new_tables
from app.ingest.model import SchemaModel
from bench.layout import synthetic_schema
from tests.diff.support import model as model_of

SHOP = """
CREATE TABLE customers (id int PRIMARY KEY, name text, referred_by int REFERENCES customers (id));
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), placed_at timestamptz);
CREATE TABLE products (id int PRIMARY KEY, title text, price numeric(10,2));
CREATE TABLE order_lines (order_id int REFERENCES orders (id), product_id int REFERENCES products (id),
    quantity int, PRIMARY KEY (order_id, product_id));
CREATE TABLE shipments (id int PRIMARY KEY, order_id int REFERENCES orders (id), carrier_id int REFERENCES auth.carriers (id));
CREATE TABLE settings (key text PRIMARY KEY, value jsonb);
CREATE TABLE audit_log (id bigint PRIMARY KEY, happened_at timestamptz, payload jsonb);
CREATE VIEW big_orders AS SELECT o.id, o.customer_id FROM orders o;
"""


def boxes_of(model: SchemaModel, positions: Mapping[str, NodePosition]) -> dict[str, Box]:
    return {
        table.key: measure(table).box(positions[table.key])
        for table in model.tables
        if table.key in positions
    }


def overlapping_pairs(boxes: Mapping[str, Box]) -> list[tuple[str, str]]:
    ordered = sorted(boxes.items(), key=lambda item: item[1].x)
    pairs = []
    for index, (key, box) in enumerate(ordered):
        for other_key, other in ordered[index + 1 :]:
            if other.x >= box.right:
                break
            if box.overlaps(other):
                pairs.append((key, other_key))
    return pairs


def bounds(boxes: Mapping[str, Box]) -> Box:
    left, top = min(b.x for b in boxes.values()), min(b.y for b in boxes.values())
    return Box(
        left, top, max(b.right for b in boxes.values()) - left, max(b.bottom for b in boxes.values()) - top
    )


def test_every_table_and_view_gets_a_position():
    model = model_of(SHOP)
    positions = auto_layout(model)
    assert list(positions) == [table.key for table in model.tables]
    assert "public.big_orders" in positions


@pytest.mark.parametrize("model", [model_of(SHOP), synthetic_schema(400)], ids=["shop", "synthetic-400"])
def test_boxes_never_overlap(model: SchemaModel):
    positions = auto_layout(model)
    assert len(positions) == len(model.tables)
    assert overlapping_pairs(boxes_of(model, positions)) == []


def test_the_same_model_gives_the_same_positions_in_any_process():
    """Nothing may depend on set order, which changes with the hash seed of each process."""
    script = (
        "import json; from bench.layout import synthetic_schema; from app.diagrams.layout import auto_layout;"
        "print(json.dumps({k: [p.x, p.y] for k, p in auto_layout(synthetic_schema(120, seed=3)).items()}))"
    )
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    here = {
        key: [position.x, position.y] for key, position in auto_layout(synthetic_schema(120, seed=3)).items()
    }
    assert json.loads(runs[0]) == json.loads(runs[1]) == here


def test_a_table_sits_left_of_the_tables_it_references():
    model = model_of(SHOP)
    boxes = boxes_of(model, auto_layout(model))
    for child, parent in [("order_lines", "orders"), ("orders", "customers"), ("order_lines", "products")]:
        assert boxes[f"public.{child}"].right < boxes[f"public.{parent}"].x


def test_tables_joined_by_a_foreign_key_are_closer_than_tables_on_average():
    model = synthetic_schema(200)
    boxes = list(boxes_of(model, auto_layout(model)).items())

    def distance(first: Box, second: Box) -> float:
        return math.hypot(first.center_x - second.center_x, first.center_y - second.center_y)

    by_key = dict(boxes)
    joined = [
        distance(by_key[table.key], by_key[fk.referenced_table])
        for table in model.tables
        for fk in table.foreign_keys
        if fk.referenced_table in by_key and fk.referenced_table != table.key
    ]
    every_pair = [distance(a, b) for index, (_, a) in enumerate(boxes) for _, b in boxes[index + 1 :]]
    assert sum(joined) / len(joined) < 0.5 * sum(every_pair) / len(every_pair)


def test_cycles_and_self_references_are_laid_out():
    model = model_of("""
        CREATE TABLE a (id int PRIMARY KEY, b_id int, parent_id int REFERENCES a (id));
        CREATE TABLE b (id int PRIMARY KEY, c_id int);
        CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a (id));
        ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
        ALTER TABLE b ADD FOREIGN KEY (c_id) REFERENCES c (id);
        CREATE TABLE d (id int PRIMARY KEY, a_id int REFERENCES a (id), other_a_id int REFERENCES a (id));
        ALTER TABLE a ADD FOREIGN KEY (id) REFERENCES d (id);
    """)
    positions = auto_layout(model)
    assert set(positions) == {"public.a", "public.b", "public.c", "public.d"}
    assert overlapping_pairs(boxes_of(model, positions)) == []


def test_foreign_keys_to_tables_outside_the_model_are_ignored():
    with_outside = model_of("CREATE TABLE notes (id int PRIMARY KEY, owner uuid REFERENCES auth.users (id));")
    without = model_of("CREATE TABLE notes (id int PRIMARY KEY, owner uuid);")
    assert auto_layout(with_outside) == auto_layout(without)


def test_unrelated_tables_are_packed_in_a_grid_not_a_row():
    model = model_of("".join(f"CREATE TABLE lone_{i} (id int PRIMARY KEY, v{i} text);" for i in range(40)))
    positions = auto_layout(model)
    area = bounds(boxes_of(model, positions))
    rows, columns = {p.y for p in positions.values()}, {p.x for p in positions.values()}
    assert len(rows) >= 5  # one row would be 1 by 40
    assert len(columns) >= 5
    # The packer aims rows at ASPECT times wider than the whole is tall.
    assert area.width / area.height == pytest.approx(ASPECT, rel=0.2)


def test_tables_referencing_one_hub_wrap_into_columns_instead_of_one_tall_column():
    referrers = "".join(
        f"CREATE TABLE referrer_{i} (id int PRIMARY KEY, user_id int REFERENCES users (id), a text, b text);"
        for i in range(60)
    )
    model = model_of("CREATE TABLE users (id int PRIMARY KEY, email text);" + referrers)
    boxes = boxes_of(model, auto_layout(model))
    area = bounds(boxes)
    assert 0.5 <= area.width / area.height <= 4
    assert all(boxes[f"public.referrer_{i}"].right < boxes["public.users"].x for i in range(60))


def test_partitions_sit_next_to_their_parent():
    model = model_of("""
        CREATE TABLE payments (id int, paid_at date, amount numeric) PARTITION BY RANGE (paid_at);
        CREATE TABLE payments_2024 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE payments_2025 PARTITION OF payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE unrelated (id int PRIMARY KEY);
    """)
    boxes = boxes_of(model, auto_layout(model))
    assert boxes["public.payments_2024"].right < boxes["public.payments"].x
    assert boxes["public.payments_2025"].right < boxes["public.payments"].x


def test_a_box_is_sized_by_its_column_count_and_longest_text():
    model = model_of("""
        CREATE TABLE narrow (id int);
        CREATE TABLE tall (a int, b int, c int, d int, e int);
        CREATE TABLE wide (a_rather_long_column_name_for_a_table character varying(255));
    """)
    narrow, tall, wide = (measure(table) for table in model.tables)
    assert tall.full_height == HEADER_HEIGHT + 5 * ROW_HEIGHT
    assert narrow.full_height == HEADER_HEIGHT + ROW_HEIGHT
    text = "a_rather_long_column_name_for_a_table" + "character varying(255)"
    assert wide.width >= len(text) * CHAR_WIDTH > narrow.width


def test_new_tables_get_positions_and_existing_ones_do_not_move():
    model = model_of(SHOP)
    existing = {key: position for key, position in auto_layout(model).items() if key != "public.shipments"}
    placed = place_new_tables(model, existing)
    assert list(placed) == ["public.shipments"]
    assert overlapping_pairs(boxes_of(model, {**existing, **placed})) == []


def test_a_new_table_goes_next_to_the_table_it_references():
    before = model_of(SHOP)
    existing = auto_layout(before)
    after = model_of(
        SHOP
        + "CREATE TABLE refunds (id int PRIMARY KEY, order_id int REFERENCES orders (id), amount numeric);"
    )
    placed = place_new_tables(after, existing)
    boxes = boxes_of(after, {**existing, **placed})
    refund, order = boxes["public.refunds"], boxes["public.orders"]
    gap = max(
        order.x - refund.right, refund.x - order.right, order.y - refund.bottom, refund.y - order.bottom
    )
    assert gap <= 200
    assert overlapping_pairs(boxes) == []


def test_when_the_space_near_its_neighbours_is_full_a_new_table_goes_beside_the_diagram():
    hub = "CREATE TABLE hub (id int PRIMARY KEY);"
    fillers = "".join(f"CREATE TABLE filler_{i} (id int PRIMARY KEY, a text, b text);" for i in range(400))
    before = model_of(hub + fillers)
    # The hub in the middle of a block of boxes 10 px apart: no free place near it.
    hub_box = measure(next(t for t in before.tables if t.key == "public.hub")).box(NodePosition(0, 0))
    existing = {"public.hub": NodePosition(0, 0)}
    for i in range(400):
        position = NodePosition((i % 20 - 10) * 170.0, (i // 20 - 10) * 100.0 + 1)
        if not measure(before.tables[0]).box(position).overlaps(hub_box):
            existing[f"public.filler_{i}"] = position
    after = model_of(
        hub + fillers + "CREATE TABLE spoke (id int PRIMARY KEY, hub_id int REFERENCES hub (id));"
    )
    assert overlapping_pairs(boxes_of(before, existing)) == []
    placed = place_new_tables(after, existing)
    boxes = boxes_of(after, {**existing, **placed})
    assert boxes["public.spoke"].x > max(box.right for key, box in boxes.items() if key in existing)
    assert overlapping_pairs(boxes) == []


def test_unrelated_new_tables_go_right_of_the_diagram():
    before = model_of(SHOP)
    existing = auto_layout(before)
    after = model_of(
        SHOP
        + "CREATE TABLE tags (id int PRIMARY KEY, label text); CREATE TABLE colours (id int PRIMARY KEY);"
    )
    placed = place_new_tables(after, existing)
    right_edge = bounds(boxes_of(before, existing)).right
    assert set(placed) == {"public.tags", "public.colours"}
    assert all(box.x > right_edge for key, box in boxes_of(after, placed).items())


def test_positions_of_tables_no_longer_in_the_model_are_ignored():
    model = model_of(SHOP)
    existing = {"public.gone": NodePosition(0, 0)}
    assert place_new_tables(model, existing) == auto_layout(model)


def test_with_every_table_placed_there_is_nothing_to_place():
    model = model_of(SHOP)
    assert place_new_tables(model, auto_layout(model)) == {}
