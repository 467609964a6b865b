"""The SVG drawing: well-formed whatever the names, every drawn table inside the view box,
hidden and collapsed tables honoured, one edge per foreign key between drawn tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from app.diagrams.geometry import HEADER_HEIGHT, measure
from app.diagrams.layout import auto_layout
from app.diagrams.svg import DEFAULT_HEADER_COLOR, render_svg
from app.ingest.model import SchemaModel
from tests.diff.support import model as model_of

SVG = "{http://www.w3.org/2000/svg}"
BLOG = """
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, invited_by int REFERENCES users (id));
CREATE TABLE profiles (user_id int PRIMARY KEY REFERENCES users (id), bio text);
CREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), editor_id int REFERENCES users (id),
    space_id int REFERENCES auth.spaces (id));
CREATE TABLE post_tags (post_id int NOT NULL REFERENCES posts (id), tag text, PRIMARY KEY (post_id, tag));
CREATE VIEW authors AS SELECT u.id, u.email FROM users u;
"""
# Foreign keys between tables of BLOG; the one to auth.spaces points outside the model.
BLOG_EDGES = 5


def render(
    model: SchemaModel,
    *,
    hidden: AbstractSet[str] = frozenset(),
    collapsed: AbstractSet[str] = frozenset(),
    colors: Mapping[str, str] | None = None,
) -> ET.Element:
    positions = auto_layout(model)
    return ET.fromstring(
        render_svg(model, positions, hidden=hidden, collapsed=collapsed, colors=colors or {})
    )


def drawn_tables(root: ET.Element) -> dict[str, ET.Element]:
    return {
        group.attrib["data-table-key"]: group
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "table"
    }


def edges(root: ET.Element) -> list[ET.Element]:
    return [path for path in root.iter(f"{SVG}path") if path.get("class") == "relationship"]


def texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter(f"{SVG}text")]


def test_every_table_is_drawn_inside_the_view_box():
    model = model_of(BLOG)
    positions = auto_layout(model)
    root = ET.fromstring(render_svg(model, positions))
    assert root.tag == f"{SVG}svg"
    left, top, width, height = map(float, root.attrib["viewBox"].split())
    assert set(drawn_tables(root)) == {table.key for table in model.tables}
    for table in model.tables:
        box = measure(table).box(positions[table.key])
        assert left <= box.x
        assert box.right <= left + width
        assert top <= box.y
        assert box.bottom <= top + height


def test_one_edge_per_foreign_key_between_drawn_tables():
    assert len(edges(render(model_of(BLOG)))) == BLOG_EDGES


def test_hidden_tables_and_their_edges_are_not_drawn():
    root = render(model_of(BLOG), hidden={"public.users"})
    assert "public.users" not in drawn_tables(root)
    # Only post_tags → posts is left: every other key involves users.
    assert [edge.get("data-foreign-key") for edge in edges(root)] == ["post_tags_post_id_fkey"]


def test_tables_without_a_position_are_not_drawn():
    model = model_of(BLOG)
    positions = {key: position for key, position in auto_layout(model).items() if key != "public.posts"}
    root = ET.fromstring(render_svg(model, positions))
    assert "public.posts" not in drawn_tables(root)
    assert len(edges(root)) == BLOG_EDGES - 3


def test_collapsed_tables_show_only_their_header_and_keep_their_edges():
    root = render(model_of(BLOG), collapsed={"public.posts"})
    posts = drawn_tables(root)["public.posts"]
    assert texts(posts) == ["posts"]
    assert float(posts.find(f"{SVG}rect").attrib["height"]) == HEADER_HEIGHT  # type: ignore[union-attr]
    assert len(edges(root)) == BLOG_EDGES
    assert len(texts(drawn_tables(root)["public.users"])) > 1


def test_rows_show_name_type_and_key_markers():
    users = drawn_tables(render(model_of(BLOG)))["public.users"]
    assert texts(users) == [
        "users",
        "id",
        "integer",
        "PK",
        "email",
        "text",
        "UK",
        "invited_by",
        "integer",
        "FK",
    ]
    post_tags = drawn_tables(render(model_of(BLOG)))["public.post_tags"]
    assert texts(post_tags)[:4] == ["post_tags", "post_id", "integer", "PK FK"]


def test_names_with_markup_characters_and_unicode_survive():
    model = model_of("""
        CREATE TABLE "<&>""'" (id int PRIMARY KEY, "naïve ""col"" <b>" text);
        CREATE TABLE "café 世界" (id int PRIMARY KEY, parent int REFERENCES "<&>""'" (id));
        COMMENT ON TABLE "café 世界" IS 'ünïcödé & <friends>';
    """)
    text = render_svg(model, auto_layout(model))
    root = ET.fromstring(text)
    tables = drawn_tables(root)
    assert set(tables) == {"public.<&>\"'", "public.café 世界"}
    assert texts(tables["public.<&>\"'"])[:2] == ["<&>\"'", "id"]
    assert 'naïve "col" <b>' in texts(tables["public.<&>\"'"])
    assert tables["public.café 世界"].findtext(f"{SVG}title") == "public.café 世界 — ünïcödé & <friends>"
    assert "<b>" not in text


def test_characters_xml_cannot_carry_are_dropped():
    model = model_of("CREATE TABLE t (id int PRIMARY KEY); COMMENT ON TABLE t IS E'bell\\x07 and nul-free';")
    root = render(model)
    assert drawn_tables(root)["public.t"].findtext(f"{SVG}title") == "public.t — bell and nul-free"


def test_header_colours_are_used_and_values_that_are_not_hex_colours_are_refused():
    root = render(
        model_of(BLOG), colors={"public.users": "#ffcc00", "public.posts": "url(https://evil.example/x)"}
    )
    tables = drawn_tables(root)

    def header_fill(key: str) -> str | None:
        return tables[key].findall(f"{SVG}rect")[1].get("fill")

    assert header_fill("public.users") == "#ffcc00"
    assert header_fill("public.posts") == DEFAULT_HEADER_COLOR
    # Dark text on the light header, white on the default dark one.
    assert tables["public.users"].find(f"{SVG}text").get("fill") == "#0f172a"  # type: ignore[union-attr]
    assert tables["public.posts"].find(f"{SVG}text").get("fill") == "#ffffff"  # type: ignore[union-attr]


def test_edge_ends_show_the_cardinality_of_the_key():
    by_key = {edge.get("data-foreign-key"): edge for edge in edges(render(model_of(BLOG)))}
    author, editor = by_key["posts_author_id_fkey"], by_key["posts_editor_id_fkey"]
    profile, tag = by_key["profiles_user_id_fkey"], by_key["post_tags_post_id_fkey"]
    assert author.get("marker-start") == "url(#zero-or-many)"
    assert author.get("marker-end") == "url(#exactly-one)"
    assert editor.get("marker-end") == "url(#optional-one)"
    assert profile.get("marker-start") == "url(#zero-or-one)"
    # A key that is part of the child's primary key is identifying: a solid line.
    assert tag.get("stroke-dasharray") is None
    assert author.get("stroke-dasharray") is not None


def test_an_edge_leaves_from_the_key_row_of_the_child():
    model = model_of(BLOG)
    positions = auto_layout(model)
    root = ET.fromstring(render_svg(model, positions))
    author = next(edge for edge in edges(root) if edge.get("data-foreign-key") == "posts_author_id_fkey")
    start_y = float(author.attrib["d"].split()[2])
    posts = positions["public.posts"]
    assert posts.y + HEADER_HEIGHT + 20 < start_y < posts.y + HEADER_HEIGHT + 40  # the second row: author_id


def test_an_empty_diagram_is_still_a_valid_picture():
    root = ET.fromstring(render_svg(model_of("CREATE TABLE t (id int);"), {}))
    assert drawn_tables(root) == {}
    assert float(root.attrib["width"]) > 0
