from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from salesbot.channels.memory import MemoryChannel
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings
from tests.queue import drain as run_queue


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Deliveries retry fast here: 0.05 s, 0.1 s, 0.2 s, then the message is dead; the
    answer backstop looks for messages unanswered for 0.2 s."""
    fast = make_settings(
        database_url,
        tmp_path,
        job_retry_base_seconds=0.05,
        max_retries=3,
        answer_backstop_seconds=0.2,
    )
    configure_keyring(KeyRing.from_settings(fast))
    use_settings(fast)
    return fast


@pytest.fixture
def memory(app: FastAPI) -> MemoryChannel:
    channel = MemoryChannel()
    app.state.runtime.channels.add(channel)
    return channel


async def drain(settings: Settings, *, rounds: int = 8) -> None:
    """Answers, then deliveries and their retries: several passes, a little apart."""
    await run_queue(settings, rounds=rounds, pause=0.25)
