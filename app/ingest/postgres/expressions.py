"""Expressions printed back to SQL from their syntax tree, so whitespace, comments and
keyword case never show in the model. Casts use PostgreSQL's own ``value::type`` spelling and
column defaults follow what ``pg_get_expr`` prints for the common forms (literals, casts,
``nextval``), which keeps ``DEFAULT 'x'`` and ``DEFAULT 'x'::text`` one and the same."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from pglast import ast, enums, parse_sql
from pglast.parser import ParseError
from pglast.stream import RawStream
from pglast.visitors import Ancestor

from app.ingest.postgres.names import parse_qualified_name

TypeFormatter = Callable[[ast.TypeName], str]

_BOOLEAN_WORDS = {
    **dict.fromkeys(("t", "tr", "tru", "true", "y", "ye", "yes", "on", "1"), "true"),
    **dict.fromkeys(("f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0"), "false"),
}


class _PostgresStyleStream(RawStream):
    def __init__(self, format_type: TypeFormatter) -> None:
        super().__init__()
        self._format_type = format_type

    def print_node(self, node: Any, is_name: bool = False, is_symbol: bool = False) -> None:
        if isinstance(node, ast.TypeCast) and node.typeName is not None and node.arg is not None:
            self.print_c_expr(node.arg)
            self.write("::" + self._format_type(node.typeName))
            self.separator()
        elif isinstance(node, ast.A_Const) and isinstance(node.val, ast.Boolean):
            self.write("true" if node.val.boolval else "false")
            self.separator()
        else:
            super().print_node(node, is_name=is_name, is_symbol=is_symbol)


# Column defaults repeat across a schema (now(), gen_random_uuid(), 'draft'::status): what
# is printed for a call without arguments, or for a string literal, depends on nothing else,
# so it is kept. Bounded: distinct literals are as many as a script has.
_KEPT_PRINTS = 4096
_printed: dict[tuple[Any, ...], str] = {}


def deparse(node: ast.Node, format_type: TypeFormatter) -> str:
    """The expression as SQL, the way ``_PostgresStyleStream(format_type)(node)`` prints it."""
    if isinstance(node, ast.TypeCast) and node.typeName and (value := _string_value(node.arg)) is not None:
        literal = _kept(node.arg, ("string", value), format_type)  # type: ignore[arg-type]
        return literal + "::" + format_type(node.typeName)
    if isinstance(node, ast.FuncCall) and not (node.args or node.agg_order or node.agg_filter or node.over):
        names = tuple(part.sval for part in node.funcname or ())
        flags = (node.agg_within_group, node.agg_star, node.agg_distinct, node.func_variadic, node.funcformat)
        return _kept(node, ("call", names, *flags), format_type)
    return _print(node, format_type)


def _string_value(node: ast.Node | None) -> str | None:
    """The value of a string literal; None for anything else."""
    if isinstance(node, ast.A_Const) and not node.isnull and isinstance(node.val, ast.String):
        return str(node.val.sval)
    return None


def _kept(node: ast.Node, key: tuple[Any, ...], format_type: TypeFormatter) -> str:
    if (text := _printed.get(key)) is None:
        if len(_printed) >= _KEPT_PRINTS:
            _printed.clear()
        text = _printed[key] = _print(node, format_type)
    return text


def _print(node: ast.Node, format_type: TypeFormatter) -> str:
    """What ``RawStream()(node)`` prints. Printers read each node's ancestors, which
    ``RawStream`` fills in with a visitor class it makes afresh on every call (most of the
    cost of printing a small expression); they are filled in here the same way, directly."""
    tree = (node,)
    _populate_ancestors(tree)
    stream = _PostgresStyleStream(format_type)
    stream.print_node(node)
    return stream.getvalue()


def _populate_ancestors(tree: tuple[ast.Node, ...]) -> None:
    """``pglast.visitors.populate_ancestors``: each node's chain of (container, member)
    from the root tuple down to it."""
    todo: deque[tuple[Ancestor, Any]] = deque([(Ancestor(), tree)])
    while todo:
        ancestors, node = todo.popleft()
        if isinstance(node, tuple):
            for index, item in enumerate(node):
                if isinstance(item, tuple | ast.Node):
                    todo.append((ancestors / (node, index), item))
            continue
        node.ancestors = ancestors
        for member in node:
            value = getattr(node, member)
            if isinstance(value, tuple | ast.Node):
                todo.append((ancestors / (node, member), value))


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def is_null(node: ast.Node) -> bool:
    if isinstance(node, ast.TypeCast):
        return node.arg is not None and is_null(node.arg)
    return isinstance(node, ast.A_Const) and bool(node.isnull)


def nextval_sequence(node: ast.Node) -> list[str] | None:
    """The sequence name parts of ``nextval('name')`` / ``nextval('name'::regclass)``."""
    arguments = node.args or () if isinstance(node, ast.FuncCall) else ()
    if len(arguments) != 1 or not isinstance(node, ast.FuncCall):
        return None
    if [part.sval for part in node.funcname or ()] not in (["nextval"], ["pg_catalog", "nextval"]):
        return None
    argument = arguments[0]
    if isinstance(argument, ast.TypeCast):
        argument = argument.arg
    if isinstance(argument, ast.A_Const) and isinstance(argument.val, ast.String):
        return parse_qualified_name(str(argument.val.sval))
    return None


def literal_default(constant: ast.A_Const, type_label: str) -> str:
    """How PostgreSQL prints a literal default once coerced to the column's type
    (``get_const_expr``): int4 and decimal numbers bare, booleans as words, the rest quoted
    and labelled with the type."""
    value = constant.val
    if isinstance(value, ast.Boolean):
        return "true" if value.boolval else "false"
    if isinstance(value, ast.Integer):
        number = value.ival or 0
        return str(number) if number >= 0 else f"'{number}'::integer"
    if isinstance(value, ast.Float):
        text = str(value.fval)
        if not any(mark in text for mark in ".eE"):
            return f"'{text}'::bigint" if abs(int(text)) < 2**63 else f"'{text}'::numeric"
        return _numeric_text(text) or f"{quote_literal(text)}::numeric"
    if not isinstance(value, ast.String):
        return str(value)
    text = str(value.sval)
    if type_label == "integer" and text.strip().lstrip("+-").isdigit():
        number = int(text.strip())
        return str(number) if number >= 0 else f"'{number}'::integer"
    if type_label == "numeric" and (numeric := _numeric_text(text.strip())):
        return numeric
    if type_label == "boolean" and text.strip().lower() in _BOOLEAN_WORDS:
        return _BOOLEAN_WORDS[text.strip().lower()]
    return f"{quote_literal(text)}::{type_label}"


def _numeric_text(text: str) -> str | None:
    """numeric_out of ``text`` when PostgreSQL prints it bare: it starts with a digit and
    shows a decimal point."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    printed = format(number, "f")
    return printed if printed[:1].isdigit() and "." in printed else None


def figure_colname(node: ast.Node | None) -> str | None:
    """FigureColname: the name PostgreSQL gives an unaliased select item or index key."""
    if isinstance(node, ast.ColumnRef):
        last = (node.fields or ())[-1]
        return str(last.sval) if isinstance(last, ast.String) else None
    if isinstance(node, ast.A_Indirection):
        names = [item.sval for item in node.indirection or () if isinstance(item, ast.String)]
        return str(names[-1]) if names else figure_colname(node.arg)
    if isinstance(node, ast.FuncCall):
        return str((node.funcname or ())[-1].sval)
    if isinstance(node, ast.TypeCast):
        type_names = node.typeName.names if node.typeName else None
        return figure_colname(node.arg) or (str(type_names[-1].sval) if type_names else None)
    if isinstance(node, ast.CollateClause):
        return figure_colname(node.arg)
    if isinstance(node, ast.SubLink):
        return _sublink_colname(node)
    if isinstance(node, ast.MinMaxExpr):
        return "greatest" if node.op == enums.MinMaxOp.IS_GREATEST else "least"
    if isinstance(node, ast.SQLValueFunction) and node.op is not None:
        return enums.SQLValueFunctionOp(node.op).name.removeprefix("SVFOP_").lower()
    if isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_NULLIF:
        return "nullif"
    fixed = {ast.CaseExpr: "case", ast.A_ArrayExpr: "array", ast.RowExpr: "row", ast.CoalesceExpr: "coalesce"}
    return fixed.get(type(node))


def _sublink_colname(node: ast.SubLink) -> str | None:
    if node.subLinkType == enums.SubLinkType.EXISTS_SUBLINK:
        return "exists"
    if node.subLinkType == enums.SubLinkType.ARRAY_SUBLINK:
        return "array"
    select = node.subselect
    if isinstance(select, ast.SelectStmt) and select.targetList:
        target = select.targetList[0]
        return str(target.name) if target.name else figure_colname(target.val)
    return None


def key_text(node: ast.Node, format_type: TypeFormatter) -> str:
    """An index or partition key expression as pg_get_indexdef prints it: bare when it
    looks like a function call, else in parentheses."""
    text = deparse(node, format_type)
    function_like = (ast.FuncCall, ast.CoalesceExpr, ast.MinMaxExpr, ast.SQLValueFunction, ast.XmlExpr)
    nullif = isinstance(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_NULLIF
    return text if isinstance(node, function_like) or nullif else f"({text})"


def referenced_columns(node: ast.Node | None) -> set[str]:
    """Names of the columns an expression mentions (the last part of each reference)."""
    return {
        str(fields[-1].sval)
        for item in walk(node)
        if isinstance(item, ast.ColumnRef)
        and (fields := item.fields or ())
        and isinstance(fields[-1], ast.String)
    }


def expression_columns(text: str) -> set[str]:
    """The columns an expression the model holds as text mentions."""
    try:
        statement = parse_sql(f"SELECT {text}")[0].stmt
    except ParseError:
        return set()
    return referenced_columns(statement)


def walk(node: Any) -> Iterator[ast.Node]:
    if isinstance(node, tuple):
        for item in node:
            yield from walk(item)
    elif isinstance(node, ast.Node):
        yield node
        for attribute in node:
            yield from walk(getattr(node, attribute))
