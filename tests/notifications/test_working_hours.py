"""Managers' alerts respect their working hours: a lead or a hand-off at night reaches the
Telegram group and the mailboxes when work starts (the dashboard shows it at once anyway);
TEAM_ALERTS_OFF_HOURS=send sends at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from salesbot.booking.hours import Schedule
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.notifications.team import tell_the_team
from salesbot.settings import Settings
from tests.conftest import closed_today
from tests.notifications.factories import conversation_with_lead
from tests.queue import drain
from tests.smtp import SmtpServer

pytestmark = pytest.mark.usefixtures("queue")


async def _alert(database: Database, settings: Settings) -> None:
    conversation_id = await conversation_with_lead(database)
    async with database.transaction() as session:
        await tell_the_team(
            session, settings, "handoff", conversation_id=conversation_id, reason_label="тест"
        )


async def _scheduled(database: Database) -> dict[str, datetime | None]:
    async with database.transaction() as session:
        rows = await session.execute(
            text("SELECT task_name, scheduled_at FROM procrastinate_jobs ORDER BY id")
        )
        return {row.task_name: row.scheduled_at for row in rows}


async def test_an_alert_at_night_waits_for_the_morning(
    database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    night = closed_today(settings, team_alerts_off_hours="hold")
    before = utcnow()
    await _alert(database, night)
    opens = Schedule.from_settings(night).next_opening(before)
    assert opens > before + timedelta(hours=1)  # the premise: managers are away
    scheduled = await _scheduled(database)
    assert set(scheduled) == {"channels.notify_team", "notifications.send_mail"}
    for at in scheduled.values():
        assert at is not None and abs((at - opens).total_seconds()) < 5
    await drain(night)
    assert smtp.mails == []  # nothing woke anybody up


async def test_in_working_hours_or_when_asked_it_goes_at_once(
    database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    await _alert(database, closed_today(settings, team_alerts_off_hours="send"))
    assert all(at is None for at in (await _scheduled(database)).values())
    await drain(settings)
    assert len(smtp.mails) == 1
