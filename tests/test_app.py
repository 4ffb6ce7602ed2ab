from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from salesbot.api.deps import SessionDep
from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.models import IntegrationStatus
from salesbot.settings import Settings


class TestHealth:
    async def test_health_is_always_ok(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        assert response.json()["status"] == "ok"

    async def test_ready_reports_missing_worker(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/ready")
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "not_ready"
        checks = error["details"]["checks"]
        assert checks["database"]["ok"] and checks["migrations"]["ok"]
        assert not checks["worker"]["ok"]

    async def test_ready_with_a_live_worker(self, client: httpx.AsyncClient) -> None:
        async with get_database().transaction() as session:
            from sqlalchemy import text

            await session.execute(
                text("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now())")
            )
        response = await client.get("/ready")
        assert response.status_code == 200, response.text
        assert response.json()["checks"]["worker"]["ok"] is True


class TestErrors:
    async def test_unknown_route_uses_error_body(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/nothing-here")
        assert response.status_code == 404
        assert response.json() == {
            "error": {"code": "not_found", "message": "Такого адреса нет.", "details": None}
        }

    async def test_validation_error_lists_fields(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.post(
            "/api/v1/admin/users", json={"email": "x@example.com"}, headers=admin_headers
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert any(item["loc"][-1] == "password" for item in error["details"])

    async def test_unexpected_error_is_500_without_internals(self, app: FastAPI) -> None:
        async def boom(session: SessionDep) -> None:
            raise RuntimeError("secret internals ivan@example.com")

        app.add_api_route("/boom", boom)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/boom")
        assert response.status_code == 500
        body = response.json()["error"]
        assert body["code"] == "internal_error"
        assert "secret" not in body["message"]
        assert body["details"]["request_id"] == response.headers["x-request-id"]

    async def test_method_not_allowed(self, client: httpx.AsyncClient) -> None:
        response = await client.delete("/health")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"


class TestMiddleware:
    async def test_request_id_is_echoed_or_made(self, client: httpx.AsyncClient) -> None:
        given = await client.get("/health", headers={"X-Request-ID": "abc-123"})
        assert given.headers["x-request-id"] == "abc-123"
        made = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
        assert len(made.headers["x-request-id"]) == 32

    @pytest.mark.parametrize(
        ("origin", "allowed"),
        [("http://localhost:8000", True), ("https://evil.example", False)],
    )
    async def test_cors_allow_list(
        self, client: httpx.AsyncClient, origin: str, allowed: bool
    ) -> None:
        response = await client.options(
            "/api/v1/auth/token",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert (response.headers.get("access-control-allow-origin") == origin) is allowed

    async def test_metrics_and_docs(self, client: httpx.AsyncClient) -> None:
        await client.get("/health")
        await client.post("/api/v1/chat/sessions")
        metrics = await client.get("/metrics")
        assert metrics.status_code == 200
        # Counted under the route's template; the health check is not counted.
        assert (
            'http_requests_total{handler="/api/v1/chat/sessions",method="POST",status="201"}'
            in metrics.text
        )
        assert 'handler="/health"' not in metrics.text
        schema = (await client.get("/openapi.json")).json()
        assert "/api/v1/auth/token" in schema["paths"]
        docs = await client.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()


class TestRoot:
    async def test_root_is_the_landing_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/")
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]


async def test_shutdown_waits_for_the_integration_boards_writes(
    settings: Settings, clean_db: None, database: Database
) -> None:
    """An outside call's outcome is written in the background; the app's database must not be
    disposed under that write (it would open a connection nobody ever closes)."""
    from salesbot.app import create_app
    from salesbot.integrations import outcomes

    application = create_app(settings, configure_process=False)
    async with application.router.lifespan_context(application):
        outcomes.record_outcome("amocrm", ok=False, error="HTTP 503")
    assert not outcomes.recorder._tasks  # written before the database went away
    async with database.transaction() as session:
        row = await session.get(IntegrationStatus, "amocrm")
    assert row is not None and row.healthy is False
    outcomes.recorder.forget()
