from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.jobs.app import jobs_connected
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings
from tests.jobs.sample_tasks import CREATE_LOG


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Job tests retry fast: 0.05 s, 0.1 s, then parked."""
    fast = make_settings(database_url, tmp_path, job_retry_base_seconds=0.05, max_retries=2)
    configure_keyring(KeyRing.from_settings(fast))
    use_settings(fast)
    return fast


@pytest.fixture
async def job_log(database: Database, clean_db: None) -> None:
    async with database.transaction() as session:
        await session.execute(text(CREATE_LOG))
        await session.execute(text("TRUNCATE job_test_log"))


@pytest.fixture
async def queue(settings: Settings, database_url: str, job_log: None) -> AsyncIterator[Settings]:
    """The job app opened on its own pool (tests that run no HTTP app)."""
    async with jobs_connected(database_url):
        yield settings
