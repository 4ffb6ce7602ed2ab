"""Managers' requests read without an LLM: which of the assistant's jobs is asked for, and its
details, from plain Russian such as «найди сделки Ромашки на этапе переговоры»,
«контакт +7 916 123-45-67», «что по этой сделке?» or «поставь Анне задачу позвонить
клиенту завтра в 15:00»."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salesbot.assistant.amo import DealQuery
from salesbot.dialog.nlu.when import read_time

_TASK = re.compile(
    r"\b(?:постав\w*|созда\w*|добав\w*|заведи|сделай|нужна)\s+(?:\w+\s+){0,2}?задач\w*"
    r"|\bнапомн\w*|\bзадач[ауи]\b\s*(?:для|на)\b"
)
_CARD = re.compile(
    r"\b(?:эт\w+|открыт\w+|текущ\w+)\s+(?:сделк\w*|карточк\w*|контакт\w*|компани\w*)"
    r"|\bчто\s+(?:по|с)\s+(?:ней|ним|этой|этим)\b|\bкарточк\w*\b"
)
_CONTACT = re.compile(r"\bконтакт\w*|\bклиент\w*|\bтелефон\w*|\bпочт\w*|@|\+?\d[\d\s()-]{9,}\d")
_DEAL = re.compile(r"\bсделк\w*|\bлид\w*|\bворонк\w*|\bэтап\w*|\bdeal")
_FIND = re.compile(r"\b(?:найд\w*|найти|поищ\w*|покаж\w*|ищ\w*|где|кто)\b")
_DEAL_ID = re.compile(r"(?:сделк\w*|№|#)\s*(?:№\s*)?(\d{3,})")
# A name after its kind, up to punctuation or the next part of the request.
_NAME = r"\s+[«\"]?([^»\",.;]+?)[»\"]?(?=$|[,.;]|\s+(?:на|в|за|с|у)\s)"
_STAGE = re.compile(r"(?:на\s+)?этап\w*" + _NAME)
_PIPELINE = re.compile(r"(?:в\s+)?воронк\w*" + _NAME)
_COMPANY = re.compile(r"(?:компани\w*|организаци\w*|ооо|ао|ип)" + _NAME)
_CONTACT_OF = re.compile(r"контакт\w*" + _NAME)
_SEARCH_WORDS = re.compile(r"\b(?:найд\w*|найти|покаж\w*|поищ\w*|сделк\w*|все|мне|пожалуйста)\b")
_DATES = re.compile(
    r"с\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+по\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?"
)
_RESPONSIBLE = re.compile(
    r"(?:ответственн\w*|исполнител\w*|для|на)\s+([А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+)?)"
    r"|(?:постав\w*|созда\w*|напомн\w*)\s+([А-ЯЁ][а-яё]+)(?=\s)"
)
_FILLER = re.compile(
    r"^\s*(?:пожалуйста|плиз|слушай|а|и)?[,\s]*"
    r"(?:постав\w*|созда\w*|добав\w*|заведи|сделай|нужна)?\s*(?:\w+\s+){0,2}?задач\w*\s*"
    r"(?:для\s+\S+\s*|на\s+\S+\s*)?[:—-]?\s*"
)


_CARD_OF = re.compile(r"карточк\w*\s+(сделк|контакт|компани)\w*\s*№\s*(\d+)")
_ENTITIES = {"сделк": "leads", "контакт": "contacts", "компани": "companies"}


@dataclass
class Request:
    intent: str  # find_contact, find_deal, show_card, create_task, help
    query: str = ""
    entity_type: str | None = None  # show_card of a card named by number, not the open one
    entity_id: int | None = None
    deals: DealQuery = field(default_factory=DealQuery)
    task_text: str | None = None
    due: datetime | None = None
    responsible: str | None = None  # a name as said


def read_request(text: str, now: datetime, zone: ZoneInfo) -> Request:
    low = text.casefold().strip()
    if match := _CARD_OF.search(low):  # a choice the assistant offered
        return Request("show_card", entity_type=_ENTITIES[match[1]], entity_id=int(match[2]))
    if _TASK.search(low):
        return _task(text, now, zone)
    if _CARD.search(low) and not _FIND.search(low):
        return Request("show_card")
    if _DEAL.search(low) or _DEAL_ID.search(low):
        return Request("find_deal", deals=_deals(text, now, zone))
    if _CONTACT.search(low) or _FIND.search(low):
        return Request("find_contact", query=_contact_query(text))
    return Request("help")


def read_due(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """A deadline: «завтра в 15:00» is that moment; «в пятницу до обеда» is the end of the
    window; a day alone is its end of business (18:00)."""
    asked = read_time(text, now, zone, opens=time(9), closes=time(18))
    if asked.kind == "at":
        return asked.start
    if asked.kind == "window":
        return asked.end
    return None


def _task(text: str, now: datetime, zone: ZoneInfo) -> Request:
    responsible = None
    if match := _RESPONSIBLE.search(text):
        responsible = match.group(1) or match.group(2)
    due = read_due(text, now, zone)
    what = _FILLER.sub("", text, count=1)
    if responsible:
        what = re.sub(rf"\b(?:ответственн\w*|исполнител\w*|для|на)?\s*{responsible}\b", "", what)
    what = _strip_time(what).strip(" ,.:;—-")
    return Request("create_task", task_text=what or None, due=due, responsible=responsible)


def _strip_time(text: str) -> str:
    """The task's text without the deadline words."""
    return re.sub(
        r"\b(?:сегодня|завтра|послезавтра|до обеда|после обеда|утром|вечером|днём|днем)\b"
        r"|\b(?:в|во|к|до|на)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b"
        r"|\b(?:в|к|до)\s+\d{1,2}(?::\d\d)?\b|\bчерез\s+\S+(?:\s+час\w*)?",
        "",
        text,
        flags=re.IGNORECASE,
    )


def _deals(text: str, now: datetime, zone: ZoneInfo) -> DealQuery:
    low = text.casefold()
    wanted = DealQuery()
    if match := _DEAL_ID.search(low):
        wanted.id = int(match.group(1))
        return wanted
    if match := _STAGE.search(low):
        wanted.stage = match.group(1).strip()
    if match := _PIPELINE.search(low):
        wanted.pipeline = match.group(1).strip()
    if match := _COMPANY.search(text):
        wanted.company = match.group(1).strip()
    if match := _CONTACT_OF.search(low):
        wanted.contact = match.group(1).strip()
    wanted.created_from, wanted.created_to = _period(low, now.astimezone(zone).date(), zone)
    if not any(
        (wanted.stage, wanted.pipeline, wanted.company, wanted.contact, wanted.created_from)
    ):
        rest = re.sub(
            r"\b(?:найд\w*|найти|покаж\w*|поищ\w*|сделк\w*|все|мне|пожалуйста)\b", "", low
        )
        name = re.sub(r"^\s*(?:по|с|у)\s+", "", rest).strip(' ,.?!«»"')
        if name:
            wanted.text = name  # «сделки Ромашки»: by the deal's or the client's name
    return wanted


def _period(low: str, today: date, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """«за сегодня», «за вчера», «за эту / прошлую неделю», «за этот / прошлый месяц»,
    «с 01.12 по 05.12»."""

    def start(day: date) -> datetime:
        return datetime.combine(day, time(0), zone)

    if "за сегодня" in low or "сегодняшн" in low:
        return start(today), start(today + timedelta(days=1))
    if "вчера" in low:
        return start(today - timedelta(days=1)), start(today)
    monday = today - timedelta(days=today.weekday())
    if re.search(r"прошл\w+ недел", low):
        return start(monday - timedelta(days=7)), start(monday)
    if re.search(r"(?:эт\w+|текущ\w+) недел|за неделю", low):
        return start(monday), start(today + timedelta(days=1))
    first = today.replace(day=1)
    if re.search(r"прошл\w+ месяц", low):
        previous = (first - timedelta(days=1)).replace(day=1)
        return start(previous), start(first)
    if re.search(r"(?:эт\w+|текущ\w+) месяц|за месяц", low):
        return start(first), start(today + timedelta(days=1))
    if match := re.search(
        r"с\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+по\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?", low
    ):
        year = int(match.group(3) or today.year)
        begin = date(year, int(match.group(2)), int(match.group(1)))
        end = date(int(match.group(6) or year), int(match.group(5)), int(match.group(4)))
        return start(begin), start(end + timedelta(days=1))
    return None, None


def _contact_query(text: str) -> str:
    if match := re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text):
        return match.group(0)
    if match := re.search(r"\+?\d[\d\s()-]{9,}\d", text):
        return match.group(0)
    rest = re.sub(
        r"\b(?:найд\w*|найти|покаж\w*|поищ\w*|кто\s+такой|кто\s+такая|контакт\w*|клиент\w*"
        r"|по\s+имени|пожалуйста|мне)\b",
        "",
        text,
        flags=re.IGNORECASE,
    )
    return rest.strip(' ,.?!«»"')
