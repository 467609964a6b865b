"""Column types spelled the way each dialect's catalog spells them, so ``INTEGER`` and ``int``,
or ``NUMERIC`` and ``decimal(10,0)``, are one type.

The spelling is taken from the written tokens, not from sqlglot's ``DataType``: sqlglot maps
types onto a cross-dialect set and loses what tells them apart in their own dialect (MySQL's
``REAL`` and ``FLOAT``, SQL Server's ``real``, ``float`` and ``ntext`` all become ``FLOAT`` or
``TEXT``). sqlglot's parser still decides where a type starts and ends.

* MySQL: as ``information_schema.COLUMNS.COLUMN_TYPE`` prints it in MySQL 8 (``int``,
  ``smallint unsigned``, ``decimal(10,2)``, ``enum('G','PG')``, ``tinyint(1)`` for BOOLEAN):
  integer display widths are gone since 8.0.19, except for ``tinyint(1)`` and ZEROFILL.
* SQL Server: the name in ``sys.types`` with its length, precision or scale, defaults made
  explicit (``nvarchar(160)``, ``decimal(18,0)``, ``datetime2(7)``, ``varchar(max)``).
* SQLite: the declared type as ``PRAGMA table_info`` shows it (SQLite keeps the text), in lower
  case and single-spaced; ``""`` for a column declared without a type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlglot.tokenizer_core import Token, TokenType

from app.models.enums import SqlDialect

_MYSQL_MODIFIERS = ("UNSIGNED", "SIGNED", "ZEROFILL")
_MYSQL_SYNONYMS = {
    "INTEGER": "int",
    "INT1": "tinyint",
    "INT2": "smallint",
    "INT3": "mediumint",
    "MIDDLEINT": "mediumint",
    "INT4": "int",
    "INT8": "bigint",
    "DEC": "decimal",
    "NUMERIC": "decimal",
    "FIXED": "decimal",
    "REAL": "double",
    "DOUBLE PRECISION": "double",
    "FLOAT4": "float",
    "FLOAT8": "double",
    "CHARACTER": "char",
    "NCHAR": "char",
    "NATIONAL CHAR": "char",
    "NATIONAL CHARACTER": "char",
    "CHARACTER VARYING": "varchar",
    "CHAR VARYING": "varchar",
    "NVARCHAR": "varchar",
    "NATIONAL VARCHAR": "varchar",
    "NCHAR VARCHAR": "varchar",
    "NATIONAL CHAR VARYING": "varchar",
    "NATIONAL CHARACTER VARYING": "varchar",
    "VARCHARACTER": "varchar",
    "LONG": "mediumtext",
    "LONG VARCHAR": "mediumtext",
    "LONG VARBINARY": "mediumblob",
}
# Display widths ZEROFILL columns keep (the width of the type's largest unsigned value).
_MYSQL_INTEGER_WIDTHS = {"tinyint": "3", "smallint": "5", "mediumint": "8", "int": "10", "bigint": "20"}
_MYSQL_LENGTH_ONE = frozenset({"char", "binary", "bit"})
_MYSQL_FRACTIONAL_SECONDS = frozenset({"datetime", "timestamp", "time"})
_MYSQL_UNSIZED = frozenset({"year", "text", "blob", "tinytext", "mediumtext", "longtext"})

_TSQL_SYNONYMS = {
    "INTEGER": "int",
    "DEC": "decimal",
    "DOUBLE PRECISION": "float",
    "CHARACTER": "char",
    "CHAR VARYING": "varchar",
    "CHARACTER VARYING": "varchar",
    "NATIONAL CHAR": "nchar",
    "NATIONAL CHARACTER": "nchar",
    "NATIONAL CHAR VARYING": "nvarchar",
    "NATIONAL CHARACTER VARYING": "nvarchar",
    "NATIONAL TEXT": "ntext",
    "BINARY VARYING": "varbinary",
    "ROWVERSION": "timestamp",
}
_TSQL_LENGTH_ONE = frozenset({"char", "varchar", "nchar", "nvarchar", "binary", "varbinary"})
_TSQL_SCALE_SEVEN = frozenset({"datetime2", "time", "datetimeoffset"})


@dataclass(frozen=True)
class WrittenType:
    # The words outside parentheses, as written (``dbo``, ``.``, ``Phone``).
    words: tuple[str, ...]
    qualified: bool = False
    # Length, precision and scale as written, MAX in upper case, enum labels quoted.
    params: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """``DOUBLE PRECISION`` single-spaced, or ``dbo.Phone`` as written."""
        return "".join(self.words) if self.qualified else " ".join(" ".join(self.words).upper().split())


def read_type(tokens: Sequence[Token]) -> WrittenType:
    words: list[str] = []
    params: list[list[str]] = []
    depth = 0
    qualified = False
    for token in tokens:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                params.append([])
            continue
        if token.token_type == TokenType.R_PAREN:
            depth -= 1
            continue
        if depth:
            if token.token_type == TokenType.COMMA and depth == 1:
                params.append([])
            else:
                params[-1].append(_literal(token) if token.token_type == TokenType.STRING else token.text)
            continue
        qualified = qualified or token.token_type == TokenType.DOT
        words.append(token.text)
    return WrittenType(words=tuple(words), qualified=qualified, params=[" ".join(p) for p in params])


def _literal(token: Token) -> str:
    return "'" + token.text.replace("'", "''") + "'"


def spell(dialect: SqlDialect, written: WrittenType) -> str:
    if dialect == SqlDialect.MYSQL:
        return _mysql(written)
    if dialect == SqlDialect.MSSQL:
        return _tsql(written)
    params = f"({','.join(written.params)})" if written.params else ""
    return written.name.lower() + params


def _mysql(written: WrittenType) -> str:
    modifiers = {word.upper() for word in written.words} & set(_MYSQL_MODIFIERS)
    written_name = WrittenType(
        words=tuple(w for w in written.words if w.upper() not in _MYSQL_MODIFIERS)
    ).name
    name = _MYSQL_SYNONYMS.get(written_name, written_name.lower())
    params = list(written.params)
    zerofill = "ZEROFILL" in modifiers
    if written_name in ("BOOL", "BOOLEAN"):
        name, params = "tinyint", ["1"]
    elif name in _MYSQL_INTEGER_WIDTHS:
        if zerofill:
            params = params or [_MYSQL_INTEGER_WIDTHS[name]]
        elif not (name == "tinyint" and params == ["1"]):
            params = []
    elif name == "decimal":
        params = [*(params or ["10"]), "0"][:2]
    elif name == "float" and len(params) == 1 and params[0].isdigit():
        # FLOAT(p) picks single or double precision and keeps no parameter.
        name, params = ("float" if int(params[0]) <= 24 else "double"), []
    elif name in _MYSQL_LENGTH_ONE:
        params = params or ["1"]
    elif name in _MYSQL_UNSIZED or (name in _MYSQL_FRACTIONAL_SECONDS and params == ["0"]):
        params = []
    spelled = name + (f"({','.join(params)})" if params else "")
    if zerofill:
        return f"{spelled} unsigned zerofill"
    return f"{spelled} unsigned" if "UNSIGNED" in modifiers else spelled


def _tsql(written: WrittenType) -> str:
    if written.qualified:
        return written.name
    name = _TSQL_SYNONYMS.get(written.name, written.name.lower())
    params = [param.lower() if param.upper() == "MAX" else param for param in written.params]
    if name in ("decimal", "numeric"):
        params = [*(params or ["18"]), "0"][:2]
    elif name == "float" and params and params[0].isdigit():
        name, params = ("real" if int(params[0]) <= 24 else "float"), []
    elif name in _TSQL_LENGTH_ONE:
        params = params or ["1"]
    elif name in _TSQL_SCALE_SEVEN:
        params = params or ["7"]
    return name + (f"({','.join(params)})" if params else "")
