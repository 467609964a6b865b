"""Column types as data: a type's spelling is read into (base, params), then into what it can
hold, so a change of type is classified as the same type spelled differently, a widening
(every value the old type holds fits the new one unchanged), a narrowing (the reverse), or
a change (neither: ``timestamp without time zone`` → ``timestamp with time zone`` reinterprets
values, ``integer`` → ``text`` changes what clients read).

Spellings are those the canonical model stores: PostgreSQL's ``format_type`` forms
(``character varying(50)``, ``numeric(10,2)``, ``timestamp(3) without time zone``) and the
lowercase forms of the other dialects (``varchar(50)``, ``int unsigned``, ``nvarchar(max)``,
``decimal(10,2)``, ``enum('a','b')``). A few bare spellings mean different things per dialect
(``float`` is 4 bytes in MySQL and 8 in SQL Server, ``decimal`` is ``(10,0)`` in MySQL and
unbounded in PostgreSQL), so each side is read with its model's dialect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from app.models.enums import SqlDialect


class TypeChange(StrEnum):
    SAME = "same"
    WIDENED = "widened"
    NARROWED = "narrowed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class ParsedType:
    # Synonyms resolved: ``int``/``int4``/``serial`` → ``integer``, ``varchar`` → ``character varying``.
    base: str
    params: tuple[str, ...] = ()
    unsigned: bool = False
    array_dims: int = 0


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<quoted>"(?:[^"]|"")*")
      | (?P<string>'(?:[^']|'')*')
      | (?P<number>\d+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      | (?P<punct>[(),.\[\]])
    )""",
    re.VERBOSE,
)

_SYNONYMS = {
    "int": "integer",
    "int4": "integer",
    "serial": "integer",
    "serial4": "integer",
    "int2": "smallint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "int8": "bigint",
    "bigserial": "bigint",
    "serial8": "bigint",
    "bool": "boolean",
    "float4": "real",
    "float8": "double precision",
    "double": "double precision",
    "decimal": "numeric",
    "dec": "numeric",
    "varchar": "character varying",
    "char varying": "character varying",
    "char": "character",
    "bpchar": "character",
    "varbit": "bit varying",
    "timestamptz": "timestamp with time zone",
    "timetz": "time with time zone",
    "national character varying": "nvarchar",
    "national char varying": "nvarchar",
    "nchar varying": "nvarchar",
    "national character": "nchar",
    "national char": "nchar",
}

_INTEGER_BYTES = {"tinyint": 1, "smallint": 2, "mediumint": 3, "integer": 4, "bigint": 8}
_FLOAT_BYTES = {"real": 4, "double precision": 8}

_UNBOUNDED = None
# base → (family, fixed length, capacity when no length is given; None is unbounded).
# MySQL's text/blob sizes are fixed per type; elsewhere ``text``/``blob`` are unbounded.
_STRINGS: dict[str, tuple[str, bool, int | None]] = {
    "character": ("character", True, 1),
    "character varying": ("character", False, _UNBOUNDED),
    "nchar": ("character", True, 1),
    "nvarchar": ("character", False, _UNBOUNDED),
    "text": ("character", False, _UNBOUNDED),
    "ntext": ("character", False, _UNBOUNDED),
    "clob": ("character", False, _UNBOUNDED),
    "tinytext": ("character", False, 255),
    "mediumtext": ("character", False, 16_777_215),
    "longtext": ("character", False, 4_294_967_295),
    "binary": ("binary", True, 1),
    "varbinary": ("binary", False, _UNBOUNDED),
    "bytea": ("binary", False, _UNBOUNDED),
    "blob": ("binary", False, _UNBOUNDED),
    "image": ("binary", False, _UNBOUNDED),
    "tinyblob": ("binary", False, 255),
    "mediumblob": ("binary", False, 16_777_215),
    "longblob": ("binary", False, 4_294_967_295),
    "bit": ("bit", True, 1),
    "bit varying": ("bit", False, _UNBOUNDED),
}
_MYSQL_SIZED = {"text": 65_535, "blob": 65_535}
# SQL Server: only the n-types store Unicode; the other dialects store Unicode in every type.
_NATIONAL = {"nchar", "nvarchar", "ntext"}

# Fractional-second digits when none are given.
_TEMPORAL_PRECISION = {
    "timestamp without time zone": 6,
    "timestamp with time zone": 6,
    "time without time zone": 6,
    "time with time zone": 6,
    "datetime2": 7,
    "datetimeoffset": 7,
    "smalldatetime": 0,
    "timestamp": 0,
}
# SQL Server's datetime keeps milliseconds; MySQL's datetime and time default to seconds.
_MSSQL_TEMPORAL_PRECISION = {"datetime": 3, "time": 7}
_MYSQL_TEMPORAL_PRECISION = {"datetime": 0, "time": 0}
_TEMPORAL_WIDENINGS = {
    ("smalldatetime", "datetime"),
    ("smalldatetime", "datetime2"),
    ("datetime", "datetime2"),
}


@dataclass(frozen=True, slots=True)
class _Integer:
    bytes: int
    unsigned: bool

    @property
    def digits(self) -> int:
        bits = 8 * self.bytes if self.unsigned else 8 * self.bytes - 1
        return len(str(2**bits - 1))


@dataclass(frozen=True, slots=True)
class _Decimal:
    # None: unbounded (PostgreSQL's bare ``numeric``).
    integer_digits: int | None
    scale: int | None


@dataclass(frozen=True, slots=True)
class _Float:
    bytes: int


@dataclass(frozen=True, slots=True)
class _String:
    family: str
    fixed: bool
    length: int | None
    unicode: bool


@dataclass(frozen=True, slots=True)
class _Temporal:
    base: str
    precision: int


@dataclass(frozen=True, slots=True)
class _Labels:
    """MySQL's inline ``enum('a','b')`` and ``set(...)``."""

    base: str
    labels: tuple[str, ...]


_Capacity = _Integer | _Decimal | _Float | _String | _Temporal | _Labels | ParsedType


# A schema spells its types a few dozen ways, and a diff asks about every column of both
# sides (for renames, then for changes): each spelling is read once. ParsedType is frozen.
@lru_cache(maxsize=4096)
def parse_type(text: str, dialect: SqlDialect) -> ParsedType | None:
    """(base, params) of a type's spelling; None when it is not a plain type name (then only
    equal spellings are taken as the same type)."""
    tokens = _tokenize(text)
    if not tokens:
        return None
    words: list[str] = []
    params: tuple[str, ...] = ()
    unsigned, array_dims, position = False, 0, 0
    while position < len(tokens):
        kind, value = tokens[position]
        if array_dims and value != "[":
            return None  # nothing but more dimensions may follow ``[]``
        if kind in ("word", "quoted") and value in ("unsigned", "signed", "zerofill"):
            unsigned = unsigned or value == "unsigned"
        elif kind in ("word", "quoted") and words and words[-1].endswith("."):
            words[-1] += value  # the name after ``schema.``
        elif kind in ("word", "quoted"):
            words.append(value)
        elif value == "." and words and not words[-1].endswith("."):
            words[-1] += "."
        elif value == "(" and not params and words:
            read = _read_params(tokens, position + 1)
            if read is None:
                return None
            params, position = read
        elif value == "[":
            closing = position + 1
            if closing < len(tokens) and tokens[closing][0] == "number":
                closing += 1  # integer[3] is integer[] to PostgreSQL
            if tokens[closing : closing + 1] != [("punct", "]")]:
                return None
            array_dims, position = array_dims + 1, closing
        else:
            return None
        position += 1
    if not words:
        return None
    return _normalized(ParsedType(" ".join(words), params, unsigned, array_dims), dialect)


@lru_cache(maxsize=4096)
def type_identity(text: str, dialect: SqlDialect) -> object:
    """Equal for two spellings of one type (``int``, ``integer``, ``int(11)``), across dialects."""
    parsed = parse_type(text, dialect)
    if parsed is None:
        return text
    return (parsed.base, parsed.array_dims, _capacity(parsed, dialect))


def classify_type_change(
    before: str, after: str, *, before_dialect: SqlDialect, after_dialect: SqlDialect
) -> TypeChange:
    old, new = parse_type(before, before_dialect), parse_type(after, after_dialect)
    if old is None or new is None:
        return TypeChange.SAME if before == after else TypeChange.CHANGED
    if type_identity(before, before_dialect) == type_identity(after, after_dialect):
        return TypeChange.SAME
    if old.array_dims != new.array_dims:
        return TypeChange.CHANGED
    old_capacity, new_capacity = _capacity(old, before_dialect), _capacity(new, after_dialect)
    if _widens(old_capacity, new_capacity):
        return TypeChange.WIDENED
    if _widens(new_capacity, old_capacity):
        return TypeChange.NARROWED
    return TypeChange.CHANGED


def _tokenize(text: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    text, position = text.strip(), 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            return None
        value = match.group(match.lastgroup)
        # Bare words are case-insensitive; quoted names and literals keep their case.
        tokens.append((match.lastgroup, value.lower() if match.lastgroup == "word" else value))
        position = match.end()
    return tokens


def _read_params(tokens: list[tuple[str, str]], start: int) -> tuple[tuple[str, ...], int] | None:
    """The comma-separated parameters after ``(`` at ``start``, and the position of ``)``."""
    params: list[str] = []
    current: list[str] = []
    for position in range(start, len(tokens)):
        kind, value = tokens[position]
        if kind == "punct" and value in (",", ")"):
            if not current:
                return None
            params.append(" ".join(current))
            current = []
            if value == ")":
                return tuple(params), position
        elif kind == "punct":
            return None
        else:
            current.append(value)
    return None


def _normalized(parsed: ParsedType, dialect: SqlDialect) -> ParsedType:
    base = _SYNONYMS.get(parsed.base, parsed.base)
    params = parsed.params
    if base == "bit" and dialect is SqlDialect.MSSQL:
        base = "boolean"
    if base == "float":
        # float(p): single precision up to 24 bits of mantissa. MySQL's float(M,D) is single.
        if len(params) == 1 and params[0].isdigit():
            base = "real" if int(params[0]) <= 24 else "double precision"
        else:
            base = "real" if params or dialect is SqlDialect.MYSQL else "double precision"
    if base in _INTEGER_BYTES or base in _FLOAT_BYTES:
        # MySQL's int(11) is a display width, not a range.
        params = ()
    return ParsedType(base, params, parsed.unsigned, parsed.array_dims)


def _capacity(parsed: ParsedType, dialect: SqlDialect) -> _Capacity:
    base, params = parsed.base, parsed.params
    if base in _INTEGER_BYTES:
        # SQL Server's tinyint is 0..255.
        unsigned = parsed.unsigned or (base == "tinyint" and dialect is SqlDialect.MSSQL)
        return _Integer(_INTEGER_BYTES[base], unsigned)
    if base in _FLOAT_BYTES:
        return _Float(_FLOAT_BYTES[base])
    if base in _STRINGS:
        return _string(base, params, dialect) or parsed
    if base in ("enum", "set") and params and all(param.startswith("'") for param in params):
        return _Labels(base, params)
    if not all(param.isdigit() for param in params):
        return parsed
    numbers = [int(param) for param in params]
    if base == "numeric":
        return _decimal(numbers, dialect) or parsed
    precision = _temporal_precision(base, dialect)
    if precision is not None and len(numbers) <= 1:
        return _Temporal(base, numbers[0] if numbers else precision)
    return parsed


def _decimal(numbers: list[int], dialect: SqlDialect) -> _Decimal | None:
    if not numbers:
        default = {SqlDialect.MYSQL: (10, 0), SqlDialect.MSSQL: (18, 0)}.get(dialect)
        return _Decimal(None, None) if default is None else _Decimal(default[0], default[1])
    if len(numbers) > 2:
        return None
    precision, scale = numbers[0], numbers[1] if len(numbers) == 2 else 0
    return _Decimal(precision - scale, scale)


def _string(base: str, params: tuple[str, ...], dialect: SqlDialect) -> _String | None:
    family, fixed, length = _STRINGS[base]
    if dialect is SqlDialect.MYSQL and base in _MYSQL_SIZED:
        length = _MYSQL_SIZED[base]
    if not fixed and dialect is SqlDialect.MSSQL and base in ("character varying", "nvarchar", "varbinary"):
        length = 1  # SQL Server's bare varchar is varchar(1)
    if params == ("max",):
        length = _UNBOUNDED
    elif len(params) == 1 and params[0].isdigit():
        length = int(params[0])
    elif params:
        return None
    unicode = dialect is not SqlDialect.MSSQL or base in _NATIONAL
    return _String(family, fixed, length, unicode)


def _temporal_precision(base: str, dialect: SqlDialect) -> int | None:
    if dialect is SqlDialect.MSSQL and base in _MSSQL_TEMPORAL_PRECISION:
        return _MSSQL_TEMPORAL_PRECISION[base]
    if base in _MYSQL_TEMPORAL_PRECISION:
        return _MYSQL_TEMPORAL_PRECISION[base]
    return _TEMPORAL_PRECISION.get(base)


def _widens(old: _Capacity, new: _Capacity) -> bool:
    """Whether every value of ``old`` is a value of ``new``, unchanged."""
    match old, new:
        case _Integer(), _Integer():
            if old.unsigned and not new.unsigned:
                return new.bytes > old.bytes
            return new.bytes >= old.bytes and (new.unsigned == old.unsigned)
        case _Integer(), _Decimal():
            return _at_least(new.integer_digits, old.digits)
        case _Decimal(), _Decimal():
            return _at_least(new.integer_digits, old.integer_digits) and _at_least(new.scale, old.scale)
        case _Float(), _Float():
            return new.bytes >= old.bytes
        case _String(), _String():
            return (
                old.family == new.family
                # Padding to a fixed length would change the values of a varying type.
                and (old.fixed or not new.fixed)
                and (new.unicode or not old.unicode)
                and _at_least(new.length, old.length)
            )
        case _Temporal(), _Temporal():
            same_or_wider = old.base == new.base or (old.base, new.base) in _TEMPORAL_WIDENINGS
            return same_or_wider and new.precision >= old.precision
        case _Labels(), _Labels():
            return old.base == new.base and set(old.labels) <= set(new.labels)
    return old == new


def _at_least(new: int | None, old: int | None) -> bool:
    """``new >= old`` where None is unbounded."""
    if new is None:
        return True
    return old is not None and new >= old
