from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from salesbot.jobs.app import jobs_connected
from salesbot.settings import Settings
from tests.smtp import SmtpServer, mail_settings, smtp

__all__ = ["smtp"]  # the SMTP server fixture, for every test here

TEAM = "team@neurocode.example"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: SmtpServer) -> Settings:
    """Mail on, through the test's SMTP server; retries a tenth of a second apart."""
    return mail_settings(
        database_url,
        tmp_path,
        smtp,
        smtp_from="Нейрокод <noreply@neurocode.example>",
        smtp_timeout_seconds=2.0,
        manager_emails=[TEAM],
        public_url="https://sales.neurocode.example",
        job_retry_base_seconds=0.1,
        max_retries=2,
    )


@pytest.fixture(autouse=True)
async def _board(fresh_board: None) -> None:
    """Every test here starts with a fresh integration board (tests/conftest.py)."""


@pytest.fixture
async def queue(database_url: str, settings: Settings) -> AsyncIterator[Settings]:
    """The job app on its own pool, for tests that run a worker without the HTTP app."""
    async with jobs_connected(database_url):
        yield settings
