"""The calendar port: when the team is free, and a booked consultation as an event.

The calendar answers with free time only; working hours, holidays and the meeting length
are the booking domain's rules, applied on top."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from salesbot.integrations.base import Adapter


@dataclass(frozen=True)
class Slot:
    start: datetime  # timezone-aware
    end: datetime


@dataclass(frozen=True)
class Booking:
    key: str  # our booking's id: the same key never makes a second event
    start: datetime  # timezone-aware
    end: datetime
    title: str
    description: str = ""
    attendees: tuple[str, ...] = ()  # e-mail addresses invited


@dataclass(frozen=True)
class EventRef:
    id: str  # the calendar's own event id
    url: str | None = None  # e.g. Google's htmlLink
    meeting_url: str | None = None  # a video link, when the calendar made one


class Calendar(Adapter, Protocol):
    async def free_slots(self, first_day: date, last_day: date) -> list[Slot]:
        """The free intervals from the start of `first_day` to the end of `last_day` (both
        inclusive, in the product's time zone), in order, not overlapping."""
        ...

    async def create_event(self, booking: Booking) -> EventRef:
        """Create the event, or return the one made before for `booking.key`."""
        ...

    async def cancel_event(self, ref: EventRef) -> None:
        """Cancel it (attendees are told); cancelling a cancelled event is not an error."""
        ...
