"""Managers' requests read without an LLM: which of the assistant's jobs is asked for, and its
details, from how managers actually type: lowercase, terse, colloquial («глянь сделки по
ромашке», «тел петровой скинь», «закинь анне задачу позвонить клиенту завтра в 15»,
«что по карточке?»). Names are matched later against the account's own users, contacts and
stages (`amo.py`, `brain.py`), so this module only separates the request into its parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salesbot.assistant.amo import DealQuery
from salesbot.dialog.nlu.when import read_time

_TASK = re.compile(r"задач|\bнапомн|\bпни\b|\bпнуть\b|\bto-?do\b")
_CARD_OF = re.compile(r"карточк\w*\s+(сделк|контакт|компани)\w*\s*№\s*(\d+)")
_ENTITIES = {"сделк": "leads", "контакт": "contacts", "компани": "companies"}
_THIS_CARD = re.compile(r"карточк|\bэт\w+\s+(?:сделк|контакт|компани)|\bпо\s+(?:ней|нему)\b")
_DEAL = re.compile(r"сделк|\bлид|воронк|\bэтап|\bвис[ия]т|\bdeal")
_DEAL_ID = re.compile(r"(?:сделк\w*|№|#)\s*(?:№\s*)?(\d{3,})")
_CONTACT = re.compile(
    r"контакт|клиент|\bтел\b|телефон|номер|почт|e-?mail|@|\bкто\s+так|в\s+базе|есть\s+ли"
    r"|\+?\d[\d\s()-]{9,}\d"
)
# A name after its kind, up to punctuation or the next part of the request.
_NAME = r"\s+[«\"]?([^»\",.;?!]+?)[»\"]?(?=$|[,.;?!]|\s+(?:на|в|за|с|у|и)\s)"
_STAGE = re.compile(r"(?:на\s+)?этап\w*" + _NAME)
_PIPELINE = re.compile(r"(?:в\s+)?воронк\w*" + _NAME)
_COMPANY = re.compile(r"(?:компани\w*|организаци\w*)" + _NAME)
_CONTACT_OF = re.compile(r"(?<!первичн\w\w\s)(?<!первичный\s)контакт\w*" + _NAME)
_PHONE = re.compile(r"\+?\d[\d\s()-]{9,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# Words that say what is asked, not about whom: dropped before names are looked up.
STOP_WORDS = frozenset(
    """
    а и или но да нет же ли бы вот это эта этот эти тут там где когда как какой какая какие
    каких что чё че кто чей мне мой моя мои наш наша нам у в во на по про о об от до для за
    с со к ко из под над при без все всех всё весь есть был была были будет вообще кратко
    плз плиз пожалуйста пжл подскажи подскажите скажи скажите покажи покажите найди найти
    найдите поищи поищите ищи глянь глянуть гляну посмотри посмотреть дай дайте скинь
    скиньте выведи вывести список инфа инфу информация информацию расскажи расскажите
    какой-нибудь контакт контакты контакта контактов контакте клиент клиента клиенты
    клиентов базе база сделка сделки сделку сделок сделке лид лиды лида лидов карточка
    карточку карточке карточки компания компании компанию тел телефон телефона номер номера
    почта почту почты email новые новый новая висит висят сейчас там его её ее их он она они
    такой такая такие
     этой этого этим этом эту этих
    """.split()  # noqa: SIM905  (a list of words is easier to read and to extend)
)


@dataclass
class Request:
    intent: str  # find_contact, find_deal, show_card, create_task, help
    query: str = ""
    deals: DealQuery = field(default_factory=DealQuery)
    entity_type: str | None = None  # show_card of a card named by number, not the open one
    entity_id: int | None = None


def read_request(text: str, now: datetime, zone: ZoneInfo, *, card_open: bool = False) -> Request:
    low = normal(text)
    if match := _CARD_OF.search(low):  # a choice the assistant offered
        return Request("show_card", entity_type=_ENTITIES[match[1]], entity_id=int(match[2]))
    if _TASK.search(low):
        return Request("create_task")
    words = content_words(low)
    about_a_card = card_open or _THIS_CARD.search(low) is not None
    if about_a_card and not words and not _PHONE.search(low) and not _EMAIL.search(low):
        return Request("show_card")  # «что по карточке?», «кто это вообще такой»
    if _DEAL.search(low) or _DEAL_ID.search(low):
        return Request("find_deal", deals=_deals(low, now, zone))
    if _CONTACT.search(low) or words:
        query = _contact_query(low)
        return Request("find_contact", query=query) if query else Request("help")
    return Request("help")


def normal(text: str) -> str:
    """Lower case, «ё» as «е», and managers' abbreviations spelled out."""
    low = text.casefold().replace("ё", "е")
    return re.sub(r"\bслед\b\.?", "следующий", low)


def content_words(low: str) -> list[str]:
    """The words that may name someone or something: not the request's own words."""
    return [
        word
        for word in re.findall(r"[a-zа-я][\w-]*", low)
        if word not in STOP_WORDS and len(word) > 1
    ]


def read_due(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """A deadline: «завтра в 15:00» is that moment; «в пятницу до обеда» is the end of the
    window; a day alone is its end of business (18:00)."""
    asked = read_time(normal(text), now, zone, opens=time(9), closes=time(18))
    if asked.kind == "at":
        return asked.start
    if asked.kind == "window":
        return asked.end
    return None


# The deadline's words, cut out of a task's text.
_TIME_WORDS = re.compile(
    r"\b(?:срок\w*|дедлайн)\s*[:—-]?\s*"
    r"|\b(?:на\s+|к\s+|до\s+)?(?:сегодня|завтра|послезавтра)\b"
    r"|\b(?:до|после)\s+обеда\b|\b(?:утром|вечером|днем)\b"
    r"|\b(?:на|в|во|к|до)\s+(?:следующ\w+\s+)?(?:понедельник\w*|вторник\w*|сред[уа]|четверг\w*"
    r"|пятниц[уа]|суббот[уа]|воскресень\w*|пн|вт|ср|чт|пт|сб|вс)\b"
    r"|\b(?:следующ\w+\s+)(?:понедельник|вторник|среду|четверг|пятницу|неделе)\b"
    r"|\b(?:в|к|до|на)?\s*\d{1,2}(?::\d\d)?\s*(?:утра|дня|вечера|часов|час[а]?)?(?=\s|$|[,.])"
    r"|\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"|\bчерез\s+(?:\d+\s+)?(?:час\w*|минут\w*|пол\s?часа|день|дня|дней)"
)
_TASK_WORDS = re.compile(
    r"^\W*(?:пожалуйста\s+)?(?:(?:постав|созда|добав|заведи|сделай|закин|накида|кин|запиш)\w*\s+)?"
    r"(?:мне\s+)?(?:нов\w+\s+)?задач\w*\s*[:—-]?\s*"
    r"|\b(?:постав|созда|добав|заведи|закин|накида|кин)\w*\s+(?:мне\s+)?(?:нов\w+\s+)?задач\w*\s*[:—-]?"
    r"|\bзадач\w*\s*[:—-]?\s*|\bнапомн\w*(?:\s+мне)?\s*|\bпни\b\s*|\bпнуть\b\s*"
    r"|\b(?:ответственн\w*|исполнител\w*)\s*[:—-]?\s*"
)


def task_text(low: str, names: list[str]) -> str | None:
    """What is to be done: the request without the task's own words, the responsible's name
    (`names`, as written) and the deadline."""
    text = low
    for name in names:
        text = re.sub(rf"(?:\bдля\s+|\bна\s+)?\b{re.escape(name)}\b", " ", text)
    text = _TASK_WORDS.sub(" ", re.sub(r"\s+", " ", text))
    text = _TIME_WORDS.sub(" ", text)
    text = re.sub(r"^\W*(?:чтоб(?:ы)?|что\s+бы|на|для|по)\b", " ", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" ,.:;—-")
    return text or None


def _deals(low: str, now: datetime, zone: ZoneInfo) -> DealQuery:
    wanted = DealQuery()
    if match := _DEAL_ID.search(low):
        wanted.id = int(match.group(1))
        return wanted
    rest = low
    for pattern, attribute in (
        (_STAGE, "stage"),
        (_PIPELINE, "pipeline"),
        (_COMPANY, "company"),
        (_CONTACT_OF, "contact"),
    ):
        if match := pattern.search(rest):
            setattr(wanted, attribute, match.group(1).strip())
            rest = rest.replace(match.group(0), " ")
    period, rest = _period(rest, now.astimezone(zone).date(), zone)
    wanted.created_from, wanted.created_to = period
    words = content_words(rest)
    if words:
        wanted.text = " ".join(words)  # a deal's, a client's or a stage's name: amo.py decides
    return wanted


_PERIODS: tuple[tuple[str, str], ...] = (
    (r"за\s+сегодня|сегодняшн\w*|созданн\w+\s+сегодня", "today"),
    (r"за\s+вчера|вчерашн\w*", "yesterday"),
    (r"(?:за\s+)?прошл\w+\s+недел\w*", "last_week"),
    (
        r"(?:за\s+|на\s+)?(?:эт\w+|текущ\w+)\s+недел\w*|за\s+неделю|созданн\w+\s+на\s+этой\s+неделе",
        "this_week",
    ),
    (r"(?:за\s+)?последн\w+\s+недел\w*|за\s+7\s+дней", "last_7_days"),
    (r"(?:за\s+)?прошл\w+\s+месяц\w*", "last_month"),
    (r"(?:за\s+)?(?:эт\w+|текущ\w+)\s+месяц\w*", "this_month"),
    (r"(?:за\s+)?последн\w+\s+месяц\w*|за\s+месяц|за\s+30\s+дней", "last_30_days"),
)
_DATES = re.compile(
    r"с\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+(?:по|до)\s+(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?"
)


def _period(
    low: str, today: date, zone: ZoneInfo
) -> tuple[tuple[datetime | None, datetime | None], str]:
    """The creation period asked for, and the request without its words."""

    def start(day: date) -> datetime:
        return datetime.combine(day, time(0), zone)

    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    tomorrow = today + timedelta(days=1)
    spans = {
        "today": (today, tomorrow),
        "yesterday": (today - timedelta(days=1), today),
        "last_week": (monday - timedelta(days=7), monday),
        "this_week": (monday, tomorrow),
        "last_7_days": (today - timedelta(days=7), tomorrow),
        "last_month": ((first - timedelta(days=1)).replace(day=1), first),
        "this_month": (first, tomorrow),
        "last_30_days": (today - timedelta(days=30), tomorrow),
    }
    for pattern, name in _PERIODS:
        if match := re.search(pattern, low):
            begin, end = spans[name]
            return (start(begin), start(end)), low.replace(match.group(0), " ")
    if match := _DATES.search(low):
        year = int(match.group(3) or today.year)
        begin = date(year, int(match.group(2)), int(match.group(1)))
        end = date(int(match.group(6) or year), int(match.group(5)), int(match.group(4)))
        return (start(begin), start(end + timedelta(days=1))), low.replace(match.group(0), " ")
    return (None, None), low


def _contact_query(low: str) -> str:
    if match := _EMAIL.search(low):
        return match.group(0)
    if match := _PHONE.search(low):
        return match.group(0)
    return " ".join(content_words(low))
