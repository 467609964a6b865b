"""The billing clock (``vizora billing tick``, also run by the server): ends trials, rolls
periods over, applies scheduled downgrades and cancellations, and invoices the new period.

Runs as the billing system role. Safe to run from several processes at once: due
subscriptions are claimed with ``FOR UPDATE SKIP LOCKED``, and each is rolled only while its
period has ended, so a second run finds nothing left to do.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.billing.invoices import issue_invoice, plan_line
from app.billing.service import BILLING_PERIOD, DEFAULT_PLAN
from app.identity.tokens import utcnow
from app.models import BillingPlan, Subscription
from app.models.enums import SubscriptionStatus

logger = structlog.get_logger("vizora.billing")

RUNNING = (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE)


@dataclass
class TickReport:
    renewed: int = 0
    trials_ended: int = 0
    canceled: int = 0
    invoices: list[str] = field(default_factory=list)


async def tick(session: AsyncSession, *, now: datetime) -> TickReport:
    report = TickReport()
    plans = {plan.id: plan for plan in await session.scalars(select(BillingPlan))}
    free = next(plan for plan in plans.values() if plan.code == DEFAULT_PLAN)
    due = await session.scalars(
        select(Subscription)
        .where(Subscription.status.in_(RUNNING), Subscription.current_period_end <= now)
        .with_for_update(skip_locked=True)
    )
    for subscription in due:
        if subscription.cancel_at_period_end:
            subscription.status, subscription.plan_id = SubscriptionStatus.CANCELED, free.id
            subscription.cancel_at_period_end, subscription.pending_plan_id = False, None
            report.canceled += 1
            continue
        if subscription.status is SubscriptionStatus.TRIALING:
            # A trial that ends without a payment method falls back to free, not to a bill.
            subscription.status, subscription.plan_id = SubscriptionStatus.ACTIVE, free.id
            report.trials_ended += 1
        if subscription.pending_plan_id is not None:
            subscription.plan_id, subscription.pending_plan_id = subscription.pending_plan_id, None
        _advance_period(subscription, now)
        plan = plans[subscription.plan_id]
        invoice = await issue_invoice(
            session,
            subscription,
            [
                plan_line(
                    plan, subscription.current_period_start or now, subscription.current_period_end or now
                )
            ],
            currency=plan.currency,
            now=now,
        )
        if invoice is not None:
            report.invoices.append(f"{subscription.organization_id}#{invoice.number}")
        report.renewed += 1
    await session.flush()
    return report


def _advance_period(subscription: Subscription, now: datetime) -> None:
    """To the period containing ``now`` (a server that was down for months catches up once)."""
    end = subscription.current_period_end or now
    while end <= now:
        end += BILLING_PERIOD
    subscription.current_period_start, subscription.current_period_end = end - BILLING_PERIOD, end


async def run_tick(billing_sessionmaker: async_sessionmaker[AsyncSession], *, now: datetime) -> TickReport:
    """One tick in its own transaction, as the billing system role."""
    async with billing_sessionmaker() as session, session.begin():
        return await tick(session, now=now)


async def tick_forever(
    billing_sessionmaker: async_sessionmaker[AsyncSession], *, every_seconds: float
) -> None:
    """The server's own clock; a failed tick is logged and retried on the next beat."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            report = await run_tick(billing_sessionmaker, now=utcnow())
            if report.renewed or report.canceled:
                logger.info(
                    "billing tick",
                    renewed=report.renewed,
                    canceled=report.canceled,
                    invoices=len(report.invoices),
                )
        except Exception:
            logger.exception("billing tick failed")
