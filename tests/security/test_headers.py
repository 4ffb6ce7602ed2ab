"""Security headers on every response, a strict policy for the dashboard, the operators'
tools closed to the outside in production, and no credentialed CORS for any origin."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from salesbot.app import create_app
from salesbot.channels.web import dashboard
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.settings import Environment
from tests.conftest import make_settings

PRODUCTION = {
    "environment": Environment.production,
    "jwt_secret_key": SecretStr("j" * 40),
    "pii_encryption_key": SecretStr("p" * 40),
    "pii_hash_key": SecretStr("h" * 40),
    "public_url": "https://sales.example.ru",
}


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "index.html").write_text(
        '<html><script src="/app/_next/a.js" async=""></script>'
        "<script>self.__next_f.push([0])</script></html>"
    )
    monkeypatch.setattr(dashboard, "DASHBOARD_DIR", root)


@asynccontextmanager
async def serving(
    database: Database, database_url: str, tmp_path: Path, peer: str, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(database_url, tmp_path, **overrides)
    app = create_app(settings, configure_process=False)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=(peer, 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                yield c
    finally:
        set_database(database)


class TestEveryResponse:
    async def test_nosniff_and_referrer_policy_everywhere_but_no_hsts_outside_production(
        self, client: httpx.AsyncClient
    ) -> None:
        for path in ("/health", "/api/v1/conversations", "/", "/no-such-page"):
            response = await client.get(path)
            assert response.headers["x-content-type-options"] == "nosniff", path
            assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
            assert "strict-transport-security" not in response.headers

    async def test_the_dashboard_has_a_strict_policy_and_no_framing(
        self, client: httpx.AsyncClient, export: None
    ) -> None:
        page = await client.get("/app/")
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        assert "connect-src 'self'" in policy
        assert page.headers["x-frame-options"] == "DENY"
        # The page's one inline script is allowed by its hash, and no other inline script.
        digest = base64.b64encode(hashlib.sha256(b"self.__next_f.push([0])").digest()).decode()
        script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
        assert script_src == f"script-src 'self' 'sha256-{digest}'"

    async def test_the_landing_page_loads_only_its_own_parts(
        self, client: httpx.AsyncClient
    ) -> None:
        page = await client.get("/")
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy


class TestProduction:
    async def test_hsts_and_operator_tools_closed_to_outside_addresses(
        self, database: Database, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        async with serving(database, database_url, tmp_path, "203.0.113.10", **PRODUCTION) as c:
            health = await c.get("/health")
            assert health.headers["strict-transport-security"].startswith("max-age=")
            for path in ("/metrics", "/docs", "/redoc", "/openapi.json"):
                refused = await c.get(path)
                assert refused.status_code == 404, path
                assert refused.json()["error"]["code"] == "not_found"

    async def test_operator_tools_answer_an_allowed_address(
        self, database: Database, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        async with serving(
            database,
            database_url,
            tmp_path,
            "10.0.0.7",
            internal_allowed_ips=["10.0.0.0/8"],
            **PRODUCTION,
        ) as c:
            assert (await c.get("/metrics")).status_code == 200
            assert (await c.get("/openapi.json")).status_code == 200


class TestCors:
    async def test_a_widget_allowed_everywhere_does_not_open_credentialed_requests(
        self, database: Database, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        async with serving(
            database, database_url, tmp_path, "203.0.113.10", widget_allowed_origins=["*"]
        ) as c:
            preflight = await c.options(
                "/api/v1/conversations",
                headers={
                    "Origin": "https://evil.example",
                    "Access-Control-Request-Method": "GET",
                    "Access-Control-Request-Headers": "authorization",
                },
            )
        assert preflight.headers.get("access-control-allow-credentials") != "true"
        assert preflight.headers.get("access-control-allow-origin") in (None, "*")
