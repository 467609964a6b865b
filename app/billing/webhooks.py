"""Payment-provider events: stored once by their id, then applied idempotently and in any order.

Runs as the billing system role. The provider retries and reorders deliveries, so:
- a duplicate (same event id) is recognised by the unique (provider, event_id) and ignored;
- an invoice once paid stays paid, whatever ``payment_failed`` arrives late;
- a subscription event older than one already applied is recorded but not applied;
- an event for a customer we do not know is stored with the reason, never crashed on.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, cast, select
from sqlalchemy.dialects.postgresql import BIGINT, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.service import DEFAULT_PLAN
from app.identity.tokens import utcnow
from app.models import BillingEvent, BillingPlan, Invoice, Payment, Subscription
from app.models.enums import InvoiceStatus, PaymentStatus, SubscriptionStatus

PROVIDER = "stripe"
SUBSCRIPTION_EVENTS = ("customer.subscription.updated", "customer.subscription.deleted")
PROVIDER_STATUSES = {
    "trialing": SubscriptionStatus.TRIALING,
    "active": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.PAST_DUE,
    "unpaid": SubscriptionStatus.PAST_DUE,
    "canceled": SubscriptionStatus.CANCELED,
    "incomplete": SubscriptionStatus.INCOMPLETE,
    "incomplete_expired": SubscriptionStatus.CANCELED,
}


@dataclass(frozen=True)
class Receipt:
    duplicate: bool
    outcome: str  # applied, stale, ignored, or why it could not be applied


class UnknownCustomerError(Exception):
    pass


async def receive(session: AsyncSession, event: dict[str, Any]) -> Receipt:
    stored = await session.execute(
        insert(BillingEvent)
        .values(
            id=uuid.uuid4(), provider=PROVIDER, event_id=event["id"], event_type=event["type"], payload=event
        )
        .on_conflict_do_nothing(index_elements=["provider", "event_id"])
        .returning(BillingEvent.id)
    )
    event_row_id = stored.scalar_one_or_none()
    if event_row_id is None:
        return Receipt(duplicate=True, outcome="duplicate")
    record = await session.get_one(BillingEvent, event_row_id)
    handler = HANDLERS.get(event["type"])
    outcome = "ignored"  # kept for the record; nothing of ours depends on it
    if handler is not None:
        try:
            subscription = await _subscription_for(session, event["data"]["object"])
            record.organization_id = subscription.organization_id
            outcome = await handler(session, subscription, event)
        except UnknownCustomerError as error:
            outcome = record.processing_error = str(error)
    record.processed_at = utcnow()
    await session.flush()
    return Receipt(duplicate=False, outcome=outcome)


async def _subscription_for(session: AsyncSession, obj: dict[str, Any]) -> Subscription:
    """By the provider's customer id; a completed checkout names our organization instead."""
    customer = obj.get("customer")
    statement = select(Subscription).with_for_update()
    reference = obj.get("client_reference_id")
    if reference:
        found = await session.scalar(statement.where(Subscription.organization_id == _uuid(reference)))
    else:
        found = await session.scalar(statement.where(Subscription.provider_customer_id == customer))
    if found is None:
        raise UnknownCustomerError(f"unknown customer {customer or reference!r}")
    return found


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


async def _checkout_completed(
    session: AsyncSession, subscription: Subscription, event: dict[str, Any]
) -> str:
    obj = event["data"]["object"]
    subscription.provider_customer_id = obj.get("customer")
    subscription.provider_subscription_id = obj.get("subscription")
    if plan := await _plan(session, (obj.get("metadata") or {}).get("plan_code")):
        subscription.plan_id, subscription.pending_plan_id = plan.id, None
    subscription.status = SubscriptionStatus.ACTIVE
    return "applied"


async def _invoice_paid(session: AsyncSession, subscription: Subscription, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    invoice = await _invoice(session, subscription, obj)
    paid_at = datetime.fromtimestamp(event["created"], UTC)
    if invoice is not None and invoice.status is not InvoiceStatus.PAID:
        invoice.status, invoice.paid_at = InvoiceStatus.PAID, paid_at
    await _payment(session, subscription, invoice, obj, PaymentStatus.SUCCEEDED, paid_at=paid_at)
    if subscription.status is SubscriptionStatus.PAST_DUE:
        subscription.status = SubscriptionStatus.ACTIVE
    return "applied"


async def _invoice_payment_failed(
    session: AsyncSession, subscription: Subscription, event: dict[str, Any]
) -> str:
    obj = event["data"]["object"]
    invoice = await _invoice(session, subscription, obj)
    await _payment(session, subscription, invoice, obj, PaymentStatus.FAILED, failure="payment failed")
    if invoice is not None and invoice.status is InvoiceStatus.PAID:
        return "stale"  # paid since: a late failure notice changes nothing
    subscription.status = SubscriptionStatus.PAST_DUE
    return "applied"


async def _subscription_changed(
    session: AsyncSession, subscription: Subscription, event: dict[str, Any]
) -> str:
    if await _newer_subscription_event_applied(session, subscription.organization_id, event):
        return "stale"
    obj = event["data"]["object"]
    if event["type"] == "customer.subscription.deleted":
        free = await _plan(session, DEFAULT_PLAN)
        assert free is not None
        subscription.status, subscription.plan_id = SubscriptionStatus.CANCELED, free.id
        return "applied"
    subscription.status = PROVIDER_STATUSES.get(obj.get("status", ""), subscription.status)
    subscription.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
    if obj.get("current_period_end"):
        subscription.current_period_end = datetime.fromtimestamp(obj["current_period_end"], UTC)
    if plan := await _plan(session, (obj.get("metadata") or {}).get("plan_code")):
        subscription.plan_id = plan.id
    return "applied"


async def _newer_subscription_event_applied(
    session: AsyncSession, organization_id: UUID, event: dict[str, Any]
) -> bool:
    created = BillingEvent.payload["created"].astext
    newer = await session.scalar(
        select(BillingEvent.id)
        .where(
            and_(
                BillingEvent.organization_id == organization_id,
                BillingEvent.event_type.in_(SUBSCRIPTION_EVENTS),
                BillingEvent.processed_at.is_not(None),
                cast(created, BIGINT) > event["created"],
            )
        )
        .limit(1)
    )
    return newer is not None


async def _invoice(session: AsyncSession, subscription: Subscription, obj: dict[str, Any]) -> Invoice | None:
    """Ours, by the provider's invoice id or by the id we gave it in metadata."""
    invoice = await session.scalar(select(Invoice).where(Invoice.provider_invoice_id == obj.get("id")))
    ours = _uuid((obj.get("metadata") or {}).get("vizora_invoice_id", ""))
    if invoice is None and ours is not None:
        invoice = await session.scalar(
            select(Invoice).where(Invoice.id == ours, Invoice.organization_id == subscription.organization_id)
        )
        if invoice is not None:
            invoice.provider_invoice_id = obj.get("id")
    return invoice


async def _payment(
    session: AsyncSession,
    subscription: Subscription,
    invoice: Invoice | None,
    obj: dict[str, Any],
    status: PaymentStatus,
    *,
    paid_at: datetime | None = None,
    failure: str | None = None,
) -> None:
    await session.execute(
        insert(Payment)
        .values(
            id=uuid.uuid4(),
            organization_id=subscription.organization_id,
            invoice_id=invoice.id if invoice else None,
            amount_cents=obj.get("amount_paid") or obj.get("amount_due") or 0,
            currency=(obj.get("currency") or "usd")[:3],
            status=status,
            provider_payment_id=f"{obj.get('payment_intent') or obj.get('id')}:{status.value}",
            failure_reason=failure,
            paid_at=paid_at,
        )
        .on_conflict_do_nothing(index_elements=["provider_payment_id"])
    )


async def _plan(session: AsyncSession, code: str | None) -> BillingPlan | None:
    return await session.scalar(select(BillingPlan).where(BillingPlan.code == code)) if code else None


HANDLERS: dict[str, Callable[[AsyncSession, Subscription, dict[str, Any]], Awaitable[str]]] = {
    "checkout.session.completed": _checkout_completed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
}
