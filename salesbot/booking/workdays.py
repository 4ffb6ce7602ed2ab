"""Russia's production calendar: which days are worked, as data (`data/production_calendar.json`,
one entry a year: the days off on weekdays, the weekends worked, the shortened days before a
holiday). Admins add a decree's changes, or their own days off, with EXTRA_DAYS_OFF and
EXTRA_WORKING_DAYS."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ProductionCalendar:
    days_off: frozenset[date]  # weekdays not worked (holidays and the days moved onto them)
    working_weekends: frozenset[date]  # Saturdays and Sundays worked instead
    short_days: frozenset[date]  # an hour shorter: the working day before a holiday

    def is_working_day(self, day: date, working_weekdays: frozenset[int]) -> bool:
        if day in self.working_weekends:
            return True
        return day.isoweekday() in working_weekdays and day not in self.days_off

    def with_changes(self, days_off: set[date], working: set[date]) -> ProductionCalendar:
        return ProductionCalendar(
            (self.days_off | days_off) - working,
            (self.working_weekends | working) - days_off,
            self.short_days,
        )


@cache
def russian() -> ProductionCalendar:
    raw = resources.files("salesbot.booking").joinpath("data/production_calendar.json")
    years = json.loads(raw.read_text("utf-8"))["years"].values()

    def days(key: str) -> frozenset[date]:
        return frozenset(date.fromisoformat(d) for year in years for d in year[key])

    return ProductionCalendar(days("days_off"), days("working_weekends"), days("short_days"))
