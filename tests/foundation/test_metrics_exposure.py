"""Who may read /metrics: anyone in development; in production only the bearer of
VIZORA_METRICS_TOKEN, or whoever reaches VIZORA_METRICS_PORT; nobody otherwise (404)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from app.config import Environment, Settings
from app.runtime import Runtime
from app.server import create_app
from app.web.metrics_listener import metrics_listener
from tests.processes import free_port

TOKEN = "metrics-token-of-the-tests"
A_METRIC = b"vizora_http_requests_total"


@asynccontextmanager
async def api_with(
    runtime: Runtime, settings: Settings, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the API's port, the app built with these settings changed."""
    app = create_app(settings=settings.model_copy(update=overrides), runtime=runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http


async def test_development_serves_metrics_to_anyone(runtime: Runtime, settings: Settings):
    async with api_with(runtime, settings, env=Environment.DEVELOPMENT) as http:
        response = await http.get("/metrics")

    assert response.status_code == 200
    assert A_METRIC in response.content


async def test_production_without_a_token_or_a_port_does_not_expose_metrics(
    runtime: Runtime, settings: Settings
):
    async with api_with(runtime, settings, env=Environment.PRODUCTION) as http:
        metrics = await http.get("/metrics")
        unknown = await http.get("/no-such-route")

    assert (metrics.status_code, metrics.text) == (404, "Not Found")
    assert (metrics.status_code, metrics.text) == (unknown.status_code, unknown.text)


async def test_production_with_a_token_serves_metrics_only_to_its_bearer(
    runtime: Runtime, settings: Settings
):
    async with api_with(runtime, settings, env=Environment.PRODUCTION, metrics_token=TOKEN) as http:
        refused = [
            await http.get("/metrics"),
            await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"}),
            await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN[:-1]}"}),
            await http.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}),
            await http.get("/metrics", headers={"Authorization": "Bearer "}),
        ]
        allowed = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert [response.status_code for response in refused] == [401] * 5
    assert {response.headers["www-authenticate"] for response in refused} == {'Bearer realm="metrics"'}
    assert A_METRIC not in b"".join(response.content for response in refused)
    assert allowed.status_code == 200
    assert A_METRIC in allowed.content


async def test_a_token_is_asked_for_in_development_too(runtime: Runtime, settings: Settings):
    async with api_with(runtime, settings, env=Environment.DEVELOPMENT, metrics_token=TOKEN) as http:
        response = await http.get("/metrics")

    assert response.status_code == 401


async def test_with_a_metrics_port_the_api_port_does_not_serve_metrics(runtime: Runtime, settings: Settings):
    async with api_with(runtime, settings, env=Environment.DEVELOPMENT, metrics_port=free_port()) as http:
        response = await http.get("/metrics")

    assert response.status_code == 404


def test_the_metrics_port_serves_only_metrics_and_asks_for_the_token(settings: Settings):
    port = free_port()
    listening = settings.model_copy(update={"metrics_port": port, "metrics_token": TOKEN})

    with metrics_listener(listening, "127.0.0.1"), httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        without_token = http.get("/metrics")
        with_token = http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        elsewhere = http.get("/graphql", headers={"Authorization": f"Bearer {TOKEN}"})

    assert without_token.status_code == 401
    assert with_token.status_code == 200
    assert A_METRIC in with_token.content
    assert elsewhere.status_code == 404
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/metrics")  # closed with the block


@pytest.mark.parametrize("token", ["", "too-short"])
def test_a_metrics_token_shorter_than_16_characters_is_refused_at_start_up(
    token: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("VIZORA_METRICS_TOKEN", token)

    with pytest.raises(ValidationError, match="metrics_token"):
        Settings()
