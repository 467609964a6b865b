"""Changes of the named things on a table: primary key, unique, check and exclusion
constraints, foreign keys, indexes and policies.

They are matched by name. A removed and an added one that differ only by name are one
renamed object (``renames.pair_unambiguous``): a renamed table's constraints usually get new
generated names, and that is a rename, not a drop and a re-creation. Before comparing, the
old side is translated to the new names of renamed tables and columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from app.diff import severity
from app.diff.changes import Change, ChangeKind, as_json, change
from app.diff.context import DiffContext, TablePair
from app.diff.renames import pair_unambiguous, rename_identifiers
from app.ingest.model import (
    CheckConstraint,
    ExclusionConstraint,
    ExclusionElement,
    ForeignKey,
    Index,
    MatchType,
    Policy,
    ReferentialAction,
    UniqueConstraint,
)
from app.models.enums import ChangeSeverity


class _Named(Protocol):
    @property
    def name(self) -> str: ...


Named = TypeVar("Named", bound=_Named)


@dataclass(frozen=True, slots=True)
class _Translator:
    """Rewrites an old object's references to the new names of renamed tables and columns."""

    context: DiffContext
    columns: Mapping[str, str]

    def names(self, names: list[str]) -> list[str]:
        return [self.columns.get(name, name) for name in names]

    def expression(self, text: str | None) -> str | None:
        return None if text is None else rename_identifiers(text, self.columns)

    def key_part(self, entry: str) -> str:
        """An index key: a column's name as the model keeps it (unquoted, any case), or an
        expression's text."""
        return self.columns.get(entry) or rename_identifiers(entry, self.columns)


@dataclass(frozen=True, slots=True)
class _Family(Generic[Named]):
    noun: str
    added: ChangeKind
    removed: ChangeKind
    changed: ChangeKind
    renamed: ChangeKind
    describe: Callable[[Named], str]
    translate: Callable[[Named, _Translator], Named]
    # The object without what does not define it, for comparing two of them: by default
    # its name; a family with more to leave out says so.
    anonymous: Callable[[Named], Named] = lambda item: replace(item, name="")  # type: ignore[type-var]
    # How bad adding or removing one is: by default the severity of the change's kind.
    added_severity: Callable[[Named], ChangeSeverity] | None = None
    removed_severity: Callable[[Named], ChangeSeverity] | None = None

    def severity_added(self, item: Named) -> ChangeSeverity:
        return self.added_severity(item) if self.added_severity else severity.of(self.added)

    def severity_removed(self, item: Named) -> ChangeSeverity:
        return self.removed_severity(item) if self.removed_severity else severity.of(self.removed)


def diff_constraints(pair: TablePair, context: DiffContext) -> list[Change]:
    """Primary key, constraints, foreign keys, indexes and policies of a table on both sides."""
    old, new = pair.before, pair.after
    translator = _Translator(context, context.renamed_columns(old.key))
    return [
        *_diff_primary_key(pair, translator),
        *_diff_named(_UNIQUE, old.unique_constraints, new.unique_constraints, new.key, translator),
        *_diff_named(_CHECK, old.check_constraints, new.check_constraints, new.key, translator),
        *_diff_named(_EXCLUSION, old.exclusion_constraints, new.exclusion_constraints, new.key, translator),
        *_diff_named(_FOREIGN_KEY, old.foreign_keys, new.foreign_keys, new.key, translator),
        *_diff_named(_INDEX, old.indexes, new.indexes, new.key, translator),
        *diff_policies(old.policies, new.policies, new.key, context, old.key),
    ]


def diff_policies(
    old: Sequence[Policy], new: Sequence[Policy], table_key: str, context: DiffContext, old_table_key: str
) -> list[Change]:
    """Also used for policies on tables outside the source (``external_policies``)."""
    translator = _Translator(context, context.renamed_columns(old_table_key))
    return _diff_named(_POLICY, old, new, table_key, translator)


def _diff_named(
    family: _Family[Named],
    old: Sequence[Named],
    new: Sequence[Named],
    table_key: str,
    translator: _Translator,
) -> list[Change]:
    def old_shape(item: Named) -> str:
        return _shape(family.anonymous(family.translate(item, translator)))

    def new_shape(item: Named) -> str:
        return _shape(family.anonymous(item))

    old_by_name = {item.name: item for item in old}
    new_by_name = {item.name: item for item in new}
    changes: list[Change] = []
    for name in sorted(old_by_name.keys() & new_by_name.keys()):
        before, after = old_by_name[name], new_by_name[name]
        if old_shape(before) != new_shape(after):
            how_bad = severity.worst(family.severity_removed(before), family.severity_added(after))
            message = (
                f"{family.noun} {table_key}.{name} changed from {family.describe(before)} "
                f"to {family.describe(after)}"
            )
            changes.append(
                change(family.changed, how_bad, f"{table_key}.{name}", message, before=before, after=after)
            )
    removed = [old_by_name[name] for name in sorted(old_by_name.keys() - new_by_name.keys())]
    added = [new_by_name[name] for name in sorted(new_by_name.keys() - old_by_name.keys())]
    renamed = pair_unambiguous(removed, added, old_shape, new_shape)
    for before, after in renamed:
        message = f"{family.noun} {table_key}.{before.name} renamed to {table_key}.{after.name}"
        changes.append(
            change(
                family.renamed,
                severity.of(family.renamed),
                f"{table_key}.{after.name}",
                message,
                before=before,
                after=after,
            )
        )
    renamed_old = {before.name for before, _ in renamed}
    renamed_new = {after.name for _, after in renamed}
    for before in removed:
        if before.name not in renamed_old:
            path = f"{table_key}.{before.name}"
            message = f"{family.noun} {path} removed ({family.describe(before)})"
            changes.append(
                change(family.removed, family.severity_removed(before), path, message, before=before)
            )
    for after in added:
        if after.name not in renamed_new:
            path = f"{table_key}.{after.name}"
            message = f"{family.noun} {path} added ({family.describe(after)})"
            changes.append(change(family.added, family.severity_added(after), path, message, after=after))
    return changes


def _diff_primary_key(pair: TablePair, translator: _Translator) -> list[Change]:
    old, new = pair.before.primary_key, pair.after.primary_key
    table_key = pair.after.key
    if old is None and new is None:
        return []
    if old is None or new is None:
        kind = ChangeKind.PRIMARY_KEY_ADDED if old is None else ChangeKind.PRIMARY_KEY_REMOVED
        key = new or old
        assert key is not None  # one side is set, see above
        path = f"{table_key}.{key.name}"
        verb = "added" if old is None else "removed"
        message = f"Primary key {path} {verb} ({_columns(key.columns, 'PRIMARY KEY')})"
        return [change(kind, severity.of(kind), path, message, before=old, after=new)]
    path = f"{table_key}.{new.name}"
    if translator.names(old.columns) != new.columns:
        kind = ChangeKind.PRIMARY_KEY_CHANGED
        message = (
            f"Primary key {path} changed from {_columns(old.columns, 'PRIMARY KEY')} "
            f"to {_columns(new.columns, 'PRIMARY KEY')}"
        )
    elif old.name != new.name:
        kind = ChangeKind.PRIMARY_KEY_RENAMED
        message = f"Primary key {table_key}.{old.name} renamed to {path}"
    else:
        return []
    return [change(kind, severity.of(kind), path, message, before=old, after=new)]


def _shape(item: object) -> str:
    return json.dumps(as_json(item), sort_keys=True)


def _columns(names: list[str], prefix: str) -> str:
    return f"{prefix} ({', '.join(names)})"


def _describe_unique(unique: UniqueConstraint) -> str:
    text = _columns(unique.columns, "UNIQUE")
    if unique.nulls_not_distinct:
        text += " NULLS NOT DISTINCT"
    return text + _deferrable(unique.deferrable, unique.initially_deferred)


def _describe_exclusion(exclusion: ExclusionConstraint) -> str:
    elements = ", ".join(f"{element.expression} WITH {element.operator}" for element in exclusion.elements)
    text = f"EXCLUDE USING {exclusion.method} ({elements})"
    return text + (f" WHERE ({exclusion.predicate})" if exclusion.predicate else "")


def _describe_foreign_key(key: ForeignKey) -> str:
    text = (
        f"({', '.join(key.columns)}) REFERENCES {key.referenced_table} ({', '.join(key.referenced_columns)})"
    )
    if key.match is not MatchType.SIMPLE:
        text += f" MATCH {key.match.value.upper()}"
    if key.on_delete is not ReferentialAction.NO_ACTION:
        text += f" ON DELETE {key.on_delete.value.upper()}"
    if key.on_update is not ReferentialAction.NO_ACTION:
        text += f" ON UPDATE {key.on_update.value.upper()}"
    return text + _deferrable(key.deferrable, key.initially_deferred)


def _describe_index(index: Index) -> str:
    # The definition also has operator classes and sort orders; readers that have no
    # definition give the parts.
    body = _definition_body(index.definition)
    if not body:
        body = f"{index.method} ({', '.join(index.columns)})"
        body += f" INCLUDE ({', '.join(index.include)})" if index.include else ""
        body += f" WHERE ({index.predicate})" if index.predicate else ""
    return ("UNIQUE " if index.unique else "") + body


def _describe_policy(policy: Policy) -> str:
    text = f"{'PERMISSIVE' if policy.permissive else 'RESTRICTIVE'} FOR {policy.command.value.upper()}"
    text += f" TO {', '.join(policy.roles)}"
    text += f" USING ({policy.using})" if policy.using is not None else ""
    return text + (f" WITH CHECK ({policy.with_check})" if policy.with_check is not None else "")


def _deferrable(deferrable: bool, initially_deferred: bool) -> str:
    if not deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if initially_deferred else " DEFERRABLE"


def _definition_body(definition: str) -> str:
    """``btree (author) WHERE (...)`` of ``CREATE INDEX name ON table USING btree (author) ...``:
    the part that names neither the index nor its table."""
    return definition.partition(" USING ")[2]


def _translate_exclusion(exclusion: ExclusionConstraint, translator: _Translator) -> ExclusionConstraint:
    elements = [
        ExclusionElement(expression=translator.key_part(element.expression), operator=element.operator)
        for element in exclusion.elements
    ]
    return replace(exclusion, elements=elements, predicate=translator.expression(exclusion.predicate))


def _translate_foreign_key(key: ForeignKey, translator: _Translator) -> ForeignKey:
    context = translator.context
    return replace(
        key,
        columns=translator.names(key.columns),
        referenced_table=context.new_table_key(key.referenced_table),
        referenced_columns=context.new_column_names(key.referenced_table, key.referenced_columns),
    )


def _translate_index(index: Index, translator: _Translator) -> Index:
    return replace(
        index,
        columns=[translator.key_part(entry) for entry in index.columns],
        include=translator.names(index.include),
        predicate=translator.expression(index.predicate),
        definition=rename_identifiers(index.definition, translator.columns),
    )


def _translate_policy(policy: Policy, translator: _Translator) -> Policy:
    return replace(
        policy,
        table=translator.context.new_table_key(policy.table),
        using=translator.expression(policy.using),
        with_check=translator.expression(policy.with_check),
    )


_UNIQUE: _Family[UniqueConstraint] = _Family(
    noun="Unique constraint",
    added=ChangeKind.UNIQUE_CONSTRAINT_ADDED,
    removed=ChangeKind.UNIQUE_CONSTRAINT_REMOVED,
    changed=ChangeKind.UNIQUE_CONSTRAINT_CHANGED,
    renamed=ChangeKind.UNIQUE_CONSTRAINT_RENAMED,
    describe=_describe_unique,
    translate=lambda unique, translator: replace(unique, columns=translator.names(unique.columns)),
)
_CHECK: _Family[CheckConstraint] = _Family(
    noun="Check constraint",
    added=ChangeKind.CHECK_CONSTRAINT_ADDED,
    removed=ChangeKind.CHECK_CONSTRAINT_REMOVED,
    changed=ChangeKind.CHECK_CONSTRAINT_CHANGED,
    renamed=ChangeKind.CHECK_CONSTRAINT_RENAMED,
    describe=lambda check: f"CHECK ({check.expression})",
    translate=lambda check, translator: replace(
        check, expression=rename_identifiers(check.expression, translator.columns)
    ),
)
_EXCLUSION: _Family[ExclusionConstraint] = _Family(
    noun="Exclusion constraint",
    added=ChangeKind.EXCLUSION_CONSTRAINT_ADDED,
    removed=ChangeKind.EXCLUSION_CONSTRAINT_REMOVED,
    changed=ChangeKind.EXCLUSION_CONSTRAINT_CHANGED,
    renamed=ChangeKind.EXCLUSION_CONSTRAINT_RENAMED,
    describe=_describe_exclusion,
    translate=_translate_exclusion,
)
_FOREIGN_KEY: _Family[ForeignKey] = _Family(
    noun="Foreign key",
    added=ChangeKind.FOREIGN_KEY_ADDED,
    removed=ChangeKind.FOREIGN_KEY_REMOVED,
    changed=ChangeKind.FOREIGN_KEY_CHANGED,
    renamed=ChangeKind.FOREIGN_KEY_RENAMED,
    describe=_describe_foreign_key,
    translate=_translate_foreign_key,
)
_INDEX: _Family[Index] = _Family(
    noun="Index",
    added=ChangeKind.INDEX_ADDED,
    removed=ChangeKind.INDEX_REMOVED,
    changed=ChangeKind.INDEX_CHANGED,
    renamed=ChangeKind.INDEX_RENAMED,
    describe=_describe_index,
    translate=_translate_index,
    anonymous=lambda index: replace(index, name="", definition=_definition_body(index.definition)),
    added_severity=severity.index_added,
    removed_severity=severity.index_removed,
)
_POLICY: _Family[Policy] = _Family(
    noun="Policy",
    added=ChangeKind.POLICY_ADDED,
    removed=ChangeKind.POLICY_REMOVED,
    changed=ChangeKind.POLICY_CHANGED,
    renamed=ChangeKind.POLICY_RENAMED,
    describe=_describe_policy,
    translate=_translate_policy,
)
