"""What a query will cost, how deep it reaches and how many aliases it uses, measured before
it runs, in one walk that is linear in the document's size.

Cost: each field costs one per item it is resolved for; a list field with ``first``/``last``
(or ``ids``) multiplies the cost of everything below it by that size, a connection without
them by the default page size. Variables are known by the time validation runs, so
``first: $n`` is priced at its real value.

Depth: each field one level, except the Relay plumbing (``edges``, ``node`` of an edge,
``pageInfo``): ``organizations { edges { node { workspaces … } } }`` is two levels of data,
not six. Introspection fields are not counted (GraphiQL's own introspection query is deep);
the token limit bounds them.

Aliases: every aliased field, counted again wherever its fragment is spread.

A fragment is measured once and its measure reused at every spread: walking it again at each
spread costs 2^N steps for N fragments that each spread the next twice (an 800-byte request
that blocked the event loop for seconds). The number of spreads is bounded as well.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
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
    Visitor,
    get_named_type,
    visit,
)
from graphql.language import ValueNode, VisitorAction
from strawberry.extensions import SchemaExtension

from app.pagination import DEFAULT_PAGE_SIZE

_CompositeType = GraphQLObjectType | GraphQLInterfaceType


@dataclass(frozen=True)
class Measure:
    cost: int = 0
    depth: int = 0
    aliases: int = 0

    def beside(self, other: Measure) -> Measure:
        return Measure(self.cost + other.cost, max(self.depth, other.depth), self.aliases + other.aliases)


@dataclass(frozen=True)
class Limits:
    max_cost: int
    max_depth: int
    max_aliases: int
    max_fragment_spreads: int


class QueryComplexityLimiter(SchemaExtension):
    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        rule = _complexity_rule(self.limits, self.execution_context.variables or {})
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, rule)
        yield


def _complexity_rule(limits: Limits, variables: Mapping[str, Any]) -> type[ValidationRule]:
    class QueryComplexityRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> VisitorAction:
            spreads = _count_fragment_spreads(node)
            if spreads > limits.max_fragment_spreads:
                self.report_error(
                    GraphQLError(
                        f"{spreads} fragment spreads found. Allowed: {limits.max_fragment_spreads}",
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                )
                return self.BREAK  # nothing else is measured: the document is refused
            return None

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            root = _root_type(self.context.schema, node.operation)
            if root is None:
                return
            measure = _Walk(self.context, variables).selection(node.selection_set, root)
            name = node.name.value if node.name else "anonymous"
            max_depth, max_cost = limits.max_depth, limits.max_cost
            if measure.aliases > limits.max_aliases:
                self.report_error(
                    GraphQLError(
                        f"{measure.aliases} aliases found. Allowed: {limits.max_aliases}",
                        node,
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                )
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


def _count_fragment_spreads(document: DocumentNode) -> int:
    """Every ``...Name`` written in the document (not multiplied by where it is spread)."""
    count = 0

    class Counter(Visitor):
        def enter_fragment_spread(self, *_args: Any) -> None:
            nonlocal count
            count += 1

    visit(document, Counter())
    return count


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
    """Measures one operation; each fragment's measure is kept the first time it is taken."""

    def __init__(self, context: ValidationContext, variables: Mapping[str, Any]) -> None:
        self.context = context
        self.variables = variables
        self.fragments: dict[str, Measure] = {}
        self.entered: set[str] = set()

    def selection(self, selection_set: SelectionSetNode | None, parent: Any) -> Measure:
        total = Measure()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total = total.beside(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.context.schema.get_type(condition.name.value) if condition else parent
                total = total.beside(self.selection(selection.selection_set, target))
            elif isinstance(selection, FragmentSpreadNode):
                total = total.beside(self.fragment(selection.name.value))
        return total

    def fragment(self, name: str) -> Measure:
        if name in self.fragments:
            return self.fragments[name]
        fragment = self.context.get_fragment(name)
        if fragment is None or name in self.entered:
            return Measure()  # unknown or cyclic fragments are reported by the standard rules
        self.entered.add(name)
        target = self.context.schema.get_type(fragment.type_condition.name.value)
        measure = self.fragments[name] = self.selection(fragment.selection_set, target)
        return measure

    def field(self, node: FieldNode, parent: Any) -> Measure:
        name = node.name.value
        alias = 1 if node.alias else 0
        definition = (getattr(parent, "fields", None) or {}).get(name)
        if definition is None or name.startswith("__"):
            # __typename/introspection, or an unknown field the standard rules report
            return Measure(cost=1, aliases=alias)
        below = self.selection(node.selection_set, get_named_type(definition.type))
        # Like graphql's usual depth: a leaf adds no level, only fields that open a selection.
        level = 0 if node.selection_set is None or _is_plumbing(parent, name) else 1
        return Measure(
            cost=1 + self._list_size(node, definition) * below.cost,
            depth=level + below.depth,
            aliases=alias + below.aliases,
        )

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
