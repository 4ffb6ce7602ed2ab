"""A hand-off says who answers and when; a customer nobody took over within
HANDOFF_TIMEOUT_MINUTES is told so and helped on (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from salesbot.booking.hours import Schedule
from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import InboundMessage
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.dialog.tasks import handoff_timeouts
from salesbot.models import Channel, Conversation, Message
from salesbot.settings import Settings, use_settings
from tests.conftest import make_settings

MOSCOW_MONDAY_1830 = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)


def _settings(database_url: str, tmp_path: Path, **overrides: object) -> Settings:
    settings = make_settings(database_url, tmp_path, **overrides)
    use_settings(settings)
    return settings


class TestSchedule:
    def test_open_hours_and_the_next_opening(self, database_url: str, tmp_path: Path) -> None:
        schedule = Schedule.from_settings(_settings(database_url, tmp_path))  # 09–19, Mon–Fri
        assert schedule.is_open(MOSCOW_MONDAY_1830)
        friday_evening = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)  # 20:00 in Moscow
        opens = schedule.next_opening(friday_evening).astimezone(schedule.zone)
        assert (opens.isoweekday(), opens.hour) == (1, 9)  # Monday morning
        assert schedule.next_opening(MOSCOW_MONDAY_1830) == MOSCOW_MONDAY_1830


async def _handed_off(database: Database, settings: Settings, minutes_ago: int) -> Conversation:
    async with database.transaction() as session:
        received = await ConversationService(settings).receive(
            session, InboundMessage(Channel.web, f"h-{minutes_ago}-{utcnow().timestamp()}", "Алло")
        )
        conversation = received.conversation
        conversation.owner = "human"
        conversation.handoff_requested_at = utcnow() - timedelta(minutes=minutes_ago)
        conversation.state = {"stage": "handed_off", "handoff_reason": "customer_request"}
        return conversation


class TestTimeout:
    async def test_a_customer_nobody_took_over_is_told_and_helped_on(
        self, database: Database, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        settings = _settings(
            database_url, tmp_path, working_hours="00:00-24:00", working_days="1-7"
        )
        late = await _handed_off(database, settings, minutes_ago=20)
        fresh = await _handed_off(database, settings, minutes_ago=5)
        assert await handoff_timeouts(0) == 1
        assert await handoff_timeouts(0) == 0  # told once
        async with database.transaction() as session:
            waited = await session.get_one(Conversation, late.id)
            assert waited.owner == "bot" and waited.handoff_requested_at is not None
            assert DialogState.load(waited.state).awaiting == "contact_saved"
            said = await session.scalars(
                select(Message.text).where(Message.conversation_id == late.id)
            )
            assert any("Менеджер пока не подключился" in t for t in said)
            assert (await session.get_one(Conversation, fresh.id)).owner == "human"

    async def test_outside_working_hours_nobody_is_late(
        self, database: Database, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        today = utcnow().astimezone(Schedule.from_settings(_settings(database_url, tmp_path)).zone)
        other_days = ",".join(str(d) for d in range(1, 8) if d != today.isoweekday())
        settings = _settings(database_url, tmp_path, working_days=other_days)
        await _handed_off(database, settings, minutes_ago=600)
        assert await handoff_timeouts(0) == 0
