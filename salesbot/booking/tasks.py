"""The outside calendar follows the bookings: an event made, moved or removed by a job
deferred with the booking's change (one at a time per booking, at least once: the event's
id is our booking's, so a retried insert finds the event it made)."""

from __future__ import annotations

import uuid

from salesbot.db.runtime import get_database
from salesbot.integrations.calendar import get_calendar
from salesbot.integrations.calendar.base import Booking as CalendarBooking
from salesbot.integrations.calendar.base import EventRef
from salesbot.jobs.app import BOOKING_EVENT_TASK, RETRY, job_app
from salesbot.models import Booking
from salesbot.settings import get_settings


@job_app.task(name=BOOKING_EVENT_TASK, retry=RETRY)
async def sync_event(booking_id: str) -> str:
    """ "created", "moved", "cancelled", "unchanged", "off" (no calendar) or "missing"."""
    settings = get_settings()
    calendar = get_calendar(settings)
    if calendar is None:
        return "off"
    async with get_database().transaction() as session:
        booking = await session.get(Booking, uuid.UUID(booking_id))
        if booking is None:
            return "missing"
        event = dict(booking.event)
        wanted = CalendarBooking(
            key=booking.id.hex,  # base32hex: Google takes it as the event's id
            start=booking.starts_at,
            end=booking.ends_at,
            title="Консультация Salesbot",
            description=f"{settings.public_url.rstrip('/')}/app/inbox?c={booking.conversation_id}",
        )
        cancelled = booking.status == "cancelled"
    try:
        outcome = "unchanged"
        if cancelled and event.get("id"):
            await calendar.cancel_event(EventRef(event["id"]))
            event, outcome = {}, "cancelled"
        elif not cancelled and not event.get("id"):
            made = await calendar.create_event(wanted)
            event, outcome = (
                {"id": made.id, "url": made.url, "start": wanted.start.isoformat()},
                "created",
            )
        elif not cancelled and event.get("start") != wanted.start.isoformat():
            await calendar.move_event(EventRef(event["id"]), wanted)
            event, outcome = {**event, "start": wanted.start.isoformat()}, "moved"
    finally:
        await calendar.close()
    async with get_database().transaction() as session:
        stored = await session.get_one(Booking, uuid.UUID(booking_id), with_for_update=True)
        stored.event = event
    return outcome
