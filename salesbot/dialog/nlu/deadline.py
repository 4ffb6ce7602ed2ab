"""Russian deadlines as customers write them → a date and days from today.

Off-the-shelf parsers miss "к 15 декабря", "в следующий вторник", "до конца квартала" and
read "20.12" as a time, so the brief has its own parser. It recognises absolute dates,
relative periods, weekdays, month and period ends, and urgency without a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from salesbot.dialog.nlu.numbers import with_digits

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH = (
    r"(январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*"
    r"|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*)"
)
WEEKDAYS = {
    "понедельник": 0,
    "вторник": 1,
    "сред": 2,
    "четверг": 3,
    "пятниц": 4,
    "суббот": 5,
    "воскресень": 6,
}
# Exact forms: "в среднем" must not read as Wednesday.
_WEEKDAY = (
    r"(понедельник[аеуи]?|вторник[аеуи]?|сред[ауые]|четверг[аеуи]?|пятниц[аеуы]|суббот[аеуы]"
    r"|воскресень[еяю])\b"
)
NUMBER_WORDS = {
    "один": 1,
    "одну": 1,
    "одна": 1,
    "пару": 2,
    "пара": 2,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "полтора": 1.5,
    "полторы": 1.5,
}
_NUM = r"(\d+(?:[.,]5)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
UNIT_DAYS = {"д": 1, "н": 7, "м": 30, "г": 365, "л": 365}  # день/неделя/месяц/год/лет
_UNIT = r"(дн[а-я]*|день|сут[а-я]*|недел[а-я]*|нед|месяц[а-я]*|мес|год[а-я]*|лет)"
LATE = re.compile(
    r"\bвчера (?:надо|нужно)|как можно (?:скорее|быстрее)|\basap\b|прямо сейчас|немедленно"
)
URGENT = re.compile(r"(?<!не )\b(срочн[а-я]*|asap|как можно (?:скорее|быстрее)|горит|вчера)\b")
# No hurry: the standard timeline, which costs nothing extra (a month from today stands for it).
NO_RUSH = re.compile(
    r"\bне (?:срочно|горит|к спеху|спешим|торопимся)|без спешки|по срокам не критич\w*"
    r"|\bсрок\w* (?:обычн|стандартн|любы|не критич|не важн)\w*"
)
NO_RUSH_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    date: date | None  # None: urgent, but no date given
    days: int | None  # days from today to the date
    urgent: bool
    phrase: str


def _number(token: str) -> float:
    token = token.replace(",", ".")
    return float(token) if token[0].isdigit() else float(NUMBER_WORDS[token])


def _month_number(word: str) -> int:
    for stem, number in MONTHS.items():
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _next(today: date, month: int, day: int) -> date | None:
    """The first such date from today on (this year, or next year if already past)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _result(target: date | None, today: date, phrase: str, urgent: bool = False) -> Deadline:
    days = (target - today).days if target is not None else None
    return Deadline(target, days, urgent or (days is not None and days < 7), phrase.strip())


def parse_deadline(text: str, today: date) -> Deadline | None:
    """The deadline in `text`, or None when it names none."""
    low = " " + text.lower().replace("ё", "е") + " "
    parsers = (_absolute, _relative, _weekday, _period_end, _month_only, _simple_words, _english)
    for parser in parsers:
        found = parser(low, today)
        if found is not None:
            return found
    if late := LATE.search(low):  # "вчера надо было": as soon as it can be done
        return _result(today, today, late.group(0), urgent=True)
    if calm := NO_RUSH.search(low):
        return _result(today + timedelta(days=NO_RUSH_DAYS), today, calm.group(0).strip())
    urgent = URGENT.search(low)
    return Deadline(None, None, True, urgent.group(0)) if urgent else None


def _absolute(low: str, today: date) -> Deadline | None:
    match = re.search(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b", low)
    if match:
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if 1 <= month <= 12 and 1 <= day <= 31:
            if year:
                full = int(year) + (2000 if len(year) == 2 else 0)
                try:
                    return _result(date(full, month, day), today, match.group(0))
                except ValueError:
                    return None
            target = _next(today, month, day)
            return _result(target, today, match.group(0)) if target else None
    match = re.search(r"\b(\d{1,2})(?:-?го)?\s+" + _MONTH + r"(?:\s+(\d{4}))?", low)
    if match:
        month = _month_number(match.group(2))
        day = int(match.group(1))
        if match.group(3):
            try:
                return _result(date(int(match.group(3)), month, day), today, match.group(0))
            except ValueError:
                return None
        target = _next(today, month, day)
        return _result(target, today, match.group(0)) if target else None
    return None


def _relative(low: str, today: date) -> Deadline | None:
    match = re.search(
        r"\b(через|за|в течени[ея]|в пределах|не позже чем через)?\s*" + _NUM + r"\s+" + _UNIT, low
    )
    if match and (
        match.group(1)
        # "запустить за 10 дней" yes; "20 лет на рынке" is no deadline
        or (
            match.group(3)[0] in "днм"
            and re.search(r"(нужно|надо|хотим|успеть|запустить|срок|уложиться)", low)
        )
    ):
        amount = _number(match.group(2))
        unit = UNIT_DAYS[match.group(3)[0]]
        return _result(today + timedelta(days=round(amount * unit)), today, match.group(0))
    match = re.search(r"\b(дн[а-я]*|недел[а-я]*)\s+через\s+(\d+)\b", low)
    if match:  # "дней через 10"
        days = int(match.group(2)) * UNIT_DAYS[match.group(1)[0]]
        return _result(today + timedelta(days=days), today, match.group(0))
    match = re.search(
        r"\b(через|за|в течени[ея])\s+"
        r"(полгода|неделю|недели|месяц|месяца|год|года|пару недель|пару месяцев)\b",
        low,
    )
    if match:
        span = {
            "неделю": 7,
            "недели": 7,
            "месяц": 30,
            "месяца": 30,
            "год": 365,
            "года": 365,
            "пару недель": 14,
            "пару месяцев": 60,
            "полгода": 182,
        }
        days = span[match.group(2)]
        return _result(today + timedelta(days=days), today, match.group(0))
    match = re.search(r"\bна\s+(следующей|этой)\s+неделе\b", low)
    if match:
        this_monday = today - timedelta(days=today.weekday())
        end = this_monday + timedelta(days=4 if match.group(1) == "этой" else 11)
        return _result(max(end, today), today, match.group(0))
    match = re.search(r"\bв\s+(следующем|этом)\s+месяце\b", low)
    if match:
        month = today.month % 12 + 1 if match.group(1) == "следующем" else today.month
        year = today.year + (1 if match.group(1) == "следующем" and today.month == 12 else 0)
        return _result(_month_end(year, month), today, match.group(0))
    return None


def _weekday(low: str, today: date) -> Deadline | None:
    match = re.search(r"\b(?:в|во|к|до)\s+(следующ[а-я]+\s+|эт[а-я]+\s+)?" + _WEEKDAY, low)
    if not match:
        return None
    weekday = next(number for stem, number in WEEKDAYS.items() if match.group(2).startswith(stem))
    ahead = (weekday - today.weekday()) % 7 or 7
    if match.group(1) and match.group(1).startswith("следующ"):
        ahead = 7 - today.weekday() + weekday  # "в следующий вторник": the one of next week
    elif match.group(1):  # "к этой пятнице": this week's
        ahead = max(weekday - today.weekday(), 0)
    return _result(today + timedelta(days=ahead), today, match.group(0))


def _period_end(low: str, today: date) -> Deadline | None:
    match = re.search(r"\b(?:до|к)\s+(?:конц[а-я]*|исход[а-я]*)\s+(следующей|этой)\s+недели\b", low)
    if match:  # the working week ends on Friday
        friday = today + timedelta(days=4 - today.weekday())
        target = friday + timedelta(days=7) if match.group(1) == "следующей" else friday
        return _result(max(target, today), today, match.group(0))
    match = re.search(r"\b(?:к|до)\s+(\d{1,2})(?:-?(?:го|му|е|ое|ому))?\s+числ[ау]\b", low)
    if match:  # "к 10-му числу": this month's, or next month's if it has passed
        day = int(match.group(1))
        month, year = today.month, today.year
        if day < today.day:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        try:
            return _result(date(year, month, day), today, match.group(0))
        except ValueError:
            return None
    match = re.search(
        r"\b(?:до|к)\s+(?:конц[а-я]*|исход[а-я]*)\s+(месяца|года|квартала|недели)\b", low
    )
    if match:
        period = match.group(1)
        if period == "месяца":
            target = _month_end(today.year, today.month)
        elif period == "года":
            target = date(today.year, 12, 31)
        elif period == "недели":
            target = today + timedelta(days=6 - today.weekday())
        else:
            quarter_end_month = ((today.month - 1) // 3 + 1) * 3
            target = _month_end(today.year, quarter_end_month)
        return _result(target, today, match.group(0))
    match = re.search(r"\b(?:к|до)\s+нов(?:ому|ого)\s+год[ау]?\b", low)
    if match:
        return _result(date(today.year, 12, 31), today, match.group(0))
    return None


def _month_only(low: str, today: date) -> Deadline | None:
    match = re.search(r"\b(в|к|до|в начале|в конце|в середине)\s+" + _MONTH + r"\b", low)
    if not match:
        return None
    month = _month_number(match.group(2))
    year = today.year if month >= today.month else today.year + 1
    where = match.group(1)
    if where == "в начале" or where in ("к", "до"):
        target = date(year, month, 1)
    elif where == "в середине":
        target = date(year, month, 15)
    else:
        target = _month_end(year, month)
    return _result(max(target, today), today, match.group(0))


def _simple_words(low: str, today: date) -> Deadline | None:
    for pattern, days in ((r"\bпослезавтра\b", 2), (r"\bзавтра\b", 1), (r"\bсегодня\b", 0)):
        match = re.search(pattern, low)
        if match:
            return _result(today + timedelta(days=days), today, match.group(0))
    return None


EN_MONTHS = {
    m: n
    for n, m in enumerate(
        (
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ),
        start=1,
    )
}
EN_WEEKDAYS = {d: n for n, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_EN_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_EN_WEEKDAY = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*"


def _english(low: str, today: date) -> Deadline | None:
    """Deadlines in English: "in 5 days", "within two weeks", "by Friday next week", "next
    Friday", "by the 16th", "by January 15", "end of February", "no rush"."""
    if not re.search(r"[а-я]", low):
        low = with_digits(low)  # "within two weeks"
    match = re.search(r"\b(?:in|within)\s+(\d+)\s+(day|week|month)s?\b", low)
    if match:
        unit = {"day": 1, "week": 7, "month": 30}[match.group(2)]
        return _result(today + timedelta(days=int(match.group(1)) * unit), today, match.group(0))
    match = re.search(
        r"\b(?:(?:by|before|until)?\s*(?:the\s+)?end of |within |during )?(this|next) week\b", low
    )
    if match:
        friday = today + timedelta(
            days=4 - today.weekday() + (7 if match.group(1) == "next" else 0)
        )
        return _result(max(friday, today), today, match.group(0))
    match = re.search(r"\b(?:by\s+)?(next\s+|this\s+)?" + _EN_WEEKDAY + r"(\s+next week)?\b", low)
    if match and (match.group(1) or match.group(3) or re.search(r"\bby\s+" + _EN_WEEKDAY, low)):
        weekday = EN_WEEKDAYS[match.group(2)]
        ahead = (weekday - today.weekday()) % 7
        if (match.group(1) or "").strip() == "next" or match.group(3):
            ahead = 7 - today.weekday() + weekday
        return _result(today + timedelta(days=ahead), today, match.group(0))
    match = re.search(r"\bby\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b", low)
    if match:
        day, month, year = int(match.group(1)), today.month, today.year
        if day < today.day:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return _result(date(year, month, min(day, 28 if month == 2 else 30)), today, match.group(0))
    match = re.search(
        _EN_MONTH
        + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _EN_MONTH,
        low,
    )
    if match:
        month = EN_MONTHS[match.group(1) or match.group(4)]
        day = int(match.group(2) or match.group(3))
        target = _next(today, month, day)
        return _result(target, today, match.group(0)) if target else None
    match = re.search(r"\b(?:end of|by the end of|by|in|mid-?)\s*" + _EN_MONTH, low)
    if match:
        month = EN_MONTHS[match.group(1)]
        year = today.year if month >= today.month else today.year + 1
        return _result(max(date(year, month, 1), today), today, match.group(0))
    match = re.search(r"\b(?:by|before|for)\s+(?:the\s+)?new year\b", low)
    if match:
        return _result(date(today.year, 12, 31), today, match.group(0))
    match = re.search(r"\bno rush\b|\bnot urgent\b|\bno hurry\b", low)
    if match:
        return _result(today + timedelta(days=NO_RUSH_DAYS), today, match.group(0))
    return None
