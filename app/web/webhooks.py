"""``POST /webhooks/stripe``: signature checked before anything is stored."""

from __future__ import annotations

import json

import stripe
from starlette.requests import Request
from starlette.responses import JSONResponse

from app.billing import webhooks
from app.runtime import Runtime

SIGNATURE_TOLERANCE_SECONDS = 300


async def stripe_webhook(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    secret = runtime.settings.stripe_webhook_secret
    if not secret or runtime.billing_sessionmaker is None:
        return JSONResponse({"error": "Payment webhooks are not configured on this server."}, status_code=503)
    payload = await request.body()
    try:
        # The library's own verification: HMAC of timestamp and body, within the tolerance.
        # (Only the check: the event is read once, as plain JSON, below.)
        stripe.WebhookSignature.verify_header(
            payload, request.headers.get("stripe-signature"), secret, tolerance=SIGNATURE_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except stripe.SignatureVerificationError:
        return JSONResponse({"error": "The signature does not match or is too old."}, status_code=400)
    except ValueError:
        return JSONResponse({"error": "The body is not a JSON event."}, status_code=400)
    async with runtime.billing_sessionmaker() as session, session.begin():
        receipt = await webhooks.receive(session, event)
    return JSONResponse({"received": True, "duplicate": receipt.duplicate, "outcome": receipt.outcome})
