"""An estimate of what a query will cost to run, checked before it runs.

Each field costs one per item it is resolved for; a list field with ``first``/``last``
(or ``ids``) multiplies the cost of everything below it by that size, a connection
without them by the default page size. Variables are known by the time validation runs,
so ``first: $n`` is priced at its real value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from graphql.language import ValueNode
from strawberry.extensions import SchemaExtension

from app.pagination import DEFAULT_PAGE_SIZE

_CompositeType = GraphQLObjectType | GraphQLInterfaceType


class QueryCostLimiter(SchemaExtension):
    def __init__(self, *, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_operation(self) -> Iterator[None]:
        rule = _cost_rule(self.max_cost, self.execution_context.variables or {})
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, rule)
        yield


def _cost_rule(max_cost: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            root = _root_type(self.context.schema, node.operation)
            if root is None:
                return
            cost = _selection_cost(self.context, node.selection_set, root, variables, frozenset())
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"The query would cost {cost}, above the limit of {max_cost}. "
                        "Ask for smaller pages (first/last) or fewer nested lists.",
                        node,
                        extensions={"code": "BAD_USER_INPUT", "cost": cost, "maxCost": max_cost},
                    )
                )

    return QueryCostRule


def _root_type(schema: Any, operation: OperationType) -> _CompositeType | None:
    root: _CompositeType | None = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation]
    return root


def _selection_cost(
    context: Any,
    selection_set: SelectionSetNode | None,
    parent: Any,
    variables: Mapping[str, Any],
    fragments_seen: frozenset[str],
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(context, selection, parent, variables, fragments_seen)
        elif isinstance(selection, InlineFragmentNode):
            target = (
                context.schema.get_type(selection.type_condition.name.value)
                if selection.type_condition
                else parent
            )
            total += _selection_cost(context, selection.selection_set, target, variables, fragments_seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is None or name in fragments_seen:
                continue  # unknown or cyclic fragments are reported by the standard rules
            target = context.schema.get_type(fragment.type_condition.name.value)
            total += _selection_cost(
                context, fragment.selection_set, target, variables, fragments_seen | {name}
            )
    return total


def _field_cost(
    context: Any, node: FieldNode, parent: Any, variables: Mapping[str, Any], fragments_seen: frozenset[str]
) -> int:
    fields = getattr(parent, "fields", None) or {}
    definition = fields.get(node.name.value)
    if definition is None:
        return 1  # __typename, or an unknown field the standard rules report
    size = _list_size(node, definition, variables)
    child_type = get_named_type(definition.type)
    return 1 + size * _selection_cost(context, node.selection_set, child_type, variables, fragments_seen)


def _list_size(node: FieldNode, definition: Any, variables: Mapping[str, Any]) -> int:
    given = {argument.name.value: argument.value for argument in node.arguments or ()}
    for name in ("first", "last"):
        if name in given:
            return max(_int_value(given[name], variables), 1)
    if "ids" in given:
        value = given["ids"]
        if isinstance(value, ListValueNode):
            return max(len(value.values), 1)
        if isinstance(value, VariableNode):
            return max(len(variables.get(value.name.value) or ()), 1)
    if "first" in definition.args:
        return DEFAULT_PAGE_SIZE
    return 1


def _int_value(value: ValueNode, variables: Mapping[str, Any]) -> int:
    if isinstance(value, IntValueNode):
        return int(value.value)
    if isinstance(value, VariableNode):
        resolved = variables.get(value.name.value)
        return resolved if isinstance(resolved, int) else DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE
