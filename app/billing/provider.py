"""The payment provider's outbound API, behind an interface.

Only checkout sessions go out today. ``LocalPaymentProvider`` needs no network: it answers
with a URL on this server and leaves completion to a ``checkout.session.completed`` webhook
(tests send a signed one). A Stripe-backed implementation plugs in here when deployed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


class PaymentProvider(Protocol):
    async def create_checkout_session(
        self, *, organization_id: UUID, plan_code: str, customer_email: str | None
    ) -> CheckoutSession: ...


class LocalPaymentProvider:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    async def create_checkout_session(
        self, *, organization_id: UUID, plan_code: str, customer_email: str | None
    ) -> CheckoutSession:
        session_id = f"cs_local_{secrets.token_hex(8)}"
        return CheckoutSession(session_id, f"{self.base_url}/billing/checkout/{session_id}?plan={plan_code}")
