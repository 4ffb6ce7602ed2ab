"""Calendars: the `Calendar` port (`base.py`) and Google Calendar (`google.py`); without one
the bookings in our own database are the calendar."""

from __future__ import annotations

from salesbot.integrations.calendar.google import GoogleCalendar
from salesbot.settings import Settings


def calendar_enabled(settings: Settings) -> bool:
    return GoogleCalendar().configured(settings)


def get_calendar(settings: Settings) -> GoogleCalendar | None:
    """Google Calendar when its key and calendar are set; close it with `close()`."""
    return GoogleCalendar(settings) if calendar_enabled(settings) else None
