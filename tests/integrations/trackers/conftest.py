"""The four fake trackers, started once a session and reset for each test, and the settings
of an installation that uses them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from salesbot.integrations import http
from salesbot.integrations.trackers.base import LeadTicket, Priority
from salesbot.settings import Settings
from tests.fakes import trello_server
from tests.fakes.clickup_server import FakeClickUp
from tests.fakes.github_projects_server import FakeGitHubProjects
from tests.fakes.shortcut_server import FakeShortcut
from tests.fakes.trello_server import FakeTrello


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """A call's own retries (429, 5xx) wait 0.5 s, 1 s, 2 s in production; here a moment."""

    async def moment(seconds: float) -> None:
        await asyncio.sleep(min(seconds, 0.01))

    monkeypatch.setattr(http, "_sleep", moment)


@pytest.fixture(scope="session")
def trello_server_() -> Iterator[FakeTrello]:
    fake = FakeTrello().start()
    yield fake
    fake.stop()


@pytest.fixture
def trello(trello_server_: FakeTrello) -> FakeTrello:
    trello_server_.reset()
    return trello_server_


@pytest.fixture(scope="session")
def clickup_server_() -> Iterator[FakeClickUp]:
    fake = FakeClickUp().start()
    yield fake
    fake.stop()


@pytest.fixture
def clickup(clickup_server_: FakeClickUp) -> FakeClickUp:
    clickup_server_.reset()
    return clickup_server_


@pytest.fixture(scope="session")
def shortcut_server_() -> Iterator[FakeShortcut]:
    fake = FakeShortcut().start()
    yield fake
    fake.stop()


@pytest.fixture
def shortcut(shortcut_server_: FakeShortcut) -> FakeShortcut:
    shortcut_server_.reset()
    return shortcut_server_


@pytest.fixture(scope="session")
def github_server_() -> Iterator[FakeGitHubProjects]:
    fake = FakeGitHubProjects().start()
    yield fake
    fake.stop()


@pytest.fixture
def github(github_server_: FakeGitHubProjects) -> FakeGitHubProjects:
    github_server_.reset()
    return github_server_


TRELLO_MAP = {
    "new": trello_server.LIST_NEW,
    "quote_sent": trello_server.LIST_IN_PROGRESS,
    "won": trello_server.LIST_WON,
    "lost": trello_server.LIST_LOST,
}


def trello_settings(settings: Settings, fake: FakeTrello, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "trello_api_key": trello_server.API_KEY,
        "trello_token": SecretStr(trello_server.TOKEN),
        "trello_board_id": trello_server.BOARD_ID,
        "trello_status_map": TRELLO_MAP,
        "trello_api_base": fake.base_url,
        **overrides,
    }
    return settings.model_copy(update=values)


def ticket(**changes: object) -> LeadTicket:
    """A lead as a customer's conversation leaves it: a brief, a quote, a consultation."""
    values: dict[str, object] = {
        "key": "SB-0a1b2c3d4e5f",
        "title": "ИИ-Менеджер — Ольга Соколова",
        "description": "**Клиент:** Ольга Соколова, +7 916 123-45-67\n\n**Канал:** сайт",
        "status": "new",
        "priority": Priority.high,
        "due": datetime(2026, 12, 9, 11, 0, tzinfo=UTC),
        "labels": ("site-lead",),
        "fields": {
            "product": "ИИ-Менеджер",
            "channel": "web",
            "amount": "450000.00",
            "package": "Стандарт",
            "phone": "+79161234567",
            "email": "olga@stroymontazh.ru",
        },
        "link": "https://bot.example.ru/app/leads/view?id=0a1b2c3d",
    }
    values.update(changes)
    return LeadTicket(**values)  # type: ignore[arg-type]


def later(hours: int) -> datetime:
    return datetime(2026, 12, 9, 11, 0, tzinfo=UTC) + timedelta(hours=hours)
