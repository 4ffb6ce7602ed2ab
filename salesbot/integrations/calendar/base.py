"""The calendar port: an outside calendar the team keeps (Google), next to our own bookings.

It answers with busy time only; working hours, holidays and the slots' grid are the booking
domain's rules, applied on top. Each booking becomes an event there, made once for its key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from salesbot.integrations.base import Adapter


@dataclass(frozen=True)
class Busy:
    start: datetime  # timezone-aware
    end: datetime


@dataclass(frozen=True)
class Booking:
    key: str  # our booking's id: the same key never makes a second event
    start: datetime  # timezone-aware
    end: datetime
    title: str
    description: str = ""


@dataclass(frozen=True)
class EventRef:
    id: str  # the calendar's own event id
    url: str | None = None  # e.g. Google's htmlLink


class Calendar(Adapter, Protocol):
    async def busy(self, start: datetime, end: datetime) -> list[Busy]:
        """The calendar's busy intervals between `start` and `end`."""
        ...

    async def create_event(self, booking: Booking) -> EventRef:
        """Create the event, or return the one made before for `booking.key`."""
        ...

    async def move_event(self, ref: EventRef, booking: Booking) -> None:
        """A new time for the event."""
        ...

    async def cancel_event(self, ref: EventRef) -> None:
        """Remove it; an event already gone is not an error."""
        ...
