"""Reading a MySQL/MariaDB, SQLite or SQL Server script into the canonical model, statement by
statement, with sqlglot's parser (extended in ``grammar``).

Statements that carry schema (CREATE / ALTER / DROP of tables, views and indexes, RENAME
TABLE, CREATE SCHEMA) are parsed and applied in order. The rest (data, session settings, USE,
routines, triggers, grants, PRAGMA, transactions, client commands) are counted by kind and
skipped, most without being parsed, which matters for dumps of many thousands of INSERTs. A
syntax error in a DDL statement stops a strict read, with where it is; in lenient mode the
statement is skipped with a warning. A statement of any other kind never stops the read.
"""

from __future__ import annotations

from collections import Counter

from sqlglot import exp
from sqlglot.errors import ParseError as SqlglotParseError
from sqlglot.errors import SqlglotError

from app.ingest.dialects import alter, indexes, tables, views
from app.ingest.dialects.catalog import Catalog, Context
from app.ingest.dialects.finalize import build_model
from app.ingest.dialects.grammar import ERROR_OFFSET, parser
from app.ingest.dialects.scripts import split_script
from app.ingest.dialects.source import Source, Statement
from app.ingest.errors import ParseError
from app.ingest.result import ParseResult
from app.models.enums import SqlDialect

# Statements whose syntax errors stop a strict read: the ones that define schema.
_DDL_VERBS = frozenset({"CREATE", "ALTER", "DROP", "RENAME"})
# Statements known by their first word to carry no schema, by the kind they are counted as.
_SKIPPED_VERBS = {
    "INSERT": "insert",
    "REPLACE": "insert",
    "UPDATE": "update",
    "DELETE": "delete",
    "MERGE": "merge",
    "SELECT": "select",
    "WITH": "select",
    "SET": "set",
    "RESET": "set",
    "USE": "use",
    "GRANT": "grant",
    "REVOKE": "grant",
    "DENY": "grant",
    "LOCK": "lock",
    "UNLOCK": "lock",
    "BEGIN": "transaction",
    "START": "transaction",
    "COMMIT": "transaction",
    "ROLLBACK": "transaction",
    "END": "transaction",
    "SAVEPOINT": "transaction",
    "RELEASE": "transaction",
    "PRAGMA": "pragma",
    "EXEC": "execute",
    "EXECUTE": "execute",
    "CALL": "execute",
    "PRINT": "print",
    "DECLARE": "declare",
    "IF": "control flow",
    "WHILE": "control flow",
    "RAISERROR": "control flow",
    "THROW": "control flow",
    "RETURN": "control flow",
    "WAITFOR": "control flow",
    "TRUNCATE": "truncate",
    "ANALYZE": "maintenance",
    "VACUUM": "maintenance",
    "REINDEX": "maintenance",
    "OPTIMIZE": "maintenance",
    "CHECKPOINT": "maintenance",
    "DBCC": "maintenance",
    "FLUSH": "maintenance",
    "ATTACH": "attach",
    "DETACH": "attach",
    "LOAD": "load",
    "SHOW": "show",
    "EXPLAIN": "show",
    "DESCRIBE": "show",
}
# The object of a CREATE / ALTER / DROP: its first word from this set.
_OBJECTS = frozenset(
    {
        "TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA", "PROCEDURE", "PROC", "FUNCTION", "TRIGGER",
        "EVENT", "TYPE", "SEQUENCE", "SYNONYM", "USER", "ROLE", "LOGIN", "TABLESPACE", "SERVER",
        "STATISTICS", "ASSEMBLY", "AGGREGATE", "RULE",
    }
)  # fmt: skip
_READ_OBJECTS = {
    "CREATE": ("TABLE", "VIEW", "INDEX", "SCHEMA"),
    "ALTER": ("TABLE",),
    "DROP": ("TABLE", "VIEW", "INDEX"),
}
_KIND_NAMES = {"PROC": "procedure", "SCHEMA": "database", "DATABASE": "database"}


def parse_dialect_sql(source: str, dialect: SqlDialect, *, lenient: bool = False) -> ParseResult:
    if dialect == SqlDialect.POSTGRES:
        raise ValueError("PostgreSQL scripts are read by app.ingest.postgres.parse_postgres")
    # Editors on Windows start files with a byte order mark; a space keeps every position.
    source = " " + source[1:] if source.startswith("\ufeff") else source
    script = split_script(source, dialect)
    catalog = Catalog(dialect=dialect)
    reader = _Reader(catalog, Source(script.text), lenient=lenient)
    for statement in script.statements:
        reader.read(statement)
    return ParseResult(
        model=build_model(catalog),
        warnings=list(catalog.warnings),
        skipped=dict(sorted(reader.skipped.items())),
        statements=len(script.statements),
    )


class _Reader:
    def __init__(self, catalog: Catalog, source: Source, *, lenient: bool) -> None:
        self.catalog = catalog
        self.source = source
        self.lenient = lenient
        self.skipped: Counter[str] = Counter()

    def read(self, statement: Statement) -> None:
        if statement.client_command:
            self.skipped[statement.client_command] += 1
            return
        if statement.unclosed_at is not None:
            self._syntax_error(statement, "a quote or comment is not closed", statement.unclosed_at)
            return
        skipped_as = _skipped_kind(statement, self.catalog.dialect)
        if skipped_as is not None:
            self.skipped[skipped_as] += 1
            if skipped_as != "use":
                return
        try:
            parsed = parser(self.catalog.dialect).parse(list(statement.tokens), self.source.text)
        except SqlglotParseError as error:
            details = error.errors[0] if error.errors else {}
            offset = int(details.get(ERROR_OFFSET, statement.offset))
            self._syntax_error(statement, _message(details), offset)
            return
        except SqlglotError as error:
            self._syntax_error(statement, str(error), statement.offset)
            return
        context = Context(catalog=self.catalog, statement=statement, sql=self.source.text)
        for node in parsed:
            if node is not None:
                self._apply(node, context)

    def _apply(self, node: exp.Expr, ctx: Context) -> None:
        statement = ctx.statement
        if isinstance(node, exp.Use):
            if self.catalog.dialect == SqlDialect.MYSQL:
                self.catalog.database = node.this.name if node.this else None
        elif isinstance(node, exp.Create):
            self._create(node, ctx)
        elif isinstance(node, exp.Alter):
            if not alter.alter_table(node, ctx):
                self.skipped[f"alter {str(node.args.get('kind') or 'object').lower()}"] += 1
        elif isinstance(node, exp.Drop):
            if not alter.drop(node, ctx):
                self.skipped[f"drop {str(node.args.get('kind') or 'object').lower()}"] += 1
        elif isinstance(node, exp.Block):
            for inner in node.expressions:
                self._apply(inner, ctx)
        elif isinstance(node, exp.Command) and _verb(statement) in _DDL_VERBS:
            # sqlglot gave up on the statement and kept it as text.
            self._syntax_error(statement, f"unsupported {_verb(statement)} syntax", statement.offset)
        else:
            self.skipped[_verb(statement).lower() or "statement"] += 1

    def _create(self, node: exp.Create, ctx: Context) -> None:
        kind = str(node.args.get("kind") or "").upper()
        if kind == "TABLE":
            if not tables.create_table(node, ctx):
                self.skipped["temporary table"] += 1
        elif kind.endswith("INDEX"):
            indexes.create_index(node, ctx)
        elif kind == "VIEW":
            views.create_view(node, ctx)
        elif kind == "SCHEMA":
            # sqlglot keeps a schema's name where a table's schema goes.
            self.catalog.schemas.add(node.this.db or node.this.name)
        else:
            self.skipped[kind.lower() or "create"] += 1

    def _syntax_error(self, statement: Statement, message: str, offset: int) -> None:
        line, column = self.source.position(offset)
        if not self.lenient and _verb(statement) in _DDL_VERBS | {""}:
            raise ParseError(message, line=line, column=column, statement=statement.first_line)
        self.catalog.warnings.append(
            f"line {line}, column {column}: {message}; statement skipped: {statement.first_line!r}"
        )
        self.skipped["syntax error"] += 1


def _message(details: dict[str, object]) -> str:
    """sqlglot's description when it reads well ("Expecting )"), not when it names its own
    classes ("Required keyword: 'this' missing for <class ...>")."""
    message = f"syntax error at {details['highlight']!r}" if details.get("highlight") else "syntax error"
    description = str(details.get("description") or "")
    return f"{message}: {description}" if description and "<class" not in description else message


def _verb(statement: Statement) -> str:
    return statement.words(1)[0] if statement.tokens else ""


def _skipped_kind(statement: Statement, dialect: SqlDialect) -> str | None:
    """The kind a statement is counted as when its first words show it carries no schema;
    None when it is to be parsed."""
    words = statement.words(16)
    verb = words[0] if words else ""
    if verb in _SKIPPED_VERBS:
        return _SKIPPED_VERBS[verb]
    if verb == "RENAME":
        return None if words[1:2] == ["TABLE"] else "rename"
    if verb not in _READ_OBJECTS:
        return None
    target = next((word for word in words[1:] if word in _OBJECTS), None)
    if target is None:
        return None
    if verb == "CREATE" and "VIRTUAL" in words[1 : words.index(target)]:
        return "virtual table"
    if target in _READ_OBJECTS[verb] and not (target == "SCHEMA" and dialect == SqlDialect.MYSQL):
        return None
    kind = _KIND_NAMES.get(target, target.lower())
    return kind if verb == "CREATE" else f"{verb.lower()} {kind}"
