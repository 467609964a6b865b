"""Reading a PostgreSQL script into the canonical model, statement by statement, with
libpg_query (PostgreSQL's own parser) through pglast.

Statements that carry schema are applied in order; the rest (data, functions, triggers,
grants, session settings, psql meta-commands) are counted by kind and skipped. A syntax error
in a DDL statement stops the read in strict mode, with where it is; in lenient mode the
statement is skipped with a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from pglast import ast, parse_sql
from pglast.parser import ParseError as PglastParseError
from pglast.parser import scan

from app.ingest.errors import ParseError
from app.ingest.postgres import alter, definitions, indexes, lifecycle, policies, tables, views
from app.ingest.postgres.catalog import Catalog, Context
from app.ingest.postgres.finalize import build_model
from app.ingest.postgres.statements import Statement, StatementKind, error_index, split_statements
from app.ingest.postgres.trees import unchecked_nodes
from app.ingest.result import ParseResult

# A handler returns False when the statement turned out to carry no schema.
Handler = Callable[[Any, Context], bool | None]

_HANDLERS: dict[type[ast.Node], Handler] = {
    ast.CreateStmt: tables.create_table,
    ast.CreateForeignTableStmt: tables.create_foreign_table,
    ast.AlterTableStmt: alter.alter_table,
    ast.IndexStmt: indexes.create_index,
    ast.ViewStmt: views.create_view,
    ast.CreateTableAsStmt: views.create_table_as,
    ast.CreateEnumStmt: definitions.create_enum,
    ast.AlterEnumStmt: definitions.alter_enum,
    ast.CreateDomainStmt: definitions.create_domain,
    ast.CompositeTypeStmt: definitions.create_other_type,
    ast.CreateRangeStmt: definitions.create_other_type,
    ast.DefineStmt: definitions.define,
    ast.CreateSeqStmt: definitions.create_sequence,
    ast.AlterSeqStmt: definitions.alter_sequence,
    ast.CreateExtensionStmt: definitions.create_extension,
    ast.CommentStmt: definitions.comment_on,
    ast.CreatePolicyStmt: policies.create_policy,
    ast.AlterPolicyStmt: policies.alter_policy,
    ast.RenameStmt: lifecycle.rename,
    ast.AlterObjectSchemaStmt: lifecycle.set_schema,
    ast.DropStmt: lifecycle.drop,
}
_SKIPPED_KINDS = {
    ast.InsertStmt: "insert",
    ast.UpdateStmt: "update",
    ast.DeleteStmt: "delete",
    ast.CopyStmt: "copy",
    ast.SelectStmt: "select",
    ast.VariableSetStmt: "set",
    ast.CreateFunctionStmt: "function",
    ast.AlterFunctionStmt: "function",
    ast.CreateTrigStmt: "trigger",
    ast.GrantStmt: "grant",
    ast.GrantRoleStmt: "grant",
    ast.AlterDefaultPrivilegesStmt: "grant",
    ast.AlterOwnerStmt: "owner",
    ast.TransactionStmt: "transaction",
    ast.DoStmt: "do",
    ast.CreatedbStmt: "database",
    ast.DropdbStmt: "database",
    ast.CreateStmt: "temporary table",
}
# Statements whose syntax errors stop a strict read: the ones that define schema.
_DDL_KEYWORDS = frozenset({"CREATE", "ALTER", "DROP", "COMMENT"})
# Statements known by their first word to carry no schema: not worth building a syntax tree
# for, which matters for data dumps of many thousands of INSERTs.
_DATA_KEYWORDS = {
    "INSERT": "insert",
    "UPDATE": "update",
    "DELETE_P": "delete",
    "COPY": "copy",
    "GRANT": "grant",
    "REVOKE": "grant",
    "BEGIN_P": "transaction",
    "START": "transaction",
    "COMMIT": "transaction",
    "END_P": "transaction",
    "ROLLBACK": "transaction",
}


def parse_postgres(source: str, *, lenient: bool = False) -> ParseResult:
    # Editors on Windows start files with a byte order mark, which the lexer would reject;
    # a space keeps every position where it was.
    source = " " + source[1:] if source.startswith("\ufeff") else source
    with unchecked_nodes():
        return _read(source, lenient=lenient)


def _read(source: str, *, lenient: bool) -> ParseResult:
    catalog = Catalog()
    skipped: Counter[str] = Counter()
    count = 0
    for statement in split_statements(source):
        count += 1
        if statement.kind == StatementKind.META_COMMAND:
            skipped[str(statement.kind)] += 1
            continue
        if statement.keyword in _DATA_KEYWORDS:
            skipped[_DATA_KEYWORDS[statement.keyword]] += 1
            continue
        if (parsed := statement.parsed) is None:
            try:
                parsed = parse_sql(statement.text)
            except PglastParseError as error:
                _syntax_error(statement, error, catalog, lenient=lenient)
                skipped["syntax error"] += 1
                continue
        context = Context(catalog=catalog, statement=statement)
        for raw in parsed:
            if raw.stmt is not None:
                _apply(raw.stmt, context, skipped)
    return ParseResult(
        model=build_model(catalog),
        warnings=list(catalog.warnings),
        skipped=dict(sorted(skipped.items())),
        statements=count,
    )


def _apply(node: ast.Node, ctx: Context, skipped: Counter[str]) -> None:
    if (search_path := definitions.search_path_assignment(node)) is not None:
        ctx.catalog.search_path = search_path
    elif isinstance(node, ast.CreateSchemaStmt):
        _create_schema(node, ctx, skipped)
    elif (handler := _HANDLERS.get(type(node))) is None or handler(node, ctx) is False:
        skipped[_kind(node)] += 1


def _create_schema(node: ast.CreateSchemaStmt, ctx: Context, skipped: Counter[str]) -> None:
    """CREATE SCHEMA s CREATE TABLE t ...: unqualified elements land in the new schema."""
    name = str(node.schemaname or (node.authrole.rolename if node.authrole else ""))
    catalog = ctx.catalog
    catalog.schemas.add(name)
    outer_path = catalog.search_path
    catalog.search_path = [name, *outer_path]
    try:
        for element in node.schemaElts or ():
            _apply(element, ctx, skipped)
    finally:
        catalog.search_path = outer_path


def _kind(node: ast.Node) -> str:
    if type(node) in _SKIPPED_KINDS:
        return _SKIPPED_KINDS[type(node)]
    if isinstance(node, ast.DropStmt | ast.DefineStmt):
        object_type = node.removeType if isinstance(node, ast.DropStmt) else node.kind
        described = (
            object_type.name.removeprefix("OBJECT_").lower().replace("_", " ") if object_type else "object"
        )
        return f"drop {described}" if isinstance(node, ast.DropStmt) else described
    name = type(node).__name__.removesuffix("Stmt")
    return "".join(f" {char.lower()}" if char.isupper() else char for char in name).strip()


def _syntax_error(statement: Statement, error: PglastParseError, catalog: Catalog, *, lenient: bool) -> None:
    index = error_index(error)
    line, column = statement.position(index)
    message = str(error.args[0]) if error.args else "syntax error"
    if not lenient and _first_keyword(statement, index) in _DDL_KEYWORDS:
        raise ParseError(message, line=line, column=column, statement=statement.first_line)
    catalog.warnings.append(
        f"line {line}, column {column}: {message}; statement skipped: {statement.first_line!r}"
    )


def _first_keyword(statement: Statement, error_at: int) -> str | None:
    """The statement's first token; scanned only up to the error, which may be lexical."""
    try:
        tokens = scan(statement.text[:error_at] if error_at else statement.text)
    except PglastParseError:
        return None
    return tokens[0].name if tokens else None
