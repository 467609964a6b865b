"""DBML text to pydbml's objects, remembering where each definition starts, so that mistakes
pydbml only finds after parsing (an index on a missing column, a duplicate table) are reported
with a line and column like syntax errors are.

pydbml parses into blueprints and then builds its ``Database``, raising on the first
duplicate or unknown name. We build enums and tables ourselves from the same blueprints: a
duplicate is then a warning, as in the PostgreSQL reader, and references are left as
blueprints for ``references``, which keeps those to tables the source does not define.
Table groups, sticky notes and the project block carry nothing the model holds and are not
built, so their mistakes are not reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyparsing as pp
from pydbml import Database
from pydbml.parser.blueprints import ProjectBlueprint, StickyNoteBlueprint, TableGroupBlueprint
from pydbml.parser.parser import PyDBMLParser
from pydbml.tools import remove_bom

from app.ingest.errors import ParseError

# Definitions that only shape the drawing (groups, sticky notes) or describe the project.
_SKIPPED_KINDS = {
    TableGroupBlueprint: "table group",
    StickyNoteBlueprint: "note",
    ProjectBlueprint: "project",
}


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    # The source line there, as ParseError's ``statement``.
    text: str

    def error(self, message: str) -> ParseError:
        return ParseError(message, line=self.line, column=self.column, statement=self.text)


@dataclass
class Definitions:
    """What the source defines: pydbml's tables and enums (duplicates left out), the
    references as pydbml parsed them (blueprints: not yet resolved to columns), and where
    each definition starts."""

    database: Any
    references: list[Any]
    positions: dict[int, Position]
    # (line, warning): duplicates are found by kind (enums, then tables), told in source order.
    found: list[tuple[int, str]] = field(default_factory=list)
    # Every top-level definition read, and those that carry no schema, by kind.
    statements: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def position(self, blueprint: Any) -> Position:
        return self.positions[id(blueprint)]

    def warn(self, position: Position, message: str) -> None:
        self.found.append((position.line, f"line {position.line}: {message}"))

    @property
    def warnings(self) -> list[str]:
        return [warning for _, warning in sorted(self.found)]


def read_definitions(source: str) -> Definitions:
    # Editors on Windows start files with a byte order mark, which no one sees as a column.
    text = remove_bom(source)
    parser = _LocatingParser(text)
    try:
        parser.parse()
    except pp.ParseBaseException as error:
        raise _syntax_error(error) from error
    except SyntaxError as error:
        # pydbml's own check, raised from inside its grammar: "Table t at position 12 has no columns!"
        raise _position(text, _definition_start(text, _position_in(str(error)))).error(
            "a table needs at least one column"
        ) from error
    return parser.definitions


class _LocatingParser(PyDBMLParser):  # type: ignore[misc]  # pydbml ships without type hints
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.definitions = Definitions(database=Database(), references=[], positions={})

    def parse_blueprint(self, s: str, loc: int, tok: Any) -> None:
        super().parse_blueprint(s, loc, tok)
        blueprint = tok[0]
        self.definitions.statements += 1
        if (kind := _SKIPPED_KINDS.get(type(blueprint))) is not None:
            self.definitions.skipped[kind] += 1
        position = _position(s, _definition_start(s, loc))
        self.definitions.positions[id(blueprint)] = position
        # A column's reference is written inside its table: point at the table.
        for column in getattr(blueprint, "columns", None) or ():
            for reference in column.ref_blueprints or ():
                self.definitions.positions[id(reference)] = position

    def build_database(self) -> None:
        """Replaces pydbml's build, which raises on the first duplicate without saying where."""
        definitions = self.definitions
        database = definitions.database
        # Columns look their enum type up in the parser's database while they are built.
        self.database = database
        for enum in self.enums:
            key = f"{enum.schema}.{enum.name}"
            if any(f"{known.schema}.{known.name}" == key for known in database.enums):
                definitions.warn(
                    definitions.position(enum), f"type {key} is defined again; the first definition is kept"
                )
                continue
            database.add(enum.build())
        dropped: set[int] = set()
        for table in self.tables:
            if not self._add_table(table):
                dropped |= {id(reference) for reference in table.get_reference_blueprints()}
        definitions.references = [reference for reference in self.refs if id(reference) not in dropped]

    def _add_table(self, blueprint: Any) -> bool:
        definitions = self.definitions
        database = definitions.database
        position = definitions.position(blueprint)
        key = f"{blueprint.schema}.{blueprint.name}"
        first = database.table_dict.get(key)
        if first is not None:
            first_line = definitions.position(first).line
            definitions.warn(
                position, f"{key} is defined again; the first definition (line {first_line}) is kept"
            )
            return False
        if blueprint.alias and blueprint.alias in database.table_dict:
            raise position.error(
                f"alias {blueprint.alias} of {key} is already the name or alias of another table"
            )
        _check_table(blueprint, key, position)
        table = blueprint.build()
        database.add(table)
        definitions.positions[id(table)] = position
        return True


def _check_table(blueprint: Any, key: str, position: Position) -> None:
    """What pydbml lets through but a table cannot have."""
    columns: set[str] = set()
    for column in blueprint.columns:
        if column.name in columns:
            raise position.error(f"{key} has two columns named {column.name}")
        columns.add(column.name)
    for index in blueprint.indexes or ():
        for subject in index.subject_names:
            if not isinstance(subject, str) and index.pk:
                raise position.error(
                    f"the primary key of {key} is on an expression; it can only be on columns"
                )
            if isinstance(subject, str) and subject not in columns:
                raise position.error(f"an index of {key} is on column {subject}, which {key} does not have")


def _definition_start(text: str, loc: int) -> int:
    """pydbml's definitions begin with the blank lines and comments before them."""
    while loc < len(text):
        if text[loc].isspace():
            loc += 1
        elif text.startswith("//", loc):
            end = text.find("\n", loc)
            loc = len(text) if end < 0 else end
        elif text.startswith("/*", loc):
            end = text.find("*/", loc + 2)
            loc = len(text) if end < 0 else end + 2
        else:
            break
    return loc


def _position(text: str, loc: int) -> Position:
    return Position(line=pp.lineno(loc, text), column=pp.col(loc, text), text=pp.line(loc, text).strip())


def _position_in(message: str) -> int:
    _, _, rest = message.partition(" at position ")
    number = rest.split(" ", 1)[0]
    return int(number) if number.isdigit() else 0


def _syntax_error(error: pp.ParseBaseException) -> ParseError:
    # pyparsing lists every alternative it tried; past a short list, what was found says more.
    if error.msg == "Expected end of text":
        message = f"expected Table, Ref, Enum, TableGroup, Note or Project, found {error.found}"
    elif len(error.msg) <= 60:
        message = f"{error.msg}, found {error.found}"
    else:
        message = f"unexpected {error.found}"
    return ParseError(
        f"DBML syntax error: {message}",
        line=error.lineno,
        column=error.col,
        statement=error.line.strip(),
    )
