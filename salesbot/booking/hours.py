"""When managers work: WORKING_HOURS on WORKING_DAYS in the company's TIMEZONE, except the
public holidays of the production calendar, an hour shorter the day before one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salesbot.booking.workdays import ProductionCalendar, russian
from salesbot.settings import Settings

SHORT_DAY = timedelta(hours=1)
LOOK_AHEAD_DAYS = 31  # the New Year holidays last up to 11 days; a month is plenty


@dataclass(frozen=True)
class Schedule:
    opens: time
    closes: time
    days: frozenset[int]  # ISO weekdays, 1 = Monday
    zone: ZoneInfo
    calendar: ProductionCalendar = field(default_factory=russian)

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        start, end = settings.working_hours.split("-")
        days: set[int] = set()
        for part in settings.working_days.split(","):
            first, _, last = part.partition("-")
            days.update(range(int(first), int(last or first) + 1))
        calendar = russian().with_changes(
            set(settings.extra_days_off), set(settings.extra_working_days)
        )
        return cls(_time(start), _time(end), frozenset(days), ZoneInfo(settings.timezone), calendar)

    def hours_of(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's working hours (aware, in the company's zone), or None on a day off."""
        if not self.calendar.is_working_day(day, self.days):
            return None
        opening = datetime.combine(day, self.opens, self.zone)
        closing = datetime.combine(day, self.closes, self.zone)
        if day in self.calendar.short_days:
            closing -= SHORT_DAY
        return (opening, closing) if closing > opening else None

    def working_days_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The working hours of `day` and the days after it, in order (a month at most)."""
        for ahead in range(LOOK_AHEAD_DAYS):
            hours = self.hours_of(day + timedelta(days=ahead))
            if hours is not None:
                yield hours

    def is_open(self, moment: datetime) -> bool:
        hours = self.hours_of(moment.astimezone(self.zone).date())
        return hours is not None and hours[0] <= moment < hours[1]

    def next_opening(self, moment: datetime) -> datetime:
        """The moment managers are next at work (`moment` itself when they are)."""
        if self.is_open(moment):
            return moment
        for opening, _ in self.working_days_from(moment.astimezone(self.zone).date()):
            if opening > moment:
                return opening
        return moment  # no working day configured: nothing better to say


def _time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(23, 59, 59) if hours == 24 else time(hours, minutes)
