"""The outside systems a customer wants connected, and how many: named systems from a
catalogue with their variants, lists that also count the items nobody catalogued ("1С,
Битрикс24 и наша самописная база" is three), an explicit count that wins over the list
("4 интеграции: 1С, амо и ещё две потом"), and "интеграций не надо" as none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesbot.dialog.nlu.numbers import with_digits
from salesbot.knowledge.text import lemma_parse

# Canonical name → the ways people write it (lower case, ё as е). A product of one vendor
# ("1С:Документооборот", "1С УТ 11") is one system; "телефония Mango" is one.
CATALOGUE = {
    "amoCRM": r"амо\s?црм|амоцрм|amo\s?crm|амо\s?crm|\bамо\b|\bamo\b|амошк\w*",
    "Bitrix24": r"битрикс\w*|bitrix\w*",
    "1С": (
        r"(?<![\w])1\s?[сc]"
        r"(?:\s?[:\-]\s?[\w.]+(?:\s(?:\d+(?:\.\d+)?|клуб))?"  # 1С:УТ 11, 1С:Фитнес клуб
        r"|\s(?:erp|упп|ут|зуп|ка|розниц\w*|бухгалтери\w*|документооборот)\b(?:\s\d+(?:\.\d+)?)?)?"
        r"(?![\w])|одинэс|1ск\w*"
    ),
    "Telegram": r"телеграм\w*|telegram|\bтг\b|телег\w*",
    "WhatsApp": r"ватсап\w*|вотсап\w*|вацап\w*|whatsapp",
    "Авито": r"авито|avito",
    "Google Sheets": (
        r"гугл\w*\s?таблиц\w*|google\s?sheets|гугл\s?шитс|таблич\w* гугл\w*|таблиц\w* гугл\w*"
    ),
    "МойСклад": r"мой\s?склад\w*",
    "RetailCRM": r"retail\s?crm|ритейл\s?[цс]рм",
    "Directum": r"директум\w*|directum",
    "email": r"\bпочт[аеуыо]\w*|e-?mail\b|имейл\w*|\bmail\b|outlook|exchange|gmail",
    "сайт": r"\bсайт\w*|виджет\w*|website|\bsite\b|тильд\w*|tilda",
    "PostgreSQL": r"postgres\w*|постгрес\w*",
    "ClickHouse": r"clickhouse|кликхаус\w*",
    "Яндекс Метрика": r"метрик[аиу]|metrika",
    "телефония": r"телефони\w*|telephony|mango|манго|asterisk|астериск|\bip-?атс",
    "Excel": r"excel|эксел\w*|эксель\w*",
    "Power BI": r"power\s?bi|пауэр\s?би",
    "SAP": r"\bsap\b|\bсап\b",
    "ВКонтакте": r"вконтакт\w*|\bвк\b|\bvk\b|vkontakte",
    "Instagram": r"инстаграм\w*|instagram|\bинста\b",
    "СЭД": r"\bсэд\b",
    "МИС": r"\bмис\b",
    "CRM": r"(?<![\w-])(?:crm|црм|срм)(?![\w-])",
    "HubSpot": r"hubspot|хабспот",
    "Salesforce": r"salesforce",
    "Slack": r"\bslack\b",
    "Jira": r"\bjira\b|джир\w*",
    "Confluence": r"confluence",
    "Ozon": r"\bozon\b|озон\w*",
    "Wildberries": r"wildberries|вайлдберриз|\bwb\b",
    "ЦИАН": r"\bциан\w*|\bcian\b",
    "iiko": r"\biiko\b|айко",
    "YCLIENTS": r"yclients",
    "Active Directory": r"active\s?directory",
}
_KNOWN = [(name, re.compile(pattern)) for name, pattern in CATALOGUE.items()]

# Where a list of systems begins: "интеграции:", "подключить", "данные в", "connect to".
_CUE = re.compile(
    r"(?:интеграци\w*|интегрир\w*|подключ\w*|связ\w+ с|источник\w*(?:\s+данных)?"
    r"|систем[аы]?(?=\s*[:—–(])"
    r"|данные\s+(?:лежат\s+|хранятся\s+|есть\s+)?(?:у нас\s+)?в|данные(?=\s*[:—])"
    r"|из систем\w* у нас"
    r"|integrations?|integrate\w*|connect\w*(?:\s+it)?(?:\s+to)?|hook\w*(?:\s+it)?\s+up\s+to"
    r"|talk\s+to|plug\w*\s+into|data\s+sources?|sources?)"
    r"(?:\s*\(\d+\))?\s*(?:надо|нужно|нужны|будем|хотим|с|со|к|в|to|with)?\s*[:—–-]?\s*"
)
_NONE = re.compile(
    r"интеграци\w* (?:не (?:нужн|надо|треб)|нет\b|никак)|без интеграци|никаких интеграци"
    r"|(?:не нужн\w*|не надо) (?:никаких )?интеграци|интеграций (?:больше )?не\b|\b0 интеграц"
    r"|no integrations?|integrations?:?\s*(?:none|not needed)|without integrations?"
)
_COUNT = re.compile(
    r"(?<![\w.])(\d{1,3})\s+(?:\w+\s+)?(?:интеграц|систем|источник|integrations?|systems?|sources?)"
    r"|(?:интеграц\w*|систем\w*|источник\w*|integrations?|systems?)"
    r"(?:\s+(?:у нас|будет|штуки|всего|около|примерно|нужно|надо|need))?"
    r"\s*[(:—–-]?\s*(\d{1,3})(?![\w.,]*\w)"
)
_SEND_TO_MAIL = re.compile(
    r"(?i)(?:(?:на|в|по)\s+(?:эл\w*\s+|электронн\w*\s+)?почт\w*|почт\w*[:\s]+|e-?mail[:\s]+|mail[:\s]+)?"
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:на|по)\s+(?:эл\w*\s+)?почту\b"
)
# "всего четыре", "итого 5": the count the customer settles on wins over any other.
_TOTAL = re.compile(
    r"(?:всего|итого|in total|total)\s*(?:\w+\s+)?(\d{1,3})\b|(\d{1,3})\s+(?:in total|всего)"
)
_SEPARATORS = re.compile(
    r",|;|\n|\s+и\s+|\s+а также\s+|\s+плюс\s+|\s*\+\s*|\s+/\s+|\s+and\s+|\s+&\s+"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")
# A key line of a form ("- размещение: облако") ends the list that came before it.
_KEY_LINE = re.compile(r"^\s*[-•*\d.)]*\s*[а-яёa-z][а-яёa-z \-]{1,30}\s*[:—]\s", re.MULTILINE)
# Words of the other slots: a list item that speaks of them ends the list.
_OTHER_SLOT = re.compile(
    r"облак|облач|сервер|контур|гибрид|хостинг|размещ|\bsla\b|поддержк|доступност|запуск"
    r"|срок|недел|месяц|\bдн[еяи]|пользоват|человек|сотрудник|менеджер|юрист|оператор|бюджет"
    r"|работа|будут|будет"
    r"|стоим|цен[аеуы]\b|\bcloud|premise|hosting|support|\busers?\b|people|deadline|launch"
    r"|\d+\s*%|99[.,]|\bпо\b|\bпока\b|\bэто\b|\bвсе\b|\bвсё\b|\bничего\b|\bнет\b|\bтолько\b$"
)
_FILLER = re.compile(
    r"^(?:(?:и|а|еще|ещё|также|нашу?|наши|нашей|наша|нашем|в|во|с|со|к|из|на|с нашей|our"
    r"|the|a|an|with|to|also|plus|-|•|\*|—|\d+[.)])\s+)+"
)
_MORE = re.compile(r"(\d{1,2})(?:\s+\S+){0,3}\s*$")


@dataclass(frozen=True)
class Systems:
    count: int | None
    names: tuple[str, ...]


# Kinds that yield to a named system in the same item: "СЭД Directum" is Directum.
_KINDS = {"CRM", "СЭД", "МИС"}
# Words that end a list: talk about something else ("остальное не нужно", "потом скажу").
_NOT_A_SYSTEM = re.compile(r"\bне\b|потом|скаж|остальн|обязательн|\bкакие\b|и т\.?\s?д|\betc\b")


def read_systems(text: str, *, asked: bool = False) -> Systems:
    """The systems to connect. `asked`: the assistant's last question was about them, so a
    bare list ("VetManager, 1С и гугл таблицы") is the answer."""
    # Same length as the text the patterns read, so spans cut the customer's own spelling.
    # An address, or "пришлите на почту", is where to send things, not a system to connect.
    text = _SEND_TO_MAIL.sub(lambda m: " " * len(m.group(0)), text)
    work = with_digits(text.replace("ё", "е").replace("Ё", "Е"))
    low = work.lower()
    if len(low) != len(work):  # a character whose lower case is longer: read it all lower
        work = low
    if _NONE.search(low):
        return Systems(0, ())
    explicit = _explicit_count(low)
    names: list[str] = []
    counted = 0
    zones = _zones(low, asked)
    for start, end, cued in zones:
        found, items = _items(low[start:end], work[start:end], cued)
        names += found
        counted += items
    if not counted:  # no list found where a cue pointed: the systems named anywhere
        names = [name for name, _ in _known(low)]
        counted = len(names)
    names = list(dict.fromkeys(names))
    if explicit is not None:
        return Systems(explicit, tuple(names))
    return Systems(counted, tuple(names)) if counted else Systems(None, ())


def _explicit_count(low: str) -> int | None:
    if total := _TOTAL.search(low):
        return int(total.group(1) or total.group(2))
    for match in _COUNT.finditer(low):
        number = int(match.group(1) or match.group(2))
        if 0 < number <= 100:
            return number
    return None


def _zones(low: str, asked: bool) -> list[tuple[int, int, bool]]:
    """Spans of text that list systems, each with whether a cue word opened it."""
    zones: list[tuple[int, int, bool]] = []
    for cue in _CUE.finditer(low):
        rest = low[cue.end() :]
        if not rest.strip() or _NONE.match(rest):
            continue
        if zones and cue.start() < zones[-1][1]:
            continue  # a cue inside the last list ("подключить: …, системы филиалов")
        zones.append((cue.end(), cue.end() + _list_length(rest), True))
    if not zones and asked:
        zones.append((0, _list_length(low), True))
    if not zones and _known(low) and _is_a_list(low):
        zones.append((0, _list_length(low), False))
    return zones


def _is_a_list(low: str) -> bool:
    """A message that is mostly a list of names: "амо, 1С и телефония"."""
    items = [i for i in _SEPARATORS.split(low.strip()) if i.strip()]
    return len(items) >= 2 and all(len(i.split()) <= 4 for i in items)


def _list_length(rest: str) -> int:
    """How far a list runs: to the end of its sentence, or, for a list under a heading
    ("интеграции:\n- 1С\n- амо"), to the first blank or key line."""
    newline = rest.find("\n")
    if newline != -1 and not rest[:newline].strip():
        end = newline
        for line in rest[newline + 1 :].split("\n"):
            if not line.strip() or _KEY_LINE.match(line):
                break
            end += 1 + len(line)
        return end
    stop = _SENTENCE_END.search(rest)
    first = rest[: stop.start()] if stop else rest
    key = _KEY_LINE.search(first)
    return key.start() if key else len(first)


def _items(low: str, work: str, cued: bool) -> tuple[list[str], int]:
    names: list[str] = []
    count = 0
    bounds = [0, *(i for m in _SEPARATORS.finditer(low) for i in (m.start(), m.end())), len(low)]
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))
    # A bare list that names two systems or more is a list of systems: its other items
    # ("Zendesk", "our ERP") count too.
    cued = cued or sum(bool(_known(low[start:end])) for start, end in spans) >= 2
    for start, end in spans:
        raw = low[start:end]
        item = _FILLER.sub("", raw.strip(" .:—–-•*\t")).strip()
        if not item:
            continue
        known = _known(raw)
        if known:
            names.append(_name(known, work[start:end]))
            count += 1
            continue
        more = _MORE.search(item)
        if more and re.search(r"ещ[её]|систем|сервис|баз|внутренн|other|more", item):
            count += int(more.group(1))
            continue
        if not cued:
            continue  # a bare list with one known name counts only what it names
        if _OTHER_SLOT.search(item) or _NOT_A_SYSTEM.search(item):
            break
        offset = raw.find(item)
        written = work[start:end][offset : offset + len(item)] if offset >= 0 else item
        if len(item.split()) <= 4 and _names_a_thing(written):
            names.append(written)
            count += 1
    return names, count


def _names_a_thing(item: str) -> bool:
    """An unknown item counts when it names something: a Latin name ("VetManager"), an
    abbreviation ("АБС") or a noun ("самописная база"), not "ну такое"."""
    if re.search(r"\b[A-ZА-ЯЕ]{2,}\b|\b[A-ZА-ЯЕ][a-zа-яе]{2,}", item):
        return True  # an abbreviation ("АБС") or a proper name ("Эвотор")
    for word in re.findall(r"[a-zа-я]{2,}", item.lower()):
        if not re.search(r"[а-я]", word):
            return True
        parse = lemma_parse(word)
        if parse is not None and parse[1] == "NOUN":
            return True
    return False


def _name(known: list[tuple[str, re.Match[str]]], written: str) -> str:
    """The catalogue's name of an item's system; a 1С product keeps its own name as written
    ("1С:Документооборот")."""
    specific = [k for k in known if k[0] not in _KINDS] or known
    name, match = specific[0]
    if name == "1С" and len(match.group(0).strip()) > 3:
        return written[match.start() : match.end()].strip()
    return name


def _known(text: str) -> list[tuple[str, re.Match[str]]]:
    """Catalogued systems in the text, in the order they appear."""
    found = [(name, m) for name, pattern in _KNOWN if (m := pattern.search(text))]
    return sorted(found, key=lambda pair: pair[1].start())
