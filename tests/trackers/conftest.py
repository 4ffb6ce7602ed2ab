from __future__ import annotations

from pathlib import Path

import pytest

from salesbot.settings import Settings
from tests.conftest import in_use, make_settings
from tests.crm.conftest import Chat, drain
from tests.fakes.trello_server import FakeTrello
from tests.integrations.trackers.conftest import (
    clickup,
    clickup_server_,
    github,
    github_server_,
    quick_backoff,
    shortcut,
    shortcut_server_,
    trello,
    trello_server_,
    trello_settings,
)

__all__ = [
    "Chat",
    "clickup",
    "clickup_server_",
    "drain",
    "github",
    "github_server_",
    "quick_backoff",
    "shortcut",
    "shortcut_server_",
    "trello",
    "trello_server_",
]


@pytest.fixture
def base_settings(database_url: str, tmp_path: Path) -> Settings:
    """Syncs retry fast (0.05 s, 0.1 s, 0.2 s, then parked); no CRM, no tracker yet."""
    return make_settings(
        database_url,
        tmp_path,
        job_retry_base_seconds=0.05,
        max_retries=3,
        public_url="https://bot.example.ru",
    )


@pytest.fixture
def settings(base_settings: Settings, trello: FakeTrello) -> Settings:
    """Trello switched on, its statuses mapped."""
    return in_use(trello_settings(base_settings, trello))
