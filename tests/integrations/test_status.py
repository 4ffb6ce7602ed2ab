"""The admins' integration board: GET /api/v1/admin/integrations and POST …/{name}/check,
built from the adapters' registry, against the real database, closed ports and the fake LLM
servers in tests/fakes/."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from pydantic_ai.messages import ModelRequest
from pydantic_ai.models import ModelRequestParameters
from pydantic_ai.models.fallback import FallbackModel

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.integrations import outcomes, registry
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.http import send_with_retries
from salesbot.integrations.llm import build_model
from salesbot.models import Role
from salesbot.settings import LLMProvider, Settings
from tests.conftest import create_user, login, make_settings
from tests.fakes.gigachat_server import FakeGigaChat
from tests.fakes.openai_server import FakeOpenAI

SECRETS = {
    "openai_api_key": "sk-SECRET-openai-0123456789",
    "anthropic_api_key": "sk-ant-SECRET-0123456789",
    "openrouter_api_key": "sk-or-SECRET-0123456789",
    "yandex_api_key": "AQVN-SECRET-yandex-0123456789",
    "gigachat_auth_key": "R2lnYS1TRUNSRVQtMDEyMzQ1Njc4OQ==",
    "telegram_bot_token": "123456:SECRET-telegram-0123456789",
    "amocrm_access_token": "SECRET-amocrm-0123456789",
    "avito_client_secret": "SECRET-avito-0123456789",
    "yookassa_secret_key": "live_SECRET-yookassa-0123456789",
    "smtp_password": "SECRET-smtp-0123456789",
}


def closed_port_url() -> str:
    """An address where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def openai_fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    server.app.get("/v1/models")(lambda: {"object": "list", "data": [{"id": "gpt-4o-mini"}]})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def gigachat_fake() -> Iterator[FakeGigaChat]:
    server = FakeGigaChat().start()
    yield server
    server.stop()


@pytest.fixture
async def make_client(
    database_url: str, tmp_path: Path, settings: Settings, clean_db: None, database: Database
) -> AsyncIterator[Any]:
    """Builds an app with extra settings and yields an HTTP client to it."""
    opened: list[tuple[Any, httpx.AsyncClient]] = []

    async def build(**overrides: Any) -> httpx.AsyncClient:
        app = create_app(
            make_settings(database_url, tmp_path, embedder="use", **overrides),
            configure_process=False,
        )
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        opened.append((lifespan, client))
        return client

    yield build
    for lifespan, client in reversed(opened):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)
    set_database(database)  # the apps' lifespans replaced the process handle; restore it


async def admin(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.admin)
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


class TestList:
    async def test_every_integration_is_listed_with_its_state(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.get("/api/v1/admin/integrations", headers=admin_headers)
        assert response.status_code == 200, response.text
        items = by_name(response.json())
        assert list(items) == [adapter.name for adapter in registry.ADAPTERS]
        assert set(items) >= {
            "database", "redis", "worker", "openai", "anthropic", "openrouter",
            "openai_compatible", "gigachat", "yandexgpt", "embedder", "smtp",
        }  # fmt: skip
        for item in items.values():
            assert set(item) == {
                "name", "title", "kind", "configured", "checkable", "healthy", "last_error",
                "last_error_at", "last_checked_at", "details",
            }  # fmt: skip
        assert items["database"]["configured"] is True
        assert items["database"]["healthy"] is None  # never checked yet
        assert items["openai"]["configured"] is False
        assert items["redis"]["details"] == {"mode": "in-process"}
        assert (items["openai"]["checkable"], items["database"]["checkable"]) == (False, True)

    async def test_a_service_without_an_adapter_is_not_listed(
        self, make_client: Any, database: Database
    ) -> None:
        """Settings alone do not put a service on the board: its adapter does (every service
        of the product has one now; a tracker it does not know has none)."""
        client = await make_client(
            amocrm_domain="example.amocrm.ru",
            amocrm_access_token=SecretStr(SECRETS["amocrm_access_token"]),
            telegram_bot_token=SecretStr(SECRETS["telegram_bot_token"]),
        )
        headers = await admin(client, database)
        response = await client.get("/api/v1/admin/integrations", headers=headers)
        names = set(by_name(response.json()))
        assert "jira" not in names
        assert {"telegram", "avito", "amocrm", "trello", "clickup", "shortcut", "github"} <= names
        checked = await client.post("/api/v1/admin/integrations/jira/check", headers=headers)
        assert checked.status_code == 404

    async def test_no_secret_ever_appears(self, make_client: Any, database: Database) -> None:
        closed = closed_port_url()
        client = await make_client(
            **{name: SecretStr(value) for name, value in SECRETS.items()},
            openai_base_url=f"{closed}/v1",
            yandex_folder_id="b1gabcdefghijklmnop",
            gigachat_oauth_url=f"{closed}/api/v2/oauth",
            gigachat_base_url=f"{closed}/api/v1",
            yandex_base_url=f"{closed}/v1",
            smtp_host="127.0.0.1",
            smtp_port=int(closed.rsplit(":", 1)[1]),
            smtp_username="mailer@example.com",
            amocrm_domain="example.amocrm.ru",
            avito_client_id="avito-client-123456",
            yookassa_shop_id="123456789",
        )
        headers = await admin(client, database)
        for name in ("openai", "gigachat", "yandexgpt", "smtp"):
            checked = await client.post(f"/api/v1/admin/integrations/{name}/check", headers=headers)
            assert checked.status_code == 200, checked.text
            assert checked.json()["healthy"] is False
        response = await client.get("/api/v1/admin/integrations", headers=headers)
        items = by_name(response.json())
        for name in ("openai", "anthropic", "openrouter", "gigachat", "yandexgpt", "smtp"):
            assert items[name]["configured"] is True, name
        assert items["yandexgpt"]["details"]["folder"] == "b1g…op"
        assert items["embedder"]["details"]["local"] is True
        text = response.text
        for value in SECRETS.values():
            assert value not in text
            assert value[4:16] not in text  # not even a slice of it


class TestCheck:
    async def test_database_is_healthy_and_a_missing_worker_is_failing(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        database = await client.post(
            "/api/v1/admin/integrations/database/check", headers=admin_headers
        )
        assert database.status_code == 200, database.text
        body = database.json()
        assert (body["healthy"], body["last_error"]) == (True, None)
        assert body["last_checked_at"] is not None

        worker = (
            await client.post("/api/v1/admin/integrations/worker/check", headers=admin_headers)
        ).json()
        assert worker["healthy"] is False
        assert "worker" in worker["last_error"]
        assert worker["last_error_at"] == worker["last_checked_at"]

        listed = by_name(
            (await client.get("/api/v1/admin/integrations", headers=admin_headers)).json()
        )
        assert listed["database"]["healthy"] is True
        assert listed["worker"]["last_error"] == worker["last_error"]

    async def test_unreachable_provider_reports_the_connection_error(
        self, make_client: Any, database: Database
    ) -> None:
        client = await make_client(
            openai_api_key=SecretStr(SECRETS["openai_api_key"]),
            openai_base_url=f"{closed_port_url()}/v1",
        )
        headers = await admin(client, database)
        body = (
            await client.post("/api/v1/admin/integrations/openai/check", headers=headers)
        ).json()
        assert body["healthy"] is False
        assert body["last_error"].startswith("нет соединения: ConnectError")

    async def test_reachable_provider_is_healthy_and_keeps_its_last_error(
        self, make_client: Any, database: Database, openai_fake: FakeOpenAI, settings: Settings
    ) -> None:
        client = await make_client(
            openai_api_key=SecretStr(SECRETS["openai_api_key"]),
            openai_base_url=openai_fake.base_url,
        )
        headers = await admin(client, database)
        async with database.transaction() as session:
            await outcomes.record(session, "openai", ok=False, error="HTTP 500", settings=settings)
        body = (
            await client.post("/api/v1/admin/integrations/openai/check", headers=headers)
        ).json()
        assert (body["healthy"], body["last_error"]) == (True, "HTTP 500")
        assert body["details"]["model"] == "gpt-4o-mini"
        assert body["details"]["host"].startswith("127.0.0.1:")

    async def test_gigachat_checks_its_oauth_key(
        self, make_client: Any, database: Database, gigachat_fake: FakeGigaChat
    ) -> None:
        good = await make_client(
            gigachat_auth_key=SecretStr(gigachat_fake.auth_key),
            gigachat_oauth_url=gigachat_fake.oauth_url,
            gigachat_base_url=gigachat_fake.base_url,
        )
        headers = await admin(good, database)
        body = (
            await good.post("/api/v1/admin/integrations/gigachat/check", headers=headers)
        ).json()
        assert body["healthy"] is True
        bad = await make_client(
            gigachat_auth_key=SecretStr("d3Jvbmc6a2V5LXRoYXQtaXMtbG9uZw=="),
            gigachat_oauth_url=gigachat_fake.oauth_url,
            gigachat_base_url=gigachat_fake.base_url,
        )
        body = (await bad.post("/api/v1/admin/integrations/gigachat/check", headers=headers)).json()
        assert body["healthy"] is False
        assert "401" in body["last_error"]
        assert "d3Jvbmc6a2V5" not in body["last_error"]

    async def test_unconfigured_integration_is_reported_without_a_probe(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        body = (
            await client.post("/api/v1/admin/integrations/anthropic/check", headers=admin_headers)
        ).json()
        assert (body["configured"], body["healthy"], body["last_checked_at"]) == (
            False,
            None,
            None,
        )

    async def test_unknown_integration_is_404(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.post("/api/v1/admin/integrations/nope/check", headers=admin_headers)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "integration_not_found"


class TestRealCalls:
    async def test_the_http_helper_records_the_final_outcome(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        outcomes.recorder.forget()

        async def refused() -> httpx.Response:
            raise httpx.ConnectError("Connection refused")

        with pytest.raises(OutsideServiceError):
            await send_with_retries("embedder", refused, max_retries=0)
        await outcomes.recorder.flush()
        embedder = by_name(
            (await client.get("/api/v1/admin/integrations", headers=admin_headers)).json()
        )["embedder"]
        assert embedder["healthy"] is False
        assert embedder["last_error"] == "unreachable: ConnectError: Connection refused"

        async def answered() -> httpx.Response:
            return httpx.Response(200, json={})

        await send_with_retries("embedder", answered, max_retries=0)
        await outcomes.recorder.flush()
        embedder = by_name(
            (await client.get("/api/v1/admin/integrations", headers=admin_headers)).json()
        )["embedder"]
        assert embedder["healthy"] is True
        outcomes.recorder.forget()

    async def test_a_failing_llm_provider_is_recorded_from_the_fallback_path(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        settings: Settings,
        openai_fake: FakeOpenAI,
    ) -> None:
        outcomes.recorder.forget()
        configured = settings.model_copy(
            update={
                "llm_provider": LLMProvider.openai,
                "openai_api_key": SecretStr(SECRETS["openai_api_key"]),
                "openai_base_url": f"{closed_port_url()}/v1",
                "llm_base_url": openai_fake.base_url,
            }
        )
        model = build_model(configured)
        assert isinstance(model, FallbackModel)
        try:
            await model.request(
                [ModelRequest.user_text_prompt("Здравствуйте")], None, ModelRequestParameters()
            )
        finally:
            for provider in model.models:
                await provider.client.close()  # type: ignore[attr-defined]
        await outcomes.recorder.flush()
        items = by_name(
            (await client.get("/api/v1/admin/integrations", headers=admin_headers)).json()
        )
        assert items["openai"]["healthy"] is False
        assert "Connection" in items["openai"]["last_error"]
        assert items["openai_compatible"]["healthy"] is True  # the fallback answered
        outcomes.recorder.forget()


class TestAccess:
    async def test_a_manager_is_refused(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        for response in (
            await client.get("/api/v1/admin/integrations", headers=headers),
            await client.post("/api/v1/admin/integrations/database/check", headers=headers),
        ):
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "forbidden_role"

    async def test_a_stranger_must_log_in(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/v1/admin/integrations")).status_code == 401
        response = await client.post("/api/v1/admin/integrations/database/check")
        assert response.status_code == 401
