"""Every Vizora table. Importing this package registers them all on ``Base.metadata``."""

from app.models.audit import ActivityLog, FeatureUsage, Notification, UserFeedback
from app.models.base import Base
from app.models.billing import (
    BillingEvent,
    BillingPlan,
    Feature,
    Invoice,
    InvoiceLine,
    Payment,
    PlanFeature,
    Subscription,
    UsageCounter,
)
from app.models.identity import ApiKey, LoginFailureCounter, User, UserSession
from app.models.projects import Connection, Project, ProjectSettings
from app.models.schema_data import (
    AskSchemaLog,
    DiagramState,
    DocumentationOutput,
    GeneratedCode,
    OnboardingGuide,
    SchemaChange,
    SchemaComment,
    SchemaEmbedding,
    SchemaExplanation,
    SchemaReview,
    SchemaVersion,
)
from app.models.tenancy import (
    EmailOutbox,
    Invitation,
    Organization,
    OrganizationMember,
    Workspace,
    WorkspaceMember,
)

__all__ = [
    "ActivityLog",
    "ApiKey",
    "AskSchemaLog",
    "Base",
    "BillingEvent",
    "BillingPlan",
    "Connection",
    "DiagramState",
    "DocumentationOutput",
    "EmailOutbox",
    "Feature",
    "FeatureUsage",
    "GeneratedCode",
    "Invitation",
    "Invoice",
    "InvoiceLine",
    "LoginFailureCounter",
    "Notification",
    "OnboardingGuide",
    "Organization",
    "OrganizationMember",
    "Payment",
    "PlanFeature",
    "Project",
    "ProjectSettings",
    "SchemaChange",
    "SchemaComment",
    "SchemaEmbedding",
    "SchemaExplanation",
    "SchemaReview",
    "SchemaVersion",
    "Subscription",
    "UsageCounter",
    "User",
    "UserFeedback",
    "UserSession",
    "Workspace",
    "WorkspaceMember",
]
