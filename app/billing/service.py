"""Subscriptions and the limits of their plans.

``consume`` is the gate every capability passes when it creates something a plan limits. It
bumps the usage counter with one conditional ``UPDATE … RETURNING``: PostgreSQL's row lock
serialises concurrent requests on the counter, and the condition refuses the one that would
go past the limit, so no race lets an organization exceed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, record
from app.billing.invoices import issue_invoice, plan_line, proration_credit
from app.billing.metrics import Metric
from app.config import Settings
from app.db.session import UnitOfWork
from app.errors import BadUserInputError, ConflictError, PlanLimitExceededError
from app.identity.tokens import utcnow
from app.models import BillingPlan, Feature, PlanFeature, Subscription, UsageCounter
from app.models.enums import SubscriptionStatus

DEFAULT_PLAN = "free"
BILLING_PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Usage:
    metric: Metric
    used: int
    limit: int | None


@dataclass(frozen=True)
class Trial:
    """What a new organization gets to try, and for how long (``VIZORA_TRIAL_PLAN``)."""

    plan_code: str
    days: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Trial | None:
        return cls(settings.trial_plan, settings.trial_days) if settings.trial_plan else None


async def start_subscription(
    uow: UnitOfWork, *, organization_id: UUID, trial: Trial | None = None
) -> Subscription:
    """A new organization starts on the free plan, or on a trial of a paid one; the billing
    tick moves an unpaid trial back to free when it ends."""
    now = utcnow()
    plan = await plan_by_code(uow, trial.plan_code if trial else DEFAULT_PLAN)
    period_end = now + (timedelta(days=trial.days) if trial else BILLING_PERIOD)
    subscription = Subscription(
        organization_id=organization_id,
        plan_id=plan.id,
        status=SubscriptionStatus.TRIALING if trial else SubscriptionStatus.ACTIVE,
        current_period_start=now,
        current_period_end=period_end,
        trial_ends_at=period_end if trial else None,
    )
    uow.session.add(subscription)
    await uow.session.flush()
    return subscription


async def consume(uow: UnitOfWork, organization_id: UUID, metric: Metric, amount: int = 1) -> None:
    plan = await plan_of(uow, organization_id)
    limit = plan.limits.get(metric.value)
    period_start = metric.period_start(utcnow())
    await uow.session.execute(
        insert(UsageCounter)
        .values(organization_id=organization_id, metric=metric.value, period_start=period_start, used=0)
        .on_conflict_do_nothing(index_elements=["organization_id", "metric", "period_start"])
    )
    counter = UsageCounter.__table__.c
    bumped = await uow.session.execute(
        update(UsageCounter)
        .where(
            counter.organization_id == organization_id,
            counter.metric == metric.value,
            counter.period_start == period_start,
            *([counter.used + amount <= limit] if limit is not None else []),
        )
        .values(used=counter.used + amount, updated_at=text("now()"))
        .returning(counter.used)
        .execution_options(synchronize_session=False)
    )
    if bumped.first() is None:
        raise PlanLimitExceededError(await _limit_message(uow, plan, metric, limit or 0))


async def release(uow: UnitOfWork, organization_id: UUID, metric: Metric, amount: int = 1) -> None:
    """Give back what a deletion freed (existing-things metrics only; months do not refund)."""
    counter = UsageCounter.__table__.c
    await uow.session.execute(
        update(UsageCounter)
        .where(
            counter.organization_id == organization_id,
            counter.metric == metric.value,
            counter.period_start == metric.period_start(utcnow()),
            counter.used >= amount,
        )
        .values(used=counter.used - amount, updated_at=text("now()"))
        .execution_options(synchronize_session=False)
    )


async def usage(uow: UnitOfWork, organization_id: UUID) -> list[Usage]:
    return (await usage_for(uow.session, [organization_id]))[organization_id]


async def usage_for(session: AsyncSession, organization_ids: Sequence[UUID]) -> dict[UUID, list[Usage]]:
    """Every metric's use and limit in the current period, for many organizations at once."""
    now = utcnow()
    limits: dict[UUID, dict[str, int | None]] = dict(
        (
            await session.execute(
                select(Subscription.organization_id, BillingPlan.limits)
                .join(BillingPlan, BillingPlan.id == Subscription.plan_id)
                .where(Subscription.organization_id.in_(organization_ids))
            )
        ).all()
    )
    free_limits = (
        await session.scalar(select(BillingPlan.limits).where(BillingPlan.code == DEFAULT_PLAN))
    ) or {}
    rows = await session.execute(
        select(
            UsageCounter.organization_id, UsageCounter.metric, UsageCounter.period_start, UsageCounter.used
        ).where(UsageCounter.organization_id.in_(organization_ids))
    )
    used = {(org, metric, period): count for org, metric, period, count in rows}
    return {
        org: [
            Usage(
                metric,
                used.get((org, metric.value, metric.period_start(now)), 0),
                limits.get(org, free_limits).get(metric.value),
            )
            for metric in Metric
        ]
        for org in organization_ids
    }


async def change_plan(
    uow: UnitOfWork, actor: Actor, *, organization_id: UUID, plan_code: str
) -> Subscription:
    """An upgrade takes effect now; a downgrade at the end of the period, and only if the
    organization's current usage fits the smaller plan."""
    subscription = await subscription_of(uow, organization_id, lock=True)
    current = await uow.session.get_one(BillingPlan, subscription.plan_id)
    target = await plan_by_code(uow, plan_code)
    if target.id == current.id:
        subscription.pending_plan_id = None
    elif target.sort_order > current.sort_order:
        await _upgrade(uow, subscription, current, target)
    else:
        over = [item for item in await usage(uow, organization_id) if _exceeds(item, target)]
        if over:
            listing = ", ".join(_over_limit(item, target) for item in over)
            raise PlanLimitExceededError(
                f"The {target.name} plan is too small for this organization today: {listing}."
            )
        subscription.pending_plan_id = target.id
    record(
        uow,
        actor,
        "subscription.change_plan",
        organization_id=organization_id,
        target_type="Subscription",
        target_id=subscription.id,
        details={"from": current.code, "to": target.code},
    )
    await uow.session.flush()
    return subscription


async def set_cancel_at_period_end(
    uow: UnitOfWork, actor: Actor, *, organization_id: UUID, cancel: bool
) -> Subscription:
    subscription = await subscription_of(uow, organization_id)
    if subscription.status is SubscriptionStatus.CANCELED:
        raise ConflictError("The subscription has already ended; choose a plan to start a new one.")
    subscription.cancel_at_period_end = cancel
    subscription.canceled_at = utcnow() if cancel else None
    record(
        uow,
        actor,
        "subscription.cancel" if cancel else "subscription.resume",
        organization_id=organization_id,
        target_type="Subscription",
        target_id=subscription.id,
    )
    await uow.session.flush()
    return subscription


async def _upgrade(
    uow: UnitOfWork, subscription: Subscription, current: BillingPlan, target: BillingPlan
) -> None:
    """Now, with a new period: the new plan's price less the unused part of the old one."""
    now = utcnow()
    start, end = subscription.current_period_start, subscription.current_period_end
    unused = (end - now) / (end - start) if start and end and end > now and end > start else 0.0
    subscription.plan_id, subscription.pending_plan_id = target.id, None
    if subscription.status is SubscriptionStatus.TRIALING:
        subscription.status, unused = SubscriptionStatus.ACTIVE, 0.0  # nothing was paid for the trial
    subscription.current_period_start, subscription.current_period_end = now, now + BILLING_PERIOD
    lines = [plan_line(target, now, now + BILLING_PERIOD)]
    if current.price_cents and unused:
        lines.append(proration_credit(current, unused))
    await issue_invoice(uow.session, subscription, lines, currency=target.currency, now=now)


async def subscription_of(uow: UnitOfWork, organization_id: UUID, *, lock: bool = False) -> Subscription:
    """``lock`` takes the row lock that serialises plan changes and invoice numbering."""
    statement = select(Subscription).where(Subscription.organization_id == organization_id)
    subscription = await uow.session.scalar(statement.with_for_update() if lock else statement)
    if subscription is None:
        return await start_subscription(uow, organization_id=organization_id)
    return subscription


async def plan_of(uow: UnitOfWork, organization_id: UUID) -> BillingPlan:
    plan = await uow.session.scalar(
        select(BillingPlan)
        .join(Subscription, Subscription.plan_id == BillingPlan.id)
        .where(Subscription.organization_id == organization_id)
    )
    return plan or await plan_by_code(uow, DEFAULT_PLAN)


async def plan_by_code(uow: UnitOfWork, code: str) -> BillingPlan:
    plan = await uow.session.scalar(
        select(BillingPlan).where(BillingPlan.code == code, BillingPlan.is_public)
    )
    if plan is None:
        codes = ", ".join(
            (await uow.session.scalars(select(BillingPlan.code).order_by(BillingPlan.sort_order))).all()
        )
        raise BadUserInputError(f"No plan {code!r}; choose one of {codes}.", field=["planCode"])
    return plan


def _over_limit(item: Usage, plan: BillingPlan) -> str:
    return f"{item.metric.label} ({item.used} used, {plan.name} allows {plan.limits[item.metric.value]})"


def _exceeds(item: Usage, plan: BillingPlan) -> bool:
    limit = plan.limits.get(item.metric.value)
    return limit is not None and item.used > limit


async def _limit_message(uow: UnitOfWork, plan: BillingPlan, metric: Metric, limit: int) -> str:
    plans = (
        await uow.session.scalars(
            select(BillingPlan).where(BillingPlan.is_public).order_by(BillingPlan.sort_order)
        )
    ).all()
    lifting = next(
        (
            p
            for p in plans
            if p.sort_order > plan.sort_order
            and (p.limits.get(metric.value) is None or p.limits[metric.value] > limit)
        ),
        None,
    )
    advice = (
        f" The {lifting.name} plan allows {lifting.limits.get(metric.value) or 'unlimited'}."
        if lifting
        else ""
    )
    return (
        f"The {plan.name} plan allows {limit} {metric.label}, and this organization has reached it.{advice}"
    )


async def require_feature(uow: UnitOfWork, organization_id: UUID, feature: str) -> None:
    """For capabilities a plan unlocks (live connections, realtime, …): refuses, naming the
    cheapest plan that includes it, when the organization's plan does not."""
    plan = await plan_of(uow, organization_id)
    offering = (
        await uow.session.scalars(
            select(BillingPlan)
            .join(PlanFeature, PlanFeature.plan_id == BillingPlan.id)
            .join(Feature, Feature.id == PlanFeature.feature_id)
            .where(Feature.code == feature, BillingPlan.is_public)
            .order_by(BillingPlan.sort_order)
        )
    ).all()
    if plan.id in {offered.id for offered in offering}:
        return
    label = feature.replace("_", " ")
    advice = f" The {offering[0].name} plan does." if offering else ""
    raise PlanLimitExceededError(f"The {plan.name} plan does not include {label}.{advice}")
