"""Billing: the global plan catalog, each organization's subscription and metered usage, its
invoices and payments, and the payment provider's webhook events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import CHAR, CheckConstraint, ForeignKey, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Base,
    CreatedAt,
    OrganizationScoped,
    Timestamps,
    UUIDPrimaryKey,
    same_tenant_key,
    text_enum,
)
from app.models.enums import BillingInterval, InvoiceStatus, PaymentStatus, SubscriptionStatus

# The period_start of counters that never reset (workspaces, members, projects...), so that
# periodic and lifetime metrics share one unique key without a nullable column in it.
LIFETIME_PERIOD_START = datetime(1970, 1, 1, tzinfo=UTC)


class BillingPlan(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "billing_plans"
    __table_args__ = (CheckConstraint("price_cents >= 0", name="price_not_negative"),)

    code: Mapped[str] = mapped_column(unique=True)  # free, pro, team, enterprise
    name: Mapped[str]
    price_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(CHAR(3), server_default="usd")
    interval: Mapped[BillingInterval] = mapped_column(text_enum(BillingInterval, "interval"))
    # Metric -> limit; null means unlimited.
    limits: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    is_public: Mapped[bool] = mapped_column(server_default=text("true"))
    sort_order: Mapped[int] = mapped_column(server_default=text("0"))


class Feature(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "features"

    code: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    description: Mapped[str | None] = mapped_column(Text)


class PlanFeature(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "plan_features"
    __table_args__ = (UniqueConstraint("plan_id", "feature_id"),)

    plan_id: Mapped[UUID] = mapped_column(ForeignKey("billing_plans.id", ondelete="CASCADE"))
    feature_id: Mapped[UUID] = mapped_column(ForeignKey("features.id", ondelete="CASCADE"), index=True)


class Subscription(UUIDPrimaryKey, Timestamps, OrganizationScoped, Base):
    __tablename__ = "subscriptions"
    # For invoices' (subscription_id, organization_id) foreign key.
    __table_args__ = (UniqueConstraint("id", "organization_id"),)

    # One subscription per organization: the unique constraint is also the foreign key's index.
    organization_id: Mapped[UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), unique=True
    )
    # RESTRICT: a plan someone is subscribed to cannot disappear from the catalog.
    plan_id: Mapped[UUID] = mapped_column(ForeignKey("billing_plans.id", ondelete="RESTRICT"), index=True)
    status: Mapped[SubscriptionStatus] = mapped_column(text_enum(SubscriptionStatus, "status"))
    current_period_start: Mapped[datetime | None]
    current_period_end: Mapped[datetime | None]
    trial_ends_at: Mapped[datetime | None]
    cancel_at_period_end: Mapped[bool] = mapped_column(server_default=text("false"))
    canceled_at: Mapped[datetime | None]
    # A downgrade takes effect at the end of the paid period.
    pending_plan_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("billing_plans.id", ondelete="RESTRICT"), index=True
    )
    provider_customer_id: Mapped[str | None]
    provider_subscription_id: Mapped[str | None] = mapped_column(unique=True)


class UsageCounter(UUIDPrimaryKey, Timestamps, OrganizationScoped, Base):
    """Usage of one metric in one period, bumped with a conditional ``UPDATE ... RETURNING``
    so that concurrent requests cannot together exceed the plan's limit."""

    __tablename__ = "usage_counters"
    __table_args__ = (
        UniqueConstraint("organization_id", "metric", "period_start"),
        CheckConstraint("used >= 0", name="used_not_negative"),
    )

    # Not indexed on its own: it leads the unique (organization_id, metric, period_start).
    organization_id: Mapped[UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    metric: Mapped[str]
    period_start: Mapped[datetime]
    used: Mapped[int] = mapped_column(server_default=text("0"))


class Invoice(UUIDPrimaryKey, Timestamps, OrganizationScoped, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("organization_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        *same_tenant_key("subscription_id", "subscriptions", shared="organization_id", ondelete="SET NULL"),
        # For lines' and payments' (invoice_id, organization_id) foreign keys.
        UniqueConstraint("id", "organization_id"),
    )

    # Not indexed on its own: it leads the unique (organization_id, number).
    organization_id: Mapped[UUID] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    subscription_id: Mapped[UUID | None]
    number: Mapped[int]  # sequential per organization
    status: Mapped[InvoiceStatus] = mapped_column(
        text_enum(InvoiceStatus, "status"), server_default=InvoiceStatus.DRAFT.value
    )
    currency: Mapped[str] = mapped_column(CHAR(3))
    subtotal_cents: Mapped[int]
    total_cents: Mapped[int]
    period_start: Mapped[datetime | None]
    period_end: Mapped[datetime | None]
    issued_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    provider_invoice_id: Mapped[str | None] = mapped_column(unique=True)


class InvoiceLine(UUIDPrimaryKey, CreatedAt, OrganizationScoped, Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        *same_tenant_key("invoice_id", "invoices", shared="organization_id"),
    )

    invoice_id: Mapped[UUID]
    description: Mapped[str]
    quantity: Mapped[int] = mapped_column(server_default=text("1"))
    unit_amount_cents: Mapped[int]
    amount_cents: Mapped[int]  # negative for credits, e.g. unused time after a downgrade
    kind: Mapped[str]  # plan, proration, ...
    plan_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("billing_plans.id", ondelete="SET NULL"), index=True
    )
    period_start: Mapped[datetime | None]
    period_end: Mapped[datetime | None]


class Payment(UUIDPrimaryKey, Timestamps, OrganizationScoped, Base):
    __tablename__ = "payments"
    __table_args__ = (
        *same_tenant_key("invoice_id", "invoices", shared="organization_id", ondelete="SET NULL"),
    )

    invoice_id: Mapped[UUID | None]
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(CHAR(3))
    status: Mapped[PaymentStatus] = mapped_column(
        text_enum(PaymentStatus, "status"), server_default=PaymentStatus.PENDING.value
    )
    provider_payment_id: Mapped[str | None] = mapped_column(unique=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    paid_at: Mapped[datetime | None]


class BillingEvent(UUIDPrimaryKey, Base):
    """A payment provider webhook, stored once per (provider, event_id): a redelivered event hits
    the unique constraint instead of being processed twice."""

    __tablename__ = "billing_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    provider: Mapped[str]
    event_id: Mapped[str]
    event_type: Mapped[str]
    # SET NULL: the provider's record of what happened outlives the organization.
    organization_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    processed_at: Mapped[datetime | None]
    processing_error: Mapped[str | None] = mapped_column(Text)
