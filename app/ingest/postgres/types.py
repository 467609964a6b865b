"""Type names spelled the way PostgreSQL's ``format_type`` prints them, so ``int4``,
``INT`` and ``integer`` are one type, and ``varchar(20)`` is ``character varying(20)``."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from pglast import ast

from app.ingest.postgres.names import quote_ident, quote_qualified
from app.ingest.postgres.statements import Statement

SERIAL_TYPES = {
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
}

# Types whose name alone says it all; ``"char"`` is the one-byte internal type, not character.
_PLAIN = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "char": '"char"',
    **SERIAL_TYPES,
}
_WITH_LENGTH = {
    "varchar": "character varying",
    "bpchar": "character",
    "bit": "bit",
    "varbit": "bit varying",
}
_DATETIME = {
    "timestamp": ("timestamp", "without time zone"),
    "timestamptz": ("timestamp", "with time zone"),
    "time": ("time", "without time zone"),
    "timetz": ("time", "with time zone"),
}
# Interval field masks of src/include/utils/datetime.h, as the typmod carries them; the
# full range (0x7FFF, a plain ``interval``) prints no fields.
_INTERVAL_FIELDS = {
    1 << 2: "year",
    1 << 1: "month",
    1 << 3: "day",
    1 << 10: "hour",
    1 << 11: "minute",
    1 << 12: "second",
    (1 << 2) | (1 << 1): "year to month",
    (1 << 3) | (1 << 10): "day to hour",
    (1 << 3) | (1 << 10) | (1 << 11): "day to minute",
    (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12): "day to second",
    (1 << 10) | (1 << 11): "hour to minute",
    (1 << 10) | (1 << 11) | (1 << 12): "hour to second",
    (1 << 11) | (1 << 12): "minute to second",
}
# pg_catalog types format_type prints unqualified (besides those above). Word lists read
# best as text, hence split() rather than a literal of a hundred strings.
BUILTIN_TYPES = frozenset(
    """aclitem bigint bit boolean box bytea character cid cidr circle cstring date datemultirange
    daterange event_trigger fdw_handler gtsvector index_am_handler inet int2vector int4multirange
    int4range int8multirange int8range integer internal interval json jsonb jsonpath
    language_handler line lseg macaddr macaddr8 money name numeric nummultirange numrange oid
    oidvector path pg_lsn pg_node_tree pg_snapshot point polygon real record refcursor regclass
    regcollation regconfig regdictionary regnamespace regoper regoperator regproc regprocedure
    regrole regtype smallint table_am_handler text tid trigger tsm_handler tsmultirange tsquery
    tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown uuid void xid xid8 xml anyarray
    anycompatible anycompatiblearray anycompatiblemultirange anycompatiblenonarray
    anycompatiblerange anyelement anyenum anymultirange anynonarray anyrange""".split()  # noqa: SIM905
)

# Where a column's type ends in a column definition, ALTER COLUMN TYPE or CREATE DOMAIN.
_AFTER_TYPE = frozenset(
    """ASCII_44 ASCII_41 ASCII_59 COLLATE DEFAULT NOT NULL_P CONSTRAINT PRIMARY UNIQUE CHECK
    REFERENCES GENERATED STORAGE COMPRESSION USING DEFERRABLE INITIALLY OPTIONS""".split()  # noqa: SIM905
)

SchemaResolver = Callable[[str], str]


def format_type(type_name: ast.TypeName, resolve_schema: SchemaResolver, *, with_typmod: bool = True) -> str:
    """``resolve_schema`` names the schema of an unqualified type that is not built in."""
    names = [str(part.sval) for part in type_name.names or ()]
    if type_name.pct_type:
        return ".".join(names) + "%TYPE"
    if len(names) == 2 and names[0] == "pg_catalog":
        names = names[1:]
    typmods = _typmods(type_name) if with_typmod else []
    if len(names) > 1:
        text = ".".join(quote_ident(part) for part in names) + _suffix(typmods)
    else:
        text = _builtin(names[0], typmods) or (
            quote_qualified(resolve_schema(names[0]), names[0]) + _suffix(typmods)
        )
    return text + ("[]" if type_name.arrayBounds else "")


def is_serial(type_name: ast.TypeName) -> bool:
    names = [part.sval for part in type_name.names or ()]
    return len(names) == 1 and names[0] in SERIAL_TYPES and not type_name.arrayBounds


# Words the type cannot contain (it ends before them), as written.
_WORDS_AFTER_TYPE = frozenset(
    name.removesuffix("_P") for name in _AFTER_TYPE if not name.startswith("ASCII_")
)
_PLAIN_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*")


def written_type(statement: Statement, type_name: ast.TypeName, end: int | None = None) -> str:
    """The type as the source spells it (case kept), rebuilt from its tokens so spacing and
    comments inside it make no difference: ``VARCHAR ( 255 )`` reads ``VARCHAR(255)``.

    ``end``, when the caller knows it, is where in the tree's positions something else
    begins after the type (a constraint, the next column). Most types are then plain words
    (``text``, ``timestamp with time zone``, ``public.mood``), read without the lexer."""
    start = (type_name.location or 0) - statement.tree_base
    if end is not None:
        words = statement.text[start : end - statement.tree_base].rstrip().removesuffix(",").split()
        if words and all(_is_plain_word(word) for word in words):
            return " ".join(words)
    parts: list[str] = []
    depth = 0
    previous_is_word = False
    tokens = statement.tokens
    # Tokens are in source order: start at the type rather than walking the statement up to
    # it for each column, which made wide tables quadratic.
    for token in tokens[bisect.bisect_left(tokens, start, key=lambda token: token.start) :]:
        if token.name in ("C_COMMENT", "SQL_COMMENT"):
            continue
        if depth == 0 and token.name in _AFTER_TYPE:
            break
        depth += {"ASCII_40": 1, "ASCII_41": -1}.get(token.name, 0)
        is_word = not token.name.startswith("ASCII_")
        # Words are kept apart, as is a word after a closing parenthesis:
        # ``TIMESTAMP(3) WITH TIME ZONE``.
        if parts and is_word and (previous_is_word or parts[-1] == ")"):
            parts.append(" ")
        parts.append(statement.text[token.start : token.end + 1])
        previous_is_word = is_word
    return "".join(parts)


def _is_plain_word(word: str) -> bool:
    return _PLAIN_WORD.fullmatch(word) is not None and word.upper() not in _WORDS_AFTER_TYPE


def _builtin(name: str, typmods: list[str]) -> str | None:
    if name in _PLAIN:
        return _PLAIN[name]
    if name in _WITH_LENGTH:
        if name == "bpchar" and not typmods:
            return "bpchar"  # character without a length limit, which only casts produce
        return _WITH_LENGTH[name] + _suffix(typmods)
    if name in ("numeric", "decimal"):
        return "numeric" + _suffix([*typmods, "0"] if len(typmods) == 1 else typmods)
    if name in _DATETIME:
        base, zone = _DATETIME[name]
        return f"{base}{_suffix(typmods)} {zone}"
    if name == "interval":
        return _interval(typmods)
    return name if name in BUILTIN_TYPES else None


def _interval(typmods: list[str]) -> str:
    fields = _INTERVAL_FIELDS.get(int(typmods[0])) if typmods and typmods[0].isdigit() else None
    precision = f"({typmods[1]})" if len(typmods) > 1 else ""
    return "interval" + (f" {fields}" if fields else "") + precision


def _suffix(typmods: list[str]) -> str:
    return f"({','.join(typmods)})" if typmods else ""


def _typmods(type_name: ast.TypeName) -> list[str]:
    values: list[str] = []
    for typmod in type_name.typmods or ():
        value = typmod.val if isinstance(typmod, ast.A_Const) else None
        if isinstance(value, ast.Integer):
            values.append(str(value.ival))
        elif isinstance(value, ast.Float):
            values.append(str(value.fval))
        elif isinstance(value, ast.String):
            values.append(str(value.sval))
        elif isinstance(typmod, ast.ColumnRef):
            values.append(".".join(str(getattr(field, "sval", "*")) for field in typmod.fields or ()))
    return values
