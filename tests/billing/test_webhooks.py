"""The payment-provider webhook: real signatures, stored once, applied in any order."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.bootstrap import DatabaseTargets
from app.models import BillingEvent, Invoice
from app.runtime import Runtime, open_runtime
from app.server import create_app
from graphql_schema.node import decode_global_id
from tests.accounts import Account, sign_up
from tests.conftest import make_settings
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade
from tests.tenancy.test_organizations import create_organization

WEBHOOK_SECRET = "whsec_test_secret"
BILLING = "query($slug: String!) { organization(slug: $slug) { billing { plan { code } status } invoices { edges { node { status payments { status } } } } } }"


@pytest.fixture(scope="module")
async def billing_runtime(database: DatabaseTargets) -> AsyncIterator[Runtime]:
    runtime = open_runtime(
        make_settings(database, stripe_webhook_secret=WEBHOOK_SECRET), TEST_SECRET_KEY, database
    )
    yield runtime
    await runtime.close()


@pytest.fixture(scope="module")
async def api(billing_runtime: Runtime) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=create_app(runtime=billing_runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


def signed(
    event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, at: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and the Stripe-Signature header Stripe itself would send."""
    body = json.dumps(event).encode()
    timestamp = at or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {"stripe-signature": f"t={timestamp},v1={signature}", "content-type": "application/json"}


def event(kind: str, obj: dict[str, Any], *, created: int | None = None) -> dict[str, Any]:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": kind,
        "created": created or int(time.time()),
        "data": {"object": obj},
    }


async def deliver(api: GraphQLClient, payload: dict[str, Any], **signing: Any) -> httpx.Response:
    body, headers = signed(payload, **signing)
    return await api.http.post("/webhooks/stripe", content=body, headers=headers)


async def customer_of(api: GraphQLClient, owner: Account, organization: dict[str, str]) -> str:
    """Completes a checkout for the organization; returns the provider's customer id."""
    customer = f"cus_{uuid.uuid4().hex[:10]}"
    checkout = event(
        "checkout.session.completed",
        {
            "customer": customer,
            "subscription": f"sub_{uuid.uuid4().hex[:8]}",
            "client_reference_id": str(decode_global_id(organization["id"])[1]),
            "metadata": {"plan_code": "pro"},
        },
    )
    assert (await deliver(api, checkout)).json()["outcome"] == "applied"
    return customer


async def test_checkout_then_paid_invoice_activates_the_plan_and_records_the_payment(
    api: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(api, "subscriber")
    organization = await create_organization(api, owner)
    await upgrade(api, owner, organization["id"], "pro")  # issues invoice #1
    customer = await customer_of(api, owner, organization)
    invoice_id = await owner_session.scalar(
        select(Invoice.id).where(Invoice.organization_id == decode_global_id(organization["id"])[1])
    )

    paid = await deliver(
        api,
        event(
            "invoice.paid",
            {
                "id": "in_1",
                "customer": customer,
                "amount_paid": 2900,
                "currency": "usd",
                "payment_intent": "pi_1",
                "metadata": {"vizora_invoice_id": str(invoice_id)},
            },
        ),
    )
    billing = (await api.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)).data[
        "organization"
    ]

    assert paid.status_code == 200
    assert billing["billing"] == {"plan": {"code": "pro"}, "status": "active"}
    assert billing["invoices"]["edges"][0]["node"] == {
        "status": "paid",
        "payments": [{"status": "succeeded"}],
    }


async def test_bad_or_expired_signatures_are_refused_and_not_stored(
    api: GraphQLClient, owner_session: AsyncSession
) -> None:
    before = await owner_session.scalar(select(func.count()).select_from(BillingEvent))
    payload = event("invoice.paid", {"customer": "cus_x"})

    forged = await deliver(api, payload, secret="whsec_wrong")
    expired = await deliver(api, payload, at=int(time.time()) - 3600)
    unsigned = await api.http.post("/webhooks/stripe", content=json.dumps(payload).encode())

    assert [response.status_code for response in (forged, expired, unsigned)] == [400, 400, 400]
    assert await owner_session.scalar(select(func.count()).select_from(BillingEvent)) == before


async def test_a_duplicate_delivery_changes_nothing(api: GraphQLClient, owner_session: AsyncSession) -> None:
    owner = await sign_up(api, "duplicated")
    organization = await create_organization(api, owner)
    customer = await customer_of(api, owner, organization)
    failed = event(
        "invoice.payment_failed",
        {"id": "in_dup", "customer": customer, "amount_due": 2900, "payment_intent": "pi_dup"},
    )

    first = (await deliver(api, failed)).json()
    second = (await deliver(api, failed)).json()
    stored = await owner_session.scalar(
        select(func.count()).select_from(BillingEvent).where(BillingEvent.event_id == failed["id"])
    )

    assert (first["duplicate"], second["duplicate"]) == (False, True)
    assert stored == 1


async def test_events_apply_in_any_order(api: GraphQLClient, owner_session: AsyncSession) -> None:
    owner = await sign_up(api, "reordered")
    organization = await create_organization(api, owner)
    customer = await customer_of(api, owner, organization)
    now = int(time.time())
    newer = event(
        "customer.subscription.updated",
        {"customer": customer, "status": "active", "metadata": {"plan_code": "team"}},
        created=now,
    )
    older = event(
        "customer.subscription.updated",
        {"customer": customer, "status": "past_due", "metadata": {"plan_code": "pro"}},
        created=now - 60,
    )

    assert (await deliver(api, newer)).json()["outcome"] == "applied"
    assert (await deliver(api, older)).json()["outcome"] == "stale"

    billing = (await api.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)).data[
        "organization"
    ]["billing"]
    assert billing == {"plan": {"code": "team"}, "status": "active"}


async def test_a_failed_payment_makes_the_subscription_past_due_until_paid(api: GraphQLClient) -> None:
    owner = await sign_up(api, "defaulter")
    organization = await create_organization(api, owner)
    customer = await customer_of(api, owner, organization)

    await deliver(
        api,
        event(
            "invoice.payment_failed",
            {"id": "in_f", "customer": customer, "amount_due": 2900, "payment_intent": "pi_f"},
        ),
    )
    after_failure = (
        await api.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)
    ).data["organization"]["billing"]
    await deliver(
        api,
        event(
            "invoice.paid",
            {"id": "in_f", "customer": customer, "amount_paid": 2900, "payment_intent": "pi_f"},
        ),
    )
    after_payment = (
        await api.execute(BILLING, {"slug": organization["slug"]}, token=owner.access_token)
    ).data["organization"]["billing"]

    assert after_failure["status"] == "past_due"
    assert after_payment["status"] == "active"


async def test_an_unknown_customer_is_stored_and_reported_not_crashed_on(
    api: GraphQLClient, owner_session: AsyncSession
) -> None:
    orphan = event("invoice.paid", {"id": "in_orphan", "customer": "cus_nobody", "amount_paid": 100})

    response = await deliver(api, orphan)
    stored = await owner_session.scalar(select(BillingEvent).where(BillingEvent.event_id == orphan["id"]))

    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown customer 'cus_nobody'"
    assert stored is not None
    assert stored.processing_error == "unknown customer 'cus_nobody'"
    assert stored.processed_at is not None


async def test_without_a_configured_secret_the_endpoint_refuses(client: GraphQLClient) -> None:
    body, headers = signed(event("invoice.paid", {}))
    response = await client.http.post("/webhooks/stripe", content=body, headers=headers)
    assert response.status_code == 503
