"""The working calendar and the bookings: Russia's holidays and short days, the slots' grid,
notice and horizon, one booking a manager a start however close the race, moves, cancels
and the reminders' timing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from salesbot.booking.hours import Schedule
from salesbot.booking.service import BookingService, Busy, SlotTaken
from salesbot.db.engine import Database
from salesbot.models import Booking, Conversation
from salesbot.settings import Settings
from tests.conftest import make_settings

MSK = ZoneInfo("Europe/Moscow")
TUESDAY = datetime(2026, 12, 8, 14, 20, tzinfo=MSK)  # "now" in these tests


def _settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    return make_settings(
        database_url, tmp_path, working_hours="10:00-19:00", booking_min_notice_minutes=60,
        **overrides,
    )  # fmt: skip


class TestTheCalendar:
    @pytest.mark.parametrize(
        ("day", "hours"),
        [
            ("2026-12-08", ("10:00", "19:00")),  # an ordinary Tuesday
            ("2026-12-12", None),  # Saturday
            ("2026-12-31", None),  # moved from 4 January by the 2026 decree
            ("2027-01-05", None),  # New Year holidays
            ("2026-11-03", ("10:00", "18:00")),  # the day before a holiday is an hour shorter
            ("2027-02-23", None),
            ("2027-02-22", ("10:00", "18:00")),
        ],
    )
    def test_working_hours_of_a_day(
        self, tmp_path: Path, database_url: str, day: str, hours: tuple[str, str] | None
    ) -> None:
        schedule = Schedule.from_settings(_settings(tmp_path, database_url))
        found = schedule.hours_of(date.fromisoformat(day))
        said = None if found is None else tuple(f"{moment:%H:%M}" for moment in found)
        assert said == hours

    def test_extra_days_off_and_worked_weekends(self, tmp_path: Path, database_url: str) -> None:
        settings = _settings(
            tmp_path,
            database_url,
            extra_days_off=[date(2026, 12, 30)],
            extra_working_days=[date(2026, 12, 26)],
        )
        schedule = Schedule.from_settings(settings)
        assert schedule.hours_of(date(2026, 12, 30)) is None
        assert schedule.hours_of(date(2026, 12, 26)) is not None  # a Saturday worked


class TestSlots:
    async def test_the_nearest_slots_keep_notice_hours_and_holidays(
        self, tmp_path: Path, database_url: str, session: object
    ) -> None:
        service = BookingService(_settings(tmp_path, database_url))
        slots = await service.free_slots(session, now=TUESDAY, limit=3)  # type: ignore[arg-type]
        assert [f"{s.astimezone(MSK):%a %H:%M}" for s in slots] == [
            "Tue 15:30",  # 14:20 + an hour's notice, on the half-hour grid
            "Tue 16:00",
            "Tue 16:30",
        ]
        new_year = datetime(2026, 12, 30, 18, 0, tzinfo=MSK)
        [first] = await service.free_slots(session, now=new_year, limit=1)  # type: ignore[arg-type]
        assert first == datetime(2027, 1, 11, 10, 0, tzinfo=MSK)  # after the holidays

    async def test_busy_time_of_an_outside_calendar_is_skipped(
        self, tmp_path: Path, database_url: str, session: object
    ) -> None:
        service = BookingService(_settings(tmp_path, database_url, booking_buffer_minutes=15))
        busy = Busy(
            datetime(2026, 12, 9, 10, 0, tzinfo=MSK), datetime(2026, 12, 9, 11, 0, tzinfo=MSK)
        )
        slots = await service.free_slots(
            session,  # type: ignore[arg-type]
            now=TUESDAY,
            after=datetime(2026, 12, 9, 9, 0, tzinfo=MSK),
            limit=2,
            outside=[busy],
        )
        # the grid steps 45 minutes (30 + 15 of buffer); 10:45 is too close to 11:00
        assert [f"{s.astimezone(MSK):%H:%M}" for s in slots] == ["11:30", "12:15"]


async def _conversation(database: Database) -> uuid.UUID:
    async with database.transaction() as session:
        conversation = Conversation(
            id=uuid.uuid4(), channel="web", external_chat_id=uuid.uuid4().hex
        )
        session.add(conversation)
    return conversation.id


class TestBookings:
    async def test_two_customers_racing_for_one_slot_never_share_it(
        self, tmp_path: Path, database_url: str, database: Database, clean_db: None
    ) -> None:
        service = BookingService(_settings(tmp_path, database_url))
        start = datetime(2026, 12, 9, 11, 0, tzinfo=MSK)
        customers = [await _conversation(database) for _ in range(6)]

        async def try_to_book(conversation_id: uuid.UUID) -> str:
            async with database.transaction() as session:
                try:
                    await service.book(session, conversation_id, start)
                except SlotTaken:
                    return "taken"
                await asyncio.sleep(0.05)  # hold the transaction open: the others wait on it
                return "booked"

        outcomes = await asyncio.gather(*(try_to_book(c) for c in customers))
        assert sorted(outcomes) == ["booked"] + ["taken"] * 5
        async with database.transaction() as session:
            rows = list(await session.scalars(select(Booking)))
        assert len(rows) == 1 and rows[0].starts_at == start

    async def test_two_managers_take_two_calls_at_once_and_no_third(
        self, tmp_path: Path, database_url: str, database: Database, clean_db: None
    ) -> None:
        managers = ["anna@neurocode.example", "oleg@neurocode.example"]
        service = BookingService(_settings(tmp_path, database_url, booking_managers=managers))
        start = datetime(2026, 12, 9, 11, 0, tzinfo=MSK)
        customers = [await _conversation(database) for _ in range(3)]

        async def try_to_book(conversation_id: uuid.UUID) -> str | None:
            async with database.transaction() as session:
                try:
                    return (await service.book(session, conversation_id, start)).manager
                except SlotTaken:
                    return None

        taken = await asyncio.gather(*(try_to_book(c) for c in customers))
        assert sorted(m for m in taken if m) == managers and taken.count(None) == 1
        async with database.transaction() as session:
            later = await service.free_slots(
                session, now=TUESDAY, after=start - timedelta(minutes=1), limit=1
            )
        assert later == [start + timedelta(minutes=30)]  # 11:00 is full now

    async def test_a_new_time_moves_the_booking_and_a_cancel_frees_it(
        self, tmp_path: Path, database_url: str, database: Database, clean_db: None
    ) -> None:
        service = BookingService(_settings(tmp_path, database_url))
        customer = await _conversation(database)
        first = datetime(2026, 12, 9, 11, 0, tzinfo=MSK)
        second = datetime(2026, 12, 10, 15, 30, tzinfo=MSK)
        async with database.transaction() as session:
            booked = await service.book(session, customer, first)
            moved = await service.book(session, customer, second)
            assert moved.id == booked.id and moved.starts_at == second
            with pytest.raises(SlotTaken):  # not on the grid
                await service.book(session, customer, second + timedelta(minutes=10))
            with pytest.raises(SlotTaken):  # a Saturday
                await service.book(session, customer, datetime(2026, 12, 12, 11, tzinfo=MSK))
            cancelled = await service.cancel(session, customer)
            assert cancelled is not None and cancelled.status == "cancelled"
            free = await service.free_slots(session, now=TUESDAY, after=second, limit=1)
        assert free == [second]

    async def test_reminders_a_day_and_an_hour_before_each_once(
        self, tmp_path: Path, database_url: str, database: Database, clean_db: None
    ) -> None:
        service = BookingService(_settings(tmp_path, database_url))
        customer = await _conversation(database)
        start = datetime(2026, 12, 10, 11, 0, tzinfo=MSK)
        async with database.transaction() as session:
            booking = await service.book(session, customer, start)
            booking.updated_at = TUESDAY  # booked two days ahead (the clock here is the test's)
        moments = [
            (start - timedelta(hours=30), []),
            (start - timedelta(hours=23), ["24h"]),
            (start - timedelta(hours=22), []),
            (start - timedelta(minutes=50), ["1h"]),
            (start - timedelta(minutes=40), []),
        ]
        for now, expected in moments:
            async with database.transaction() as session:
                due = await service.due_reminders(session, now=now)
            assert [kind for _, kind in due] == expected, now
