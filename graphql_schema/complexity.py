"""What a query will cost and how deep it reaches, measured before it runs.

Cost: each field costs one per item it is resolved for; a list field with ``first``/``last``
(or ``ids``) multiplies the cost of everything below it by that size, a connection without
them by the default page size. Variables are known by the time validation runs, so
``first: $n`` is priced at its real value.

Depth: each field one level, except the Relay plumbing (``edges``, ``node`` of an edge,
``pageInfo``): ``organizations { edges { node { workspaces … } } }`` is two levels of data,
not six. Introspection fields are not counted (GraphiQL's own introspection query is deep);
the token limit bounds them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from graphql.language import ValueNode
from strawberry.extensions import SchemaExtension

from app.pagination import DEFAULT_PAGE_SIZE

_CompositeType = GraphQLObjectType | GraphQLInterfaceType


@dataclass(frozen=True)
class Measure:
    cost: int = 0
    depth: int = 0

    def beside(self, other: Measure) -> Measure:
        return Measure(self.cost + other.cost, max(self.depth, other.depth))


class QueryComplexityLimiter(SchemaExtension):
    def __init__(self, *, max_cost: int, max_depth: int) -> None:
        self.max_cost = max_cost
        self.max_depth = max_depth

    def on_operation(self) -> Iterator[None]:
        rule = _complexity_rule(self.max_cost, self.max_depth, self.execution_context.variables or {})
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, rule)
        yield


def _complexity_rule(max_cost: int, max_depth: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    class QueryComplexityRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            root = _root_type(self.context.schema, node.operation)
            if root is None:
                return
            measure = _Walk(self.context, variables).selection(node.selection_set, root, frozenset())
            name = node.name.value if node.name else "anonymous"
            if measure.depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"'{name}' exceeds maximum operation depth of {max_depth}",
                        node,
                        extensions={"code": "BAD_USER_INPUT", "depth": measure.depth, "maxDepth": max_depth},
                    )
                )
            if measure.cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"The query would cost {measure.cost}, above the limit of {max_cost}. "
                        "Ask for smaller pages (first/last) or fewer nested lists.",
                        node,
                        extensions={"code": "BAD_USER_INPUT", "cost": measure.cost, "maxCost": max_cost},
                    )
                )

    return QueryComplexityRule


def _root_type(schema: Any, operation: OperationType) -> _CompositeType | None:
    root: _CompositeType | None = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation]
    return root


def _is_plumbing(parent: Any, field_name: str) -> bool:
    parent_name = getattr(parent, "name", "")
    return (parent_name.endswith("Connection") and field_name in {"edges", "pageInfo"}) or (
        parent_name.endswith("Edge") and field_name == "node"
    )


class _Walk:
    def __init__(self, context: ValidationContext, variables: Mapping[str, Any]) -> None:
        self.context = context
        self.variables = variables

    def selection(self, selection_set: SelectionSetNode | None, parent: Any, seen: frozenset[str]) -> Measure:
        total = Measure()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total = total.beside(self.field(selection, parent, seen))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.context.schema.get_type(condition.name.value) if condition else parent
                total = total.beside(self.selection(selection.selection_set, target, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic fragments are reported by the standard rules
                target = self.context.schema.get_type(fragment.type_condition.name.value)
                total = total.beside(self.selection(fragment.selection_set, target, seen | {name}))
        return total

    def field(self, node: FieldNode, parent: Any, seen: frozenset[str]) -> Measure:
        name = node.name.value
        definition = (getattr(parent, "fields", None) or {}).get(name)
        if definition is None or name.startswith("__"):
            return Measure(cost=1)  # __typename/introspection, or an unknown field the standard rules report
        below = self.selection(node.selection_set, get_named_type(definition.type), seen)
        # Like graphql's usual depth: a leaf adds no level, only fields that open a selection.
        level = 0 if node.selection_set is None or _is_plumbing(parent, name) else 1
        return Measure(cost=1 + self._list_size(node, definition) * below.cost, depth=level + below.depth)

    def _list_size(self, node: FieldNode, definition: Any) -> int:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in ("first", "last"):
            if name in given:
                return max(self._int_value(given[name]), 1)
        if "ids" in given:
            value = given["ids"]
            if isinstance(value, ListValueNode):
                return max(len(value.values), 1)
            if isinstance(value, VariableNode):
                return max(len(self.variables.get(value.name.value) or ()), 1)
        if "first" in definition.args:
            return DEFAULT_PAGE_SIZE
        return 1

    def _int_value(self, value: ValueNode) -> int:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            resolved = self.variables.get(value.name.value)
            return resolved if isinstance(resolved, int) else DEFAULT_PAGE_SIZE
        return DEFAULT_PAGE_SIZE
