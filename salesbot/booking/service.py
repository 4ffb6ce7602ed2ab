"""Free slots and bookings. Slots follow the working calendar (hours, days, holidays) on a
grid of BOOKING_SLOT_MINUTES + BOOKING_BUFFER_MINUTES from each day's opening; a slot is free
while one of the managers who take calls has nothing then (our bookings, and the busy time
of an outside calendar when one is connected).

Two customers asking for the same slot at once are settled by the database: a unique index
allows one booking a manager a start, so the second insert fails and that customer is
offered the slots still free (`SlotTaken`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking.hours import Schedule
from salesbot.db.base import utcnow
from salesbot.errors import Conflict
from salesbot.integrations.calendar import calendar_enabled
from salesbot.integrations.calendar.base import Busy
from salesbot.jobs.app import BOOKING_EVENT_TASK, defer
from salesbot.models import Booking, BookingStatus
from salesbot.settings import Settings

TEAM = "team"  # the one lane when no manager is named


class SlotTaken(Conflict):
    """Somebody booked that time a moment earlier."""

    def __init__(self) -> None:
        super().__init__("Это время только что заняли.", code="slot_taken")


class BookingService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schedule = Schedule.from_settings(settings)
        self.length = timedelta(minutes=settings.booking_slot_minutes)
        self.buffer = timedelta(minutes=settings.booking_buffer_minutes)
        self.managers = tuple(settings.booking_managers) or (TEAM,)

    # --- slots ----------------------------------------------------------------------------------
    async def free_slots(
        self,
        session: AsyncSession,
        *,
        now: datetime | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int | None = None,
        outside: Sequence[Busy] = (),
    ) -> list[datetime]:
        """The nearest free starts, in order: from `after` (at least the minimum notice from
        now) to `before` (at most BOOKING_DAYS_AHEAD ahead). `outside`: busy time of a
        connected calendar, shared by every manager."""
        now = now or utcnow()
        earliest = now + timedelta(minutes=self.settings.booking_min_notice_minutes)
        first = max(earliest, after or earliest)
        horizon = now + timedelta(days=self.settings.booking_days_ahead)
        last = min(horizon, before or horizon)
        taken = await self._taken(session, first - self.length - self.buffer, last)
        found: list[datetime] = []
        for start in self._grid(first, last):
            if any(_overlaps(start, self.length, busy, self.buffer) for busy in outside):
                continue
            if any(self._manager_free(m, start, taken) for m in self.managers):
                found.append(start)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def fits(self, start: datetime) -> bool:
        """Is `start` a slot of the grid, within working hours?"""
        hours = self.schedule.hours_of(start.astimezone(self.schedule.zone).date())
        if hours is None:
            return False
        opening, closing = hours
        step = self.length + self.buffer
        offset = start - opening
        return opening <= start and start + self.length <= closing and offset % step == timedelta()

    def _grid(self, first: datetime, last: datetime) -> list[datetime]:
        step = self.length + self.buffer
        starts: list[datetime] = []
        for opening, closing in self.schedule.working_days_from(
            first.astimezone(self.schedule.zone).date()
        ):
            if opening > last:
                break
            start = opening
            while start + self.length <= closing and start <= last:
                if start >= first:
                    starts.append(start)
                start += step
        return starts

    async def _taken(
        self, session: AsyncSession, first: datetime, last: datetime
    ) -> dict[str, list[Busy]]:
        rows = await session.scalars(
            select(Booking).where(
                Booking.status == BookingStatus.booked.value,
                Booking.starts_at < last + self.length + self.buffer,
                Booking.ends_at > first,
            )
        )
        taken: dict[str, list[Busy]] = {}
        for booking in rows:
            taken.setdefault(booking.manager, []).append(Busy(booking.starts_at, booking.ends_at))
        return taken

    def _manager_free(self, manager: str, start: datetime, taken: dict[str, list[Busy]]) -> bool:
        return not any(
            _overlaps(start, self.length, b, self.buffer) for b in taken.get(manager, [])
        )

    # --- bookings -------------------------------------------------------------------------------
    async def current(self, session: AsyncSession, conversation_id: uuid.UUID) -> Booking | None:
        return await session.scalar(
            select(Booking).where(
                Booking.conversation_id == conversation_id,
                Booking.status == BookingStatus.booked.value,
            )
        )

    async def book(
        self,
        session: AsyncSession,
        conversation_id: uuid.UUID,
        start: datetime,
        *,
        customer_zone: str | None = None,
    ) -> Booking:
        """Book `start` for the conversation (moving its booking if it has one). Raises
        `SlotTaken` when no manager is free then, however close the race."""
        if not self.fits(start):
            raise SlotTaken()
        existing = await self.current(session, conversation_id)
        taken = await self._taken(session, start - self.length - self.buffer, start)
        for manager in self.managers:
            if not self._manager_free(manager, start, taken) and not (
                existing is not None and existing.manager == manager
            ):
                continue
            try:
                async with session.begin_nested():  # a lost race undoes only this attempt
                    booking = await self._place(
                        session, existing, conversation_id, manager, start, customer_zone
                    )
            except IntegrityError:
                continue  # this manager was booked a moment ago: the next one, if any
            await self._sync_event(session, booking)
            return booking
        raise SlotTaken()

    async def _place(
        self,
        session: AsyncSession,
        existing: Booking | None,
        conversation_id: uuid.UUID,
        manager: str,
        start: datetime,
        customer_zone: str | None,
    ) -> Booking:
        zone = customer_zone or (existing.customer_zone if existing else self.settings.timezone)
        if existing is not None:  # a new time: the same booking moves, reminders start over
            existing.manager, existing.starts_at = manager, start
            existing.ends_at, existing.reminded = start + self.length, []
            existing.customer_zone = zone
            await session.flush()
            return existing
        booking = Booking(
            id=uuid.uuid4(),
            conversation_id=conversation_id,
            manager=manager,
            starts_at=start,
            ends_at=start + self.length,
            customer_zone=zone,
            status=BookingStatus.booked.value,
            reminded=[],
            event={},
        )
        session.add(booking)
        await session.flush()
        return booking

    async def cancel(self, session: AsyncSession, conversation_id: uuid.UUID) -> Booking | None:
        booking = await self.current(session, conversation_id)
        if booking is not None:
            booking.status, booking.cancelled_at = BookingStatus.cancelled.value, utcnow()
            await session.flush()
            await self._sync_event(session, booking)
        return booking

    async def _sync_event(self, session: AsyncSession, booking: Booking) -> None:
        """The outside calendar's event follows the booking (a job in this transaction)."""
        if calendar_enabled(self.settings):
            await defer(
                session,
                BOOKING_EVENT_TASK,
                lock_key=f"booking:{booking.id}",
                booking_id=str(booking.id),
            )

    async def due_reminders(
        self, session: AsyncSession, *, now: datetime | None = None
    ) -> list[tuple[Booking, str]]:
        """Bookings whose reminder is due: "24h" a day before (unless booked within the
        day), "1h" an hour before. Each is marked sent in the caller's transaction."""
        now = now or utcnow()
        rows = await session.scalars(
            select(Booking)
            .where(
                Booking.status == BookingStatus.booked.value,
                Booking.starts_at > now,
                Booking.starts_at <= now + timedelta(hours=24),
            )
            .with_for_update(skip_locked=True)
        )
        due: list[tuple[Booking, str]] = []
        for booking in rows:
            left = booking.starts_at - now
            kind = "1h" if left <= timedelta(hours=1) else "24h"
            if kind in booking.reminded or (kind == "24h" and "1h" in booking.reminded):
                continue
            if kind == "24h" and booking.updated_at > booking.starts_at - timedelta(hours=24):
                booking.reminded = [*booking.reminded, kind]  # booked within the day: skip it
                continue
            booking.reminded = [*booking.reminded, kind]
            due.append((booking, kind))
        return due


def _overlaps(start: datetime, length: timedelta, busy: Busy, buffer: timedelta) -> bool:
    return start < busy.end + buffer and busy.start < start + length + buffer
