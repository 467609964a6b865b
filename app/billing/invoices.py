"""Issuing invoices: numbered per organization, totals in integer minor units."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import BillingPlan, Invoice, InvoiceLine, Subscription
from app.models.enums import InvoiceStatus

PAYMENT_TERMS = timedelta(days=14)


@dataclass(frozen=True)
class Line:
    description: str
    amount_cents: int  # negative for credits
    kind: str  # plan, proration
    plan_id: UUID | None = None


def plan_line(plan: BillingPlan, start: datetime, end: datetime) -> Line:
    return Line(f"{plan.name} plan, {start:%Y-%m-%d} to {end:%Y-%m-%d}", plan.price_cents, "plan", plan.id)


def proration_credit(plan: BillingPlan, unused_fraction: float) -> Line:
    credit = round(plan.price_cents * unused_fraction)
    return Line(f"Unused time on the {plan.name} plan", -credit, "proration", plan.id)


async def issue_invoice(
    session: AsyncSession, subscription: Subscription, lines: list[Line], *, currency: str, now: datetime
) -> Invoice | None:
    """An open invoice for the lines, or None when there is nothing to pay. The caller holds
    the subscription's row lock, which keeps the per-organization numbers gapless."""
    total = sum(line.amount_cents for line in lines)
    if total <= 0:
        return None
    organization_id = subscription.organization_id
    last = await session.scalar(
        select(func.max(Invoice.number)).where(Invoice.organization_id == organization_id)
    )
    invoice = Invoice(
        id=uuid.uuid4(),
        organization_id=organization_id,
        subscription_id=subscription.id,
        number=(last or 0) + 1,
        status=InvoiceStatus.OPEN,
        currency=currency,
        subtotal_cents=total,
        total_cents=total,
        period_start=subscription.current_period_start,
        period_end=subscription.current_period_end,
        issued_at=now,
        due_at=now + PAYMENT_TERMS,
    )
    session.add(invoice)
    session.add_all(
        InvoiceLine(
            id=uuid.uuid4(),
            organization_id=organization_id,
            invoice_id=invoice.id,
            description=line.description,
            quantity=1,
            unit_amount_cents=line.amount_cents,
            amount_cents=line.amount_cents,
            kind=line.kind,
            plan_id=line.plan_id,
            period_start=subscription.current_period_start,
            period_end=subscription.current_period_end,
        )
        for line in lines
    )
    await session.flush()
    return invoice
