"""Closed sets stored in the database (as text with a CHECK constraint, see ``base.text_enum``).

Values are lowercase and are what the database holds; renaming one is a data migration.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Self


class RankedRole(StrEnum):
    """A role whose members are declared from the most to the least powerful.

    Compare roles with ``rank`` or ``at_least``, never with ``<``/``>``: being a ``StrEnum``,
    those compare the values alphabetically.
    """

    @property
    def rank(self) -> int:
        return _ranks(type(self))[self]

    def at_least(self, required: Self) -> bool:
        return self.rank >= required.rank


@cache
def _ranks(role_type: type[RankedRole]) -> dict[RankedRole, int]:
    """Each member's rank, counted once per role type: permission checks ask on every field."""
    members = list(role_type)
    return {member: len(members) - position for position, member in enumerate(members)}


class OrganizationRole(RankedRole):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class WorkspaceRole(RankedRole):
    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


class SchemaSourceFormat(StrEnum):
    SQL = "sql"
    MERMAID = "mermaid"
    DBML = "dbml"
    JSON = "json"
    INTROSPECTION = "introspection"


class SqlDialect(StrEnum):
    POSTGRES = "postgres"
    MYSQL = "mysql"
    SQLITE = "sqlite"
    MSSQL = "mssql"


class ChangeSeverity(StrEnum):
    SAFE = "safe"
    WARNING = "warning"
    BREAKING = "breaking"


class CommentTargetKind(StrEnum):
    """What a schema comment is about; needed because a table key may have no schema part,
    so ``a.b`` alone could be table ``b`` of schema ``a`` or column ``b`` of table ``a``."""

    SCHEMA = "schema"
    TABLE = "table"
    COLUMN = "column"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


class DocumentationFormat(StrEnum):
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


class GeneratedCodeTarget(StrEnum):
    SQL_DDL = "sql_ddl"
    SQLALCHEMY = "sqlalchemy"
    PRISMA = "prisma"
    TYPESCRIPT = "typescript"
    DBML = "dbml"
    MERMAID = "mermaid"
    MIGRATION_SQL = "migration_sql"


class SubscriptionStatus(StrEnum):
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    INCOMPLETE = "incomplete"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    VOID = "void"
    UNCOLLECTIBLE = "uncollectible"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class BillingInterval(StrEnum):
    MONTH = "month"
    YEAR = "year"


class NotificationKind(StrEnum):
    INVITATION = "invitation"
    MENTION = "mention"
    COMMENT_REPLY = "comment_reply"
    REVIEW_COMPLETED = "review_completed"
    SCHEMA_VERSION_CREATED = "schema_version_created"
    BILLING = "billing"


class FeedbackKind(StrEnum):
    BUG = "bug"
    IDEA = "idea"
    QUESTION = "question"
    PRAISE = "praise"
    OTHER = "other"
