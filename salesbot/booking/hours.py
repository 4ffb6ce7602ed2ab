"""When managers answer: WORKING_HOURS on WORKING_DAYS, in the company's TIMEZONE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from salesbot.settings import Settings


@dataclass(frozen=True)
class Schedule:
    opens: time
    closes: time
    days: frozenset[int]  # ISO weekdays, 1 = Monday
    zone: ZoneInfo

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        start, end = settings.working_hours.split("-")
        days: set[int] = set()
        for part in settings.working_days.split(","):
            first, _, last = part.partition("-")
            days.update(range(int(first), int(last or first) + 1))
        return cls(_time(start), _time(end), frozenset(days), ZoneInfo(settings.timezone))

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return local.isoweekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The moment managers are next at work (`moment` itself when they are)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        for ahead in range(8):
            day = (local + timedelta(days=ahead)).date()
            opening = datetime.combine(day, self.opens, self.zone)
            if day.isoweekday() in self.days and opening > local:
                return opening
        return moment  # no working day configured: nothing better to say


def _time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(23, 59, 59) if hours == 24 else time(hours, minutes)
