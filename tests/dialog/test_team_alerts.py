"""The team hears of a new lead and of a call for a person through every route it has: the
mail outbox (a real SMTP server here) and the managers' Telegram group job, both queued in
the turn's transaction."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.settings import Settings
from tests.crm.conftest import Chat
from tests.queue import drain
from tests.smtp import SmtpServer, mail_settings, smtp

__all__ = ["smtp"]

TEAM = "sales@neurocode.example"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, smtp: SmtpServer) -> Settings:
    return mail_settings(
        database_url,
        tmp_path,
        smtp,
        manager_emails=[TEAM],
        public_url="https://sales.neurocode.example",
    )


async def _team_jobs(database: Database) -> list[str]:
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT args->>'kind' FROM procrastinate_jobs "
                "WHERE task_name = 'channels.notify_team' ORDER BY id"
            )
        )
        return [row[0] for row in rows]


async def test_a_new_lead_and_a_call_for_a_person_reach_the_managers_mailboxes(
    client: httpx.AsyncClient, settings: Settings, database: Database, smtp: SmtpServer
) -> None:
    chat = await Chat.start(client)
    await chat.say("Здравствуйте, нужен ИИ-Юрист")
    await chat.say("Позовите, пожалуйста, живого менеджера")
    await chat.say("Позовите, пожалуйста, живого менеджера")  # asked again: no second call
    assert await _team_jobs(database) == ["lead", "handoff"]  # the Telegram group's route
    await drain(settings, rounds=3, pause=0.2)
    subjects = sorted(str(mail.message["Subject"]) for mail in smtp.mails)
    assert len(subjects) == 2 and all(mail.recipients == [TEAM] for mail in smtp.mails)
    handoff = next(m.message for m in smtp.mails if "менеджер" in str(m.message["Subject"]))
    body = handoff.get_body(preferencelist=("plain",))
    assert body is not None
    content = body.get_content()
    assert "клиент попросил менеджера" in content
    assert f"https://sales.neurocode.example/app/inbox?c={chat.id}" in content
