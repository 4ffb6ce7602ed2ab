"""Dates as people read them, in Russian and English: "четверг, 10 декабря, 11:00"."""

from __future__ import annotations

from datetime import datetime

WEEKDAYS = {
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
SHORT_WEEKDAYS = {
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def day_and_time(moment: datetime, language: str = "ru") -> str:
    """ "четверг, 10 декабря, 11:00" / "Thursday, 10 December, 11:00" (in `moment`'s zone)."""
    weekday = WEEKDAYS[language][moment.weekday()]
    return f"{weekday}, {moment.day} {MONTHS[language][moment.month - 1]}, {moment:%H:%M}"


def slot_label(moment: datetime, language: str = "ru") -> str:
    """ "чт, 10 декабря, 11:00" / "Thu 10 December, 11:00": short, for a button."""
    day = SHORT_WEEKDAYS[language][moment.weekday()]
    month = MONTHS[language][moment.month - 1]
    if language == "en":
        return f"{day} {moment.day} {month}, {moment:%H:%M}"
    return f"{day}, {moment.day} {month}, {moment:%H:%M}"
