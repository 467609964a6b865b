"""Indexes: CREATE INDEX, MySQL's inline KEY / FULLTEXT / SPATIAL, SQL Server's inline INDEX,
and the statement each is printed as (``Index.definition``, which the export also writes).

MySQL keeps a unique index and a unique constraint as one object (a UNIQUE KEY is listed in
``TABLE_CONSTRAINTS``), so a MySQL unique index on plain columns is read as a unique
constraint, however it was written. SQLite and SQL Server keep them apart, as PostgreSQL does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from app.ingest.dialects import names
from app.ingest.dialects.catalog import Context
from app.ingest.model import Index, Table, UniqueConstraint
from app.models.enums import SqlDialect

_DEFAULT_METHOD = {SqlDialect.MYSQL: "btree", SqlDialect.SQLITE: "btree", SqlDialect.MSSQL: "nonclustered"}


@dataclass(frozen=True)
class KeyPart:
    # A column's name, or an expression's text.
    text: str
    is_column: bool = True
    # MySQL's prefix length: a(10).
    length: str | None = None
    descending: bool = False
    collation: str | None = None

    @property
    def label(self) -> str:
        """The key as ``Index.columns`` lists it."""
        return f"{self.text}({self.length})" if self.length else self.text


def column_names(nodes: Iterable[exp.Expr]) -> list[str]:
    """The column names of a key list: ``a``, ``[a] DESC``, MySQL's prefix ``a(10)``."""
    found = []
    for node in nodes:
        while isinstance(node, exp.Ordered | exp.ColumnPrefix):
            node = node.this
        found.append(node.name)
    return found


def key_parts(nodes: Iterable[exp.Expr], ctx: Context) -> list[KeyPart]:
    parts = []
    for node in nodes:
        descending = isinstance(node, exp.Ordered) and bool(node.args.get("desc"))
        node = node.this if isinstance(node, exp.Ordered) else node
        collation = None
        if isinstance(node, exp.Collate):
            collation, node = node.expression.name, node.this
        if isinstance(node, exp.ColumnPrefix):
            parts.append(KeyPart(node.this.name, length=node.expression.name, descending=descending))
        elif isinstance(node, exp.Column | exp.Identifier):
            parts.append(KeyPart(node.name, descending=descending, collation=collation))
        else:
            parts.append(KeyPart(ctx.text(node), is_column=False, descending=descending, collation=collation))
    return parts


def add_key_index(table: Table, node: exp.IndexColumnConstraint, ctx: Context) -> None:
    """MySQL's KEY / INDEX / FULLTEXT / SPATIAL, or SQL Server's INDEX, inside CREATE TABLE."""
    parts = key_parts(node.expressions, ctx)
    kind = str(node.args.get("kind") or "").upper().split()
    using = node.args.get("index_type") or next(
        (option.args["using"] for option in node.args.get("options") or () if option.args.get("using")), None
    )
    if ctx.dialect == SqlDialect.MSSQL:
        method = "clustered" if "CLUSTERED" in kind else "nonclustered"
    else:
        method = " ".join(kind).lower() or str(using or "btree").lower()
    name = node.name or names.index_name(table, (part.text for part in parts))
    add_index(table, Index(name=name, columns=[], unique="UNIQUE" in kind, method=method), parts, ctx)


def create_index(node: exp.Create, ctx: Context) -> None:
    index = node.this
    assert isinstance(index, exp.Index), "CREATE INDEX creates an index"
    target = index.args.get("table")
    assert isinstance(target, exp.Table), "the grammar requires ON <table>"
    table = ctx.catalog.find(ctx.key(target))
    if table is None:
        ctx.warn(f"index {index.name} is on {ctx.key(target)}, which this source does not define; skipped")
        return
    if find_index(table, index.name) is not None:
        if not node.args.get("exists"):
            ctx.warn(f"index {index.name} is defined again on {table.key}; the first definition is kept")
        return
    params = index.args.get("params") or exp.IndexParameters()
    where = params.args.get("where")
    model = Index(
        name=index.name,
        columns=[],
        unique=bool(node.args.get("unique") or index.args.get("unique")),
        method=_method(node, params, ctx),
        predicate=ctx.text(where.this) if where is not None else None,
        include=[part.name for part in params.args.get("include") or ()],
    )
    add_index(table, model, key_parts(params.args.get("columns") or (), ctx), ctx)


def _method(node: exp.Create, params: exp.IndexParameters, ctx: Context) -> str:
    if ctx.dialect == SqlDialect.MSSQL:
        kind = str(node.args.get("kind") or "").lower().removesuffix(" index").strip()
        if node.args.get("clustered") is not None:
            kind = f"{'clustered' if node.args['clustered'] else 'nonclustered'} columnstore"
        return kind if kind and kind != "index" else "nonclustered"
    using = params.args.get("using")
    return using.name.lower() if using is not None else _DEFAULT_METHOD[ctx.dialect]


def add_index(table: Table, index: Index, parts: list[KeyPart], ctx: Context) -> None:
    plain = all(part.is_column and not part.length for part in parts)
    if ctx.dialect == SqlDialect.MYSQL and index.unique and plain and index.method == "btree":
        table.unique_constraints.append(
            UniqueConstraint(name=index.name, columns=[part.text for part in parts])
        )
        return
    index.columns = [part.label for part in parts]
    index.definition = index_definition(ctx.dialect, table, index, parts)
    table.indexes.append(index)


def find_index(table: Table, name: str) -> Index | UniqueConstraint | None:
    candidates: list[Index | UniqueConstraint] = [*table.indexes, *table.unique_constraints]
    return next((item for item in candidates if item.name == name), None)


def index_definition(dialect: SqlDialect, table: Table, index: Index, parts: list[KeyPart]) -> str:
    """The index as the dialect's CREATE INDEX, with what ``columns`` leaves out: sort
    orders, collations, SQL Server's INCLUDE."""
    keys = ", ".join(_key_text(dialect, part) for part in parts)
    kind = "UNIQUE " if index.unique else ""
    if dialect == SqlDialect.MSSQL or index.method in ("fulltext", "spatial"):
        kind += f"{index.method.upper()} "
    text = f"CREATE {kind}INDEX {names.quote(dialect, index.name)} ON {names.quote_table(dialect, table)}"
    text += f" ({keys})" if parts else ""
    if dialect == SqlDialect.MYSQL and index.method not in ("btree", "fulltext", "spatial"):
        text += f" USING {index.method.upper()}"
    if index.include:
        text += f" INCLUDE ({', '.join(names.quote(dialect, column) for column in index.include)})"
    if index.predicate:
        text += f" WHERE {index.predicate}"
    return text


def _key_text(dialect: SqlDialect, part: KeyPart) -> str:
    if not part.is_column:
        text = f"({part.text})" if dialect == SqlDialect.MYSQL else part.text
    else:
        text = names.quote(dialect, part.text) + (f"({part.length})" if part.length else "")
    if part.collation:
        text += f" COLLATE {part.collation}"
    return text + (" DESC" if part.descending else "")
