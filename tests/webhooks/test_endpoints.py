from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from salesbot.admin.webhooks import router
from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.models import Role
from salesbot.settings import Settings
from tests.conftest import create_user, login
from tests.webhooks.conftest import jobs_for, load, record_committed, set_status

BASE = "/api/v1/admin/webhooks"


@pytest.fixture
async def app(settings: Settings, clean_db: None, database: Database) -> AsyncIterator[FastAPI]:
    """The shared `app`, with the webhook router added until app.py includes it."""
    application = create_app(settings, configure_process=False)
    if not any(getattr(route, "path", "").startswith(BASE) for route in application.routes):
        application.include_router(router)
    async with application.router.lifespan_context(application):
        yield application
    set_database(database)  # the app's lifespan replaced the process handle; restore it


@pytest.fixture
async def manager_headers(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.manager)
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


async def _three_events(database: Database) -> list[uuid.UUID]:
    """Two of avito (one failed), one of telegram; received in this order."""
    first = (await record_committed(database, "avito", "a-1", {"chat": "Иван"})).event.id
    second = (await record_committed(database, "avito", "a-2")).event.id
    third = (await record_committed(database, "telegram", "t-1")).event.id
    await set_status(database, first, "failed", last_error="ConnectionError: [email]")
    return [first, second, third]


class TestAccess:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", BASE),
            ("GET", f"{BASE}/{uuid.UUID(int=1)}"),
            ("POST", f"{BASE}/{uuid.UUID(int=1)}/replay"),
            ("POST", f"{BASE}/replay-failed"),
        ],
    )
    async def test_admins_only(
        self,
        client: httpx.AsyncClient,
        manager_headers: dict[str, str],
        method: str,
        path: str,
    ) -> None:
        anonymous = await client.request(method, path)
        assert anonymous.status_code == 401
        assert anonymous.json()["error"]["code"] == "not_authenticated"
        manager = await client.request(method, path, headers=manager_headers)
        assert manager.status_code == 403
        assert manager.json()["error"]["code"] == "forbidden_role"


class TestList:
    async def test_newest_first_without_payload_with_total(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        first, second, third = await _three_events(database)
        response = await client.get(BASE, headers=admin_headers)
        assert response.status_code == 200
        assert response.headers["X-Total-Count"] == "3"
        body = response.json()
        assert [item["id"] for item in body] == [str(third), str(second), str(first)]
        assert set(body[0]) == {
            "id",
            "provider",
            "external_id",
            "status",
            "attempts",
            "last_error",
            "received_at",
            "processed_at",
        }
        assert body[2]["status"] == "failed" and body[2]["last_error"] == "ConnectionError: [email]"

    async def test_filters_and_paging(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        first, second, _ = await _three_events(database)
        failed = await client.get(BASE, params={"status": "failed"}, headers=admin_headers)
        assert [item["id"] for item in failed.json()] == [str(first)]
        assert failed.headers["X-Total-Count"] == "1"
        page = await client.get(
            BASE, params={"provider": "avito", "limit": 1, "offset": 0}, headers=admin_headers
        )
        assert [item["id"] for item in page.json()] == [str(second)]
        assert page.headers["X-Total-Count"] == "2"
        unknown = await client.get(BASE, params={"status": "lost"}, headers=admin_headers)
        assert unknown.status_code == 422
        assert unknown.json()["error"]["code"] == "validation_error"


class TestDetail:
    async def test_includes_the_payload(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        first, _, _ = await _three_events(database)
        response = await client.get(f"{BASE}/{first}", headers=admin_headers)
        assert response.status_code == 200
        body = response.json()
        assert body["payload"] == {"chat": "Иван"}
        assert (body["provider"], body["external_id"], body["status"]) == (
            "avito",
            "a-1",
            "failed",
        )

    async def test_unknown_and_malformed_ids(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        missing = await client.get(f"{BASE}/{uuid.uuid4()}", headers=admin_headers)
        assert missing.status_code == 404
        error = missing.json()["error"]
        assert error["code"] == "webhook_event_not_found"
        assert error["message"] == "Событие вебхука не найдено."
        malformed = await client.get(f"{BASE}/not-an-id", headers=admin_headers)
        assert malformed.status_code == 422


class TestReplay:
    async def test_failed_event_is_queued_again(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        first, _, _ = await _three_events(database)
        response = await client.post(f"{BASE}/{first}/replay", headers=admin_headers)
        assert response.status_code == 202
        body = response.json()
        assert body["id"] == str(first) and body["status"] == "received"
        assert "payload" not in body
        assert await jobs_for(database, first) == ["todo", "todo"]

    async def test_processed_event_is_refused_unless_forced(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        _, second, _ = await _three_events(database)
        await set_status(database, second, "processed")
        refused = await client.post(f"{BASE}/{second}/replay", headers=admin_headers)
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "webhook_event_processed"
        assert "принудительно" in refused.json()["error"]["message"]
        assert (await load(database, second)).status == "processed"
        assert await jobs_for(database, second) == ["todo"]

        forced = await client.post(
            f"{BASE}/{second}/replay", params={"force": "true"}, headers=admin_headers
        )
        assert forced.status_code == 202 and forced.json()["status"] == "received"
        assert await jobs_for(database, second) == ["todo", "todo"]

    async def test_unknown_event(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.post(f"{BASE}/{uuid.uuid4()}/replay", headers=admin_headers)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "webhook_event_not_found"

    async def test_replay_failed_by_provider_then_all(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], database: Database
    ) -> None:
        first, _, third = await _three_events(database)
        await set_status(database, third, "failed")
        avito = await client.post(
            f"{BASE}/replay-failed", params={"provider": "avito"}, headers=admin_headers
        )
        assert avito.status_code == 202 and avito.json() == {"replayed": 1}
        assert (await load(database, first)).status == "received"
        assert (await load(database, third)).status == "failed"
        everything = await client.post(f"{BASE}/replay-failed", headers=admin_headers)
        assert everything.json() == {"replayed": 1}
        assert (await load(database, third)).status == "received"
        nothing = await client.post(f"{BASE}/replay-failed", headers=admin_headers)
        assert nothing.json() == {"replayed": 0}
