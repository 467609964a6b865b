"""No text a client sends may contain a character PostgreSQL cannot store (NUL, an unpaired
surrogate: see app/storable_text.py).

Checked once per operation, as a validation rule, for every text the client sends: string
literals of the document (arguments, input objects, lists, variables' defaults) and the
values of its variables, whatever type carries them (String, ID, JSON...). It fails before
anything runs, as BAD_USER_INPUT naming the argument or variable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    Node,
    ObjectFieldNode,
    StringValueNode,
    ValidationRule,
    VariableDefinitionNode,
)
from strawberry.extensions import SchemaExtension

from app.errors import ErrorCode
from app.storable_text import unstorable_character


class RefuseNulCharacters(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, _rule(context.variables or {}))
        yield


def _rule(variables: Mapping[str, object]) -> type[ValidationRule]:
    class NoNulCharacters(ValidationRule):
        def enter_string_value(
            self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: list[Any]
        ) -> None:
            if (character := unstorable_character(node.value)) is not None:
                self.report_error(_refusal(_named_by([*ancestors, parent]), character, node))

        def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
            name = node.variable.name.value
            if name in variables and (found := _unstorable_in(variables[name])) is not None:
                path, character = found
                self.report_error(_refusal([f"${name}", *path], character, node))

    return NoNulCharacters


def _refusal(where: list[str], character: str, node: Node) -> GraphQLError:
    return GraphQLError(
        f'"{".".join(where)}" contains {character}, which text cannot hold.',
        node,
        extensions={"code": ErrorCode.BAD_USER_INPUT.value, "field": where},
    )


def _named_by(ancestors: list[Any]) -> list[str]:
    """The argument (or variable default) a literal is given to, and the input fields
    down to it: ``["input", "name"]``."""
    names = []
    for ancestor in ancestors:
        if isinstance(ancestor, ArgumentNode | ObjectFieldNode):
            names.append(ancestor.name.value)
        elif isinstance(ancestor, VariableDefinitionNode):
            names.append(f"${ancestor.variable.name.value}")
    return names


def _unstorable_in(value: object) -> tuple[list[str], str] | None:
    """Where in a variable's JSON value a string (or object key) holds a character that
    cannot be stored, and which; None if nowhere. A loop,
    not recursion, with each path a linked (key, parent) pair built out only when found: a
    deeply nested value costs neither stack nor copying."""
    pending: list[tuple[object, tuple[Any, ...]]] = [(value, ())]
    while pending:
        item, at = pending.pop()
        if isinstance(item, str):
            if (character := unstorable_character(item)) is not None:
                return _unlinked(at), character
        elif isinstance(item, dict):
            for key, child in item.items():
                pending.append((key, (key, at)))
                pending.append((child, (key, at)))
        elif isinstance(item, list):
            pending.extend((child, (str(index), at)) for index, child in enumerate(item))
    return None


def _unlinked(at: tuple[Any, ...]) -> list[str]:
    path: list[str] = []
    while at:
        key, at = at
        path.append(key)
    return path[::-1]
