from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from salesbot.db.engine import Database
from salesbot.integrations import http
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.models import Lead
from salesbot.settings import Settings
from tests.conftest import in_use, make_settings
from tests.fakes.amocrm_server import SOURCE_FIELD, FakeAmo
from tests.integrations.crm.conftest import DOMAIN, amo, amo_server, amo_settings
from tests.queue import drain as run_queue

__all__ = ["amo", "amo_server"]  # the fake amoCRM's fixtures, shared with the client's tests

FIRST, TALKS, DECIDING = 2030, 2031, 2032  # stages of the fake's main pipeline
# A customer who goes all the way to a quote on the website chat, then leaves a contact.
QUOTE = (
    "Здравствуйте! Нужен ИИ-Менеджер для отдела продаж",
    "у нас 30 менеджеров",
    "интеграция с амо, 1С, телеграмом и авито",
    "облако подойдёт",
    "99,5",
    "Всё верно",
)
CONTACT = "Меня зовут Ольга, телефон +7 999 123-45-67, почта olga@romashka.ru"


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """A call's own retries (429, 5xx) wait 0.5 s, 1 s, 2 s in production; here a moment."""

    async def moment(seconds: float) -> None:
        await asyncio.sleep(min(seconds, 0.01))

    monkeypatch.setattr(http, "_sleep", moment)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, amo_server: FakeAmo) -> Settings:
    """Connected to the fake account; syncs retry fast (0.05 s, 0.1 s, 0.2 s, then parked)."""
    fast = make_settings(database_url, tmp_path, job_retry_base_seconds=0.05, max_retries=3)
    configured = amo_settings(
        fast,
        amo_server,
        amocrm_status_map={"new": FIRST, "quote_sent": TALKS},
        amocrm_field_map={"source": str(SOURCE_FIELD)},
    )
    return in_use(configured)


@pytest.fixture
async def connected(amo: FakeAmo, settings: Settings, database: Database, app: FastAPI) -> FakeAmo:
    """The account connected by an admin's consent (tokens in the database)."""
    client = AmoClient(settings, database=lambda: database)
    await client.exchange_code(amo.issue_code(), DOMAIN)
    await client.close()
    amo.calls.clear()
    return amo


async def drain(settings: Settings, *, rounds: int = 6) -> None:
    await run_queue(settings, rounds=rounds, pause=0.2)


class Chat:
    """A customer on the website chat (the offline brain answers)."""

    def __init__(self, client: httpx.AsyncClient, session_id: str, token: str) -> None:
        self.client, self.id = client, session_id
        self.headers = {"Authorization": f"Bearer {token}"}

    @classmethod
    async def start(cls, client: httpx.AsyncClient) -> Chat:
        started = await client.post("/api/v1/chat/sessions")
        assert started.status_code == 201, started.text
        body = started.json()
        return cls(client, body["session_id"], body["token"])

    async def say(self, *texts: str) -> str:
        said = []
        for text in texts:
            response = await self.client.post(
                f"/api/v1/chat/sessions/{self.id}/messages",
                json={"text": text},
                headers=self.headers,
            )
            assert response.status_code == 200, response.text
            said += [r["text"] for r in response.json()["replies"]]
        return "\n".join(said)


async def only_lead(database: Database) -> Lead:
    async with database.transaction() as session:
        return (await session.execute(select(Lead))).scalar_one()
