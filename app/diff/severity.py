"""How bad each change is: the one place severities are decided.

SAFE: nothing that works stops working and nothing stored changes meaning.
WARNING: nothing fails by itself, but existing rows or readers may be affected: the
migration may fail on existing data, a rewrite may lock the table, behaviour or access changes.
BREAKING: something that worked fails, or data is lost.

A *changed* constraint or index is as severe as removing the old one and adding the new one,
whichever is worse.

==============================  =========  ===================================================
Change                          Severity   Why
==============================  =========  ===================================================
schema/extension added          SAFE       nothing existing refers to it
schema/extension removed        BREAKING   its objects (types, functions) are gone
enum added                      SAFE       nothing existing uses it
enum removed                    BREAKING   columns and casts of that type fail
enum value added                WARNING    readers with exhaustive matches meet a new value
enum value removed              BREAKING   rows and writes holding it fail
enum values reordered           WARNING    ORDER BY and comparisons on the enum change
domain added                    SAFE       nothing existing uses it
domain removed                  BREAKING   columns of that type fail
domain changed                  WARNING    BREAKING when its type narrows or changes or it
                                           becomes NOT NULL (stored values may not fit)
table / view added              SAFE       nothing existing refers to it
table / view removed            BREAKING   every query on it fails
table renamed                   BREAKING   every query using the old name fails
view definition changed         WARNING    its rows may differ; a lost view column is also
                                           reported as a BREAKING column removal
table kind / partitioning /     WARNING    rows are stored or routed differently; inserts
inheritance changed                        outside new partition bounds are rejected
comment changed (any object)    SAFE       documentation only
column added, nullable          SAFE       existing rows get NULL, writers need not know it
column added, NOT NULL with     WARNING    existing rows all get the default (a volatile
a default/identity/generated               default rewrites the table under lock)
column added, NOT NULL          BREAKING   existing rows cannot get a value; inserts that do
without a default                          not name the column fail
column removed                  BREAKING   queries naming it fail, its data is lost
column renamed                  BREAKING   queries using the old name fail
type widened                    WARNING    every value fits, but the table is rewritten and
                                           clients with fixed-size buffers may overflow
type narrowed or changed        BREAKING   stored values may not fit or change meaning
NULL allowed → NOT NULL         BREAKING   existing NULLs fail the migration, writes of NULL fail
NOT NULL → NULL allowed         WARNING    readers that assumed a value may meet NULL
default set/changed             WARNING    inserts that omit the column store another value
default dropped, NOT NULL       BREAKING   inserts that omit the column now fail
identity becomes ALWAYS         BREAKING   inserts that supply a value fail
identity dropped, NOT NULL      BREAKING   inserts that omit the column now fail (else WARNING)
column becomes generated        BREAKING   writes to the column fail (other generated
                                           changes: WARNING, stored values are recomputed)
collation changed               WARNING    sort order and equality change; indexes rebuilt
column order changed            WARNING    SELECT * and INSERT without a column list differ
primary key added               WARNING    duplicate or NULL keys fail the migration
primary key removed / changed   BREAKING   foreign keys and ON CONFLICT targets on it fail
unique constraint added         WARNING    existing duplicates fail the migration
unique constraint removed       BREAKING   ON CONFLICT on it fails; duplicates become possible
check / exclusion added         WARNING    existing rows may fail the migration
check / exclusion removed       WARNING    readers may meet values the check used to forbid
foreign key added               WARNING    dangling rows fail the migration
foreign key removed             WARNING    no query fails, but orphans and skipped ON DELETE
                                           actions become possible
foreign key changed             WARNING    both of the above, e.g. ON DELETE CASCADE → RESTRICT
index added                     SAFE       (unique: WARNING, existing duplicates fail)
index removed                   WARNING    queries may slow down (unique: BREAKING, as a
                                           unique constraint)
constraint or index renamed     WARNING    ON CONFLICT ON CONSTRAINT, index hints and error
                                           handlers name them
RLS enabled / forced            WARNING    rows each role sees change; BREAKING when the
                                           table has no policy: every read is empty and every
                                           write fails for roles it applies to
RLS disabled / unforced         WARNING    every role with privileges sees every row
policy added/removed/changed    WARNING    who may read or write which rows changes
policy renamed                  SAFE       no query names a policy
==============================  =========  ===================================================
"""

from __future__ import annotations

from app.diff.changes import ChangeKind
from app.diff.types import TypeChange
from app.ingest.model import Column, Identity, Index, Table
from app.models.enums import ChangeSeverity

SAFE, WARNING, BREAKING = ChangeSeverity.SAFE, ChangeSeverity.WARNING, ChangeSeverity.BREAKING

# Kinds whose severity does not depend on the objects; the others have a function below.
_FIXED: dict[ChangeKind, ChangeSeverity] = {
    ChangeKind.SCHEMA_ADDED: SAFE,
    ChangeKind.SCHEMA_REMOVED: BREAKING,
    ChangeKind.EXTENSION_ADDED: SAFE,
    ChangeKind.EXTENSION_REMOVED: BREAKING,
    ChangeKind.ENUM_ADDED: SAFE,
    ChangeKind.ENUM_REMOVED: BREAKING,
    ChangeKind.ENUM_VALUE_ADDED: WARNING,
    ChangeKind.ENUM_VALUE_REMOVED: BREAKING,
    ChangeKind.ENUM_VALUES_REORDERED: WARNING,
    ChangeKind.ENUM_COMMENT_CHANGED: SAFE,
    ChangeKind.DOMAIN_ADDED: SAFE,
    ChangeKind.DOMAIN_REMOVED: BREAKING,
    ChangeKind.DOMAIN_COMMENT_CHANGED: SAFE,
    ChangeKind.TABLE_ADDED: SAFE,
    ChangeKind.TABLE_REMOVED: BREAKING,
    ChangeKind.TABLE_RENAMED: BREAKING,
    ChangeKind.VIEW_ADDED: SAFE,
    ChangeKind.VIEW_REMOVED: BREAKING,
    ChangeKind.VIEW_CHANGED: WARNING,
    ChangeKind.TABLE_KIND_CHANGED: WARNING,
    ChangeKind.TABLE_PARTITIONING_CHANGED: WARNING,
    ChangeKind.TABLE_INHERITANCE_CHANGED: WARNING,
    ChangeKind.TABLE_COMMENT_CHANGED: SAFE,
    ChangeKind.COLUMN_REMOVED: BREAKING,
    ChangeKind.COLUMN_RENAMED: BREAKING,
    ChangeKind.COLUMN_COLLATION_CHANGED: WARNING,
    ChangeKind.COLUMN_COMMENT_CHANGED: SAFE,
    ChangeKind.COLUMN_ORDER_CHANGED: WARNING,
    ChangeKind.PRIMARY_KEY_ADDED: WARNING,
    ChangeKind.PRIMARY_KEY_REMOVED: BREAKING,
    ChangeKind.PRIMARY_KEY_CHANGED: BREAKING,
    ChangeKind.PRIMARY_KEY_RENAMED: WARNING,
    ChangeKind.UNIQUE_CONSTRAINT_ADDED: WARNING,
    ChangeKind.UNIQUE_CONSTRAINT_REMOVED: BREAKING,
    ChangeKind.UNIQUE_CONSTRAINT_RENAMED: WARNING,
    ChangeKind.CHECK_CONSTRAINT_ADDED: WARNING,
    ChangeKind.CHECK_CONSTRAINT_REMOVED: WARNING,
    ChangeKind.CHECK_CONSTRAINT_RENAMED: WARNING,
    ChangeKind.EXCLUSION_CONSTRAINT_ADDED: WARNING,
    ChangeKind.EXCLUSION_CONSTRAINT_REMOVED: WARNING,
    ChangeKind.EXCLUSION_CONSTRAINT_RENAMED: WARNING,
    ChangeKind.FOREIGN_KEY_ADDED: WARNING,
    ChangeKind.FOREIGN_KEY_REMOVED: WARNING,
    ChangeKind.FOREIGN_KEY_RENAMED: WARNING,
    ChangeKind.INDEX_RENAMED: WARNING,
    ChangeKind.RLS_DISABLED: WARNING,
    ChangeKind.RLS_FORCE_DISABLED: WARNING,
    ChangeKind.POLICY_ADDED: WARNING,
    ChangeKind.POLICY_REMOVED: WARNING,
    ChangeKind.POLICY_RENAMED: SAFE,
}


def of(kind: ChangeKind) -> ChangeSeverity:
    """The severity of a kind that has one whatever the objects."""
    return _FIXED[kind]


def worst(*severities: ChangeSeverity) -> ChangeSeverity:
    # ChangeSeverity is a StrEnum: ``<`` would compare the words, so rank by declaration.
    order = list(ChangeSeverity)
    return max(severities, key=order.index)


def column_added(column: Column) -> ChangeSeverity:
    if column.nullable:
        return SAFE
    has_value = column.default is not None or column.identity is not None or column.generated is not None
    return WARNING if has_value else BREAKING


def type_changed(change: TypeChange) -> ChangeSeverity:
    return WARNING if change is TypeChange.WIDENED else BREAKING


def nullability_changed(after: Column) -> ChangeSeverity:
    return WARNING if after.nullable else BREAKING


def default_changed(after: Column) -> ChangeSeverity:
    return BREAKING if _omitting_it_fails(after) else WARNING


def identity_changed(before: Column, after: Column) -> ChangeSeverity:
    if after.identity is Identity.ALWAYS and before.identity is not Identity.ALWAYS:
        return BREAKING
    return BREAKING if _omitting_it_fails(after) else WARNING


def generated_changed(before: Column, after: Column) -> ChangeSeverity:
    return BREAKING if after.generated is not None and before.generated is None else WARNING


def index_added(index: Index) -> ChangeSeverity:
    return WARNING if index.unique else SAFE


def index_removed(index: Index) -> ChangeSeverity:
    return BREAKING if index.unique else WARNING


def rls_enabled(table: Table) -> ChangeSeverity:
    return WARNING if table.policies else BREAKING


def domain_changed(type_change: TypeChange, became_not_null: bool) -> ChangeSeverity:
    if became_not_null or type_change in (TypeChange.NARROWED, TypeChange.CHANGED):
        return BREAKING
    return WARNING


def _omitting_it_fails(column: Column) -> bool:
    """Whether an INSERT that does not name the column fails."""
    return (
        not column.nullable
        and column.default is None
        and column.identity is None
        and column.generated is None
    )
