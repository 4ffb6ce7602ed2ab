"""A time for a call, as customers name it: "в четверг в 11", "завтра после обеда",
"15.12 в 10:30", "полпятого", "через час", "в 14 по Екатеринбургу", "next Monday 11am".

The result is a moment (`at`) or a stretch of time (`window`), in the customer's zone when
they named one; whether it is past or outside working hours is the booking's business.
Times without "утра/вечера" are read as business hours: "в 3" is 15:00, "в 9" is 9:00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH = re.compile(
    r"\b(\d{1,2})(?:-?го)?\s+(январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр"
    r"|декабр)[а-я]*\b|\b(january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\s+(\d{1,2})\b"
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b(?!\s*(?:утра|вечера|час))")
_DAY_OF_MONTH = re.compile(r"\b(\d{1,2})-?го\b")
WEEKDAYS = (
    (1, r"понедел\w*|\bпн\b|monday"),
    (2, r"вторн\w*|\bвт\b|tuesday"),
    (3, r"\bсред[уаы]\b|\bср\b|wednesday"),
    (4, r"четверг\w*|\bчт\b|thursday"),
    (5, r"пятн\w*|пятниц\w*|\bпт\b|friday"),
    (6, r"суббот\w*|\bсб\b|saturday"),
    (7, r"воскресен\w*|\bвс\b|sunday"),
)
# "в одиннадцать", "без пятнадцати три": the hour as a cardinal; "полпятого": as an ordinal
CARDINALS = {
    "час": 1, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
}  # fmt: skip
ORDINALS = {
    "первого": 1, "второго": 2, "третьего": 3, "четвертого": 4, "пятого": 5, "шестого": 6,
    "седьмого": 7, "восьмого": 8, "девятого": 9, "десятого": 10, "одиннадцатого": 11,
    "двенадцатого": 12,
}  # fmt: skip
ZONES = {
    "мск": "Europe/Moscow", "москв": "Europe/Moscow", "московск": "Europe/Moscow",
    "питер": "Europe/Moscow", "петербург": "Europe/Moscow", "спб": "Europe/Moscow",
    "казан": "Europe/Moscow", "калининград": "Europe/Kaliningrad",
    "самар": "Europe/Samara", "ижевск": "Europe/Samara", "саратов": "Europe/Saratov",
    "ульяновск": "Europe/Ulyanovsk", "астрахан": "Europe/Astrakhan",
    "волгоград": "Europe/Volgograd", "екатеринбург": "Asia/Yekaterinburg",
    "екб": "Asia/Yekaterinburg", "yekaterinburg": "Asia/Yekaterinburg",
    "челябинск": "Asia/Yekaterinburg", "перм": "Asia/Yekaterinburg",
    "тюмен": "Asia/Yekaterinburg", "уф": "Asia/Yekaterinburg", "омск": "Asia/Omsk",
    "новосибирск": "Asia/Novosibirsk", "novosibirsk": "Asia/Novosibirsk",
    "томск": "Asia/Tomsk", "барнаул": "Asia/Barnaul", "кемеров": "Asia/Novokuznetsk",
    "новокузнецк": "Asia/Novokuznetsk", "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk", "якутск": "Asia/Yakutsk", "чит": "Asia/Chita",
    "владивосток": "Asia/Vladivostok", "vladivostok": "Asia/Vladivostok",
    "хабаровск": "Asia/Vladivostok", "магадан": "Asia/Magadan",
    "сахалин": "Asia/Sakhalin", "камчатк": "Asia/Kamchatka", "петропавловск": "Asia/Kamchatka",
}  # fmt: skip
# "по Екатеринбургу", "по мск", "Yekaterinburg time", "я в Омске … по нашему"
_ZONE_NAMED = re.compile(r"\bпо\s+([а-я]+)|\b([a-z]+)\s+time\b|\bв\s+([а-я]+е)\b")
_TYPOS = (("завтро", "завтра"), ("пятнецу", "пятницу"), ("понедельнег", "понедельник"))
# Parts of the day, as hours (from, to); None: the day's opening or closing.
PARTS = (
    (r"до обеда|первой половине", (None, 13)),
    (r"после обеда|во второй половине|afternoon", (14, None)),
    (r"утр[оау]м?\b|с утра|morning", (None, 12)),
    (r"вечер(?:ом)?\b|evening", (17, None)),
    (r"\bдн[её]м\b", (12, 17)),
)
_RANGE = re.compile(r"\bс\s+(\d{1,2})(?::(\d\d))?\s+до\s+(\d{1,2})(?::(\d\d))?")
_IN_HOURS = re.compile(r"через\s+(?:(\d+)\s+час\w*|(пол)часа|час\b)")
_CLOCK = re.compile(
    r"(?:\bв|\bк|\bна|\bat|^|\s)\s*(\d{1,2})(?:[:.](\d\d))?\s*"
    r"(утра|дня|вечера|ночи|часа дня|часов вечера|часа|часов|am|pm|a\.m\.|p\.m\.)?"
    r"(?![\d:]|\.\d)"
)
_HALF = re.compile(r"\bпол\s?-?([а-я]+)")  # "полдвенадцатого" = 11:30
_QUARTER_TO = re.compile(r"\bбез\s+(пятнадцати|четверти|десяти|пяти|двадцати)\s+([а-я]+)")
_TO_MINUTES = {"пятнадцати": 15, "четверти": 15, "десяти": 10, "пяти": 5, "двадцати": 20}
_WORD_HOUR = re.compile(r"\bв\s+([а-я]+)\b")


@dataclass(frozen=True)
class Asked:
    kind: str  # "at", "window" or "none"
    start: datetime | None = None  # aware; for a window, its beginning
    end: datetime | None = None  # a window's end
    zone: ZoneInfo | None = None  # the customer's, when they named one


def read_time(
    text: str, now: datetime, zone: ZoneInfo, opens: time = time(10), closes: time = time(19)
) -> Asked:
    """`now` is aware; `zone` is the company's. `opens`/`closes` frame day parts and windows."""
    low = _normal(text)
    named = _zone(low)
    local_zone = named or zone
    today = now.astimezone(local_zone).date()
    if (shift := _IN_HOURS.search(low)) is not None:
        hours = 0.5 if shift.group(2) else float(shift.group(1) or 1)
        return Asked("at", now + timedelta(hours=hours))
    days = _days(low, today)
    clock = _clock(low)
    if days is None and clock is None and not _part(low):
        return Asked("none")
    first, last = days or (today, today)
    if clock is not None:
        if days is None and clock < now.astimezone(local_zone).time():
            first = last = today  # "в 21:00" said today is about today (past or not)
        start = datetime.combine(first, clock, local_zone)
        return Asked("at", start, zone=named)
    window = _RANGE.search(low)
    if window is not None:
        begin = time(int(window.group(1)), int(window.group(2) or 0))
        end = time(int(window.group(3)), int(window.group(4) or 0))
    else:
        part = _part(low) or (None, None)
        begin = time(part[0]) if part[0] is not None else opens
        end = time(part[1]) if part[1] is not None else closes
    return Asked(
        "window",
        datetime.combine(first, begin, local_zone),
        datetime.combine(last, end, local_zone),
        zone=named,
    )


def _normal(text: str) -> str:
    low = text.lower().replace("ё", "е")
    for typo, right in _TYPOS:
        low = low.replace(typo, right)
    return low


def _zone(low: str) -> ZoneInfo | None:
    for match in _ZONE_NAMED.finditer(low):
        word = next(group for group in match.groups() if group)
        for stem, name in ZONES.items():
            if word.startswith(stem) and (len(stem) > 3 or word == stem or len(word) <= 6):
                return ZoneInfo(name)
    return None


def _part(low: str) -> tuple[int | None, int | None] | None:
    return next((hours for pattern, hours in PARTS if re.search(pattern, low)), None)


def _days(low: str, today: date) -> tuple[date, date] | None:
    """The day, or the first and last day of a stretch ("на следующей неделе")."""
    monday = today - timedelta(days=today.weekday())
    if re.search(r"в начале следующей недели|early next week", low):
        return monday + timedelta(days=7), monday + timedelta(days=8)
    if re.search(r"следующей неделе|next week", low):
        return monday + timedelta(days=7), monday + timedelta(days=11)
    if re.search(r"(?:конц\w*|конце) (?:этой )?недели|end of the week", low):
        return max(today, monday + timedelta(days=3)), monday + timedelta(days=4)
    if re.search(r"послезавтра|day after tomorrow", low):
        day = today + timedelta(days=2)
    elif re.search(r"завтра|tomorrow", low):
        day = today + timedelta(days=1)
    elif re.search(r"сегодня|today|tonight", low):
        day = today
    elif (found := _date(low, today)) is not None:
        day = found
    else:
        weekdays = [number for number, pattern in WEEKDAYS if re.search(pattern, low)]
        if not weekdays:
            return None
        upcoming = sorted(today + timedelta(days=(n - today.isoweekday()) % 7) for n in weekdays)
        if re.search(r"следующ\w* (?:понед|вторн|сред|четв|пятн|суббот|воскрес)", low):
            upcoming = [d + timedelta(days=7) if d - today < timedelta(days=7 - today.weekday())
                        else d for d in upcoming]  # fmt: skip
        return upcoming[0], upcoming[-1]
    return day, day


def _date(low: str, today: date) -> date | None:
    match = _MONTH.search(low)
    if match is not None:
        day = int(match.group(1) or match.group(4))
        month = MONTHS[match.group(2) or match.group(3)]
        return _nearest(today, month, day)
    numeric = _NUMERIC_DATE.search(low)
    if numeric is not None and int(numeric.group(2)) <= 12:
        return _nearest(today, int(numeric.group(2)), int(numeric.group(1)))
    of_month = _DAY_OF_MONTH.search(low)
    if of_month is not None:
        day = int(of_month.group(1))
        month = today.month if day >= today.day else today.month % 12 + 1
        return _nearest(today, month, day)
    return None


def _nearest(today: date, month: int, day: int) -> date | None:
    """This year's date, or next year's when this year's is long gone (a date a few weeks
    back is a mistake to point out, not next year)."""
    try:
        this_year = date(today.year, month, day)
    except ValueError:
        return None
    if this_year < today - timedelta(days=60):
        try:
            return date(today.year + 1, month, day)
        except ValueError:
            return None
    return this_year


def _clock(low: str) -> time | None:
    if (half := _HALF.search(low)) is not None and (hour := ORDINALS.get(half.group(1))):
        return _business(hour - 1, 30, None)
    if (quarter := _QUARTER_TO.search(low)) is not None and (
        hour := CARDINALS.get(quarter.group(2))
    ):
        return _business(hour - 1, 60 - _TO_MINUTES[quarter.group(1)], None)
    cleaned = _RANGE.sub(" ", _MONTH.sub(" ", _NUMERIC_DATE.sub(" ", _DAY_OF_MONTH.sub(" ", low))))
    for match in _CLOCK.finditer(cleaned):
        hour, minutes, qualifier = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if hour > 23 or minutes > 59:
            continue
        preceded = match.group(0).lstrip()[:2] in ("в ", "к ", "на", "at") or ":" in match.group(0)
        if qualifier or preceded or match.group(2):
            return _business(hour, minutes, qualifier)
    for match in _WORD_HOUR.finditer(low):
        if (hour := CARDINALS.get(match.group(1))) is not None:
            return _business(hour, 0, None)
    return None


def _business(hour: int, minutes: int, qualifier: str | None) -> time:
    if qualifier in ("дня", "вечера", "часа дня", "часов вечера", "pm", "p.m.") and hour < 12:
        hour += 12
    elif qualifier in ("утра", "ночи", "am", "a.m."):
        hour %= 12 if qualifier in ("am", "a.m.") else 24
    elif hour < 8:  # "в 3", "полпятого": a working day's afternoon
        hour += 12
    return time(hour % 24, minutes)
