"""Brief slots from a customer's words (offline NLU): product direction, users, company size,
goals, integrations, hosting, SLA and contacts. Each extractor returns None when the text
does not say."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from salesbot.dialog.nlu.numbers import with_digits
from salesbot.dialog.nlu.systems import read_systems
from salesbot.knowledge.text import lemma_parse, lemmas, name_parse

PRODUCT_WORDS = {
    "ai-manager": {
        "продажа",
        "продавать",
        "продажник",
        "лид",
        "заявка",
        "бот",
        "чат",
        "crm",
        "amocrm",
        "авито",
        "telegram",
        "покупатель",
        "воронка",
        "менеджер",
        "клиент",
        "консультировать",
        "консультант",
        "отвечать",
        "ответ",
        "мессенджер",
        "бронирование",
        "бронь",
        "записывать",
        "запись",
        "гость",
        "абонент",
        "пациент",
        "замер",
        "кп",
        "входящий",
        "обращение",
        "квалифицировать",
        "sales",
        "lead",
        "customer",
        "buyer",
        "chat",
        "chatbot",
        "bot",
        "rep",
        "booking",
        "patient",
        "guest",
        "admission",
        "inquiry",
        "qualify",
        "salespeople",
    },
    "ai-lawyer": {
        "юрист",
        "юридический",
        "договор",
        "контракт",
        "правовой",
        "риск",
        "претензия",
        "суд",
        "соглашение",
        "регламент",
        "право",
        "пункт",
        "аренда",
        "подряд",
        "ддс",
        "ддустав",
        "юрдепартамент",
        "contract",
        "agreement",
        "clause",
        "nda",
        "legal",
        "lawyer",
        "compliance",
        "litigation",
    },
    "ai-analyst": {
        "аналитик",
        "аналитика",
        "отчет",
        "отчетность",
        "данные",
        "дашборд",
        "bi",
        "метрика",
        "выручка",
        "показатель",
        "аномалия",
        "прогноз",
        "маржа",
        "график",
        "цифра",
        "sql",
        "просесть",
        "продать",  # "сколько продали": a report on sales made, not selling
        "статистика",
        "динамика",
        "остаток",
        "kpi",
        "продажи",
        "рейс",
        "простой",
        "analytics",
        "analyst",
        "report",
        "reporting",
        "dashboard",
        "revenue",
        "margin",
        "metric",
        "forecast",
        "chart",
    },
}
_PEOPLE = (
    r"(человек|чел\b|люд[а-я]*|сотрудник[а-я]*|менеджер[а-я]*|пользовател[а-я]*|юзер[а-я]*|продавц[а-я]*"
    r"|оператор[а-я]*|юрист[а-я]*|аналитик[а-я]*|специалист[а-я]*|рабочих мест)"
)
_NUMBER_WORDS = {
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "десять": 10,
    "десяти": 10,
    "пятнадцать": 15,
    "двадцать": 20,
    "двадцати": 20,
    "тридцать": 30,
    "тридцати": 30,
    "сорок": 40,
    "сорока": 40,
    "пятьдесят": 50,
    "пятидесяти": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "ста": 100,
    "двести": 200,
    "двухсот": 200,
    "триста": 300,
    "пятьсот": 500,
}
_WORD_NUMBERS = {
    "десяток": 10,
    "пару десятков": 20,
    "сотня": 100,
    "сотню": 100,
    "сотни": 100,
    "полсотни": 50,
    "тысяча": 1000,
    "тысячу": 1000,
}


@dataclass(frozen=True)
class Contacts:
    phone: str | None
    email: str | None


# Words that name a direction outright; other words only hint (a sales team or a CRM may be
# mentioned while buying any product), so hints need company.
ANCHORS = {
    "ai-manager": {"бот", "чат", "продажа", "лид", "chatbot", "bot", "chat", "sales", "lead"},
    "ai-lawyer": {"юрист", "договор", "юридический", "lawyer", "contract", "agreement", "legal"},
    "ai-analyst": {"аналитик", "аналитика", "отчет", "дашборд", "analyst", "analytics", "report"},
}


def _words(text: str) -> set[str]:
    words = set(lemmas(text))
    # English has no lemmas here: an English plural also counts as its singular
    plurals = [w for w in words if re.fullmatch(r"[a-z]{3,}s", w)]
    return words | {w[:-3] + "y" if w.endswith("ies") else w[:-1] for w in plurals}


# Systems that belong to one direction's work: a sales CRM or a messenger, a document
# workflow, a data warehouse or BI.
SYSTEM_HINTS = {
    "ai-manager": {"amoCRM", "Bitrix24", "RetailCRM", "HubSpot", "Авито", "WhatsApp", "Telegram"},
    "ai-lawyer": {"Directum", "СЭД"},
    "ai-analyst": {"Power BI", "ClickHouse", "PostgreSQL", "Яндекс Метрика"},
}


def product_hints(text: str, systems: Iterable[str]) -> dict[str, int]:
    """How many words of each direction's vocabulary the text uses, and how many of the
    `systems` it names (as `integrations` read them) belong to the direction's work."""
    named = set(systems)
    return {
        product: count + len(named & SYSTEM_HINTS[product])
        for product, count in _word_scores(_words(text)).items()
    }


def _word_scores(words: set[str]) -> dict[str, int]:
    return {product: len(words & vocabulary) for product, vocabulary in PRODUCT_WORDS.items()}


def product_direction(text: str) -> str | None:
    words = _words(text)
    scores = _word_scores(words)
    best = max(scores, key=lambda product: scores[product])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] == 0 or ranked[0] == ranked[1]:
        return None
    anchored = bool(words & ANCHORS[best]) and bool(
        words - ANCHORS[best] & PRODUCT_WORDS[best] or ranked[0] >= 1
    )
    return best if ranked[0] >= 2 or (anchored and _asks_for_product(text)) else None


def _asks_for_product(text: str) -> bool:
    return bool(
        re.search(
            r"нуж|хоч|интерес|ищ|подбер|внедр|автоматиз|помож|проверя|анализ"
            r"|\b(?:need|want|looking|automate|help|tool|something)\b",
            text.lower(),
        )
    )


def _people_count(low: str) -> int | None:
    """A count of people in one clause, whoever they are."""
    match = re.search(r"(\d[\d\s]{0,6})\s*(?:-|–|до)?\s*(\d[\d\s]{0,6})?\s*" + _PEOPLE, low)
    if match:
        high = match.group(2) or match.group(1)
        return int(re.sub(r"\s", "", high))
    match = re.search(
        r"(?:нас|команда из|штат|коллектив из|пользователей|сотрудников|человек)\s*[:—-]?\s*"
        r"(\d+)(?:\s*[-–]\s*(\d+))?",
        low,
    )
    if match and not _counts_things(low, match.end()):
        return int(match.group(2) or match.group(1))
    match = re.search(
        _PEOPLE + r"\s+(?:у нас\s+|будет\s+|будут\s+)?(\d+)(?:\s*[-–]\s*(\d+))?\b", low
    )
    if match:
        return int(match.group(3) or match.group(2))
    # "юристов в штате 2" (number words are digits by now: "двое")
    match = re.search(_PEOPLE + r"(?:-[а-я]+)?[^\d,.;!?]{0,12}?\b(\d{1,6})(?![\d%.,])", low)
    if match:
        return int(match.group(2))
    match = re.search(r"\busers?\s*[:=]?\s*(\d+)|(\d+)\s*users?\b", low)
    if match:
        return int(match.group(1) or match.group(2))
    match = _ENGLISH_PEOPLE.search(low)
    if match:
        return int(next(g for g in match.groups() if g))
    for phrase, value, before, after in _PEOPLE_IN_WORDS:
        if phrase in low and (before.search(low) or after.search(low)):
            return value
    return None


def _people_in_words() -> list[tuple[str, int, re.Pattern[str], re.Pattern[str]]]:
    """A count in words beside people ("двое юристов", "менеджеров человек пять"): each
    phrase's two patterns compiled once, longest phrase first."""
    phrases = sorted({**_WORD_NUMBERS, **_NUMBER_WORDS}.items(), key=lambda item: -len(item[0]))
    return [
        (
            phrase,
            value,
            re.compile(r"\b" + phrase + r"\b.{0,20}" + _PEOPLE),
            re.compile(_PEOPLE + r".{0,12}\b" + phrase + r"\b"),
        )
        for phrase, value in phrases
    ]


# "40 reps", "about 25 people in ops", "a team of 9", "18 ppl", "our 12 lawyers".
_ENGLISH_PEOPLE = re.compile(
    r"(\d{1,6})\s+(?:[a-z-]+\s+){0,2}?(?:people|persons|ppl|reps|employees|staff|agents|lawyers"
    r"|managers|seats|analysts|operators|members|salespeople|heads|colleagues|recruiters)\b"
    r"|team of (\d{1,6})|(?:people|users|staff)\s*[:=-]\s*(\d{1,6})"
)


@dataclass(frozen=True)
class Headcount:
    users: int | None = None  # who will use the assistant (or an unqualified headcount)
    company: int | None = None  # everyone the company employs
    # `users` came from words like "у нас 200 сотрудников" alone: the whole company, or the
    # people who will use the assistant? The brain asks rather than guesses.
    ambiguous: bool = False


# A clause ends at a comma (not one inside "99,5"), a semicolon or a sentence end.
_CLAUSES = re.compile(r",(?!\d)|(?<!\d),|[;!?\n]|\.(?!\d)")
# Who will use it: a role, a verb of use, or "на 30 человек" (seats).
_USAGE = re.compile(
    r"пользова|использова|работать (?:в|с)\b|будут|будет|рабочих мест|юзер|users?\b|отдел|из них"
    r"|\bwill (?:use|be using)\b"
    r"|менеджер|юрист|продавц|продажник|оператор|аналитик|специалист|\b(?:на|для)\s+\d"
)
_USE_FOLLOWS = re.compile(
    r"\s*(?:who |которые |они |и )?(?:will (?:use|be using|work)|use it|будут|будет|пользова|работа)"
)
# "пользоваться будут 40", "40 будут работать в системе": a number with a verb of use.
_USED_BY = re.compile(
    r"(?:пользова|использова|работа)\w*(?:\s+\S+){0,6}?\s+(\d{1,6})(?=\s*(?:$|[,.;!?)]|человек|чел\b))"
    r"|(?<![\d.,])\b(\d{1,6})\s+(?:будут|будет)\s+(?:пользова|использова|работа)"
)
_PRODUCT_NAME = re.compile(r"\bии[\s-]?(?:менеджер|юрист|аналитик)\w*")
_EMPLOYEES = re.compile(r"сотрудник|работник|персонал")
_COUNT_WORDS = {
    **_NUMBER_WORDS,
    **_WORD_NUMBERS,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "тысячи": 1000,
    "тысяч": 1000,
    "полторы тысячи": 1500,
    "пятидесяти": 50,
    "трехсот": 300,
    "пятисот": 500,
}
_NUMBER = (
    r"(?P<mod>(?:около|примерно|порядка|где-то|почти|более|больше|свыше|за)\s+)?"
    r"(?<![\d.,])\b(?P<num>\d+(?:[ \u00a0]\d{3})*|"
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    + r")\b(?:\s*(?P<thousands>тыс\w*))?"
)
_PEOPLE_WORD = r"(?:человек|чел\b|сотрудник\w*|работник\w*)"
# What follows must be people or the end of the phrase, not "12 магазинов".
_QUANTITY = _NUMBER + (
    r"(?=\s*" + _PEOPLE_WORD + r"|\s*(?:[,.;:!?)—-]|$)|\s+(?:а|но|и|из|в|у|по)\b)"
)
_ORG = (
    r"(?:компани[яию]|фирм[аеыу]|организаци[яию]|холдинг[еа]?|предприяти[еяи]|сеть"
    r"|групп[аеыу] компаний)\b"
)
_FILLER = r"(?:[\s,:—-]+(?:у нас|нас|всего|человек|сотрудников|персонала|компании|на|из|около|примерно|работа\w*|труд\w*|числ\w*|небольш\w*|маленьк\w*|средн\w*|крупн\w*|больш(?!е\b)\w*|федеральн\w*))*[\s,:—-]+"
_COMPANY = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?:в|во|по)\s+(?:всей\s+|нашей\s+)?" + _ORG + _FILLER + _QUANTITY,
        r"\b(?:штат\w*|коллектив\w*|численност\w*|персонал\w*)" + _FILLER + _QUANTITY,
        r"\b" + _ORG + _FILLER + _QUANTITY,
        # "около 50 сотрудников в компании"
        _NUMBER
        + r"(?=\s*"
        + _PEOPLE_WORD
        + r"\s+(?:в|во|по)\s+(?:всей\s+|нашей\s+)?(?:"
        + _ORG
        + r"|штате))",
        r"\bвсего\s+(?:у нас\s+|нас\s+)?(?:человек\s+|сотрудников\s+)?" + _QUANTITY,
    )
)
SIZE_BANDS = ((10, "1-10"), (50, "11-50"), (250, "51-250"), (1000, "251-1000"))
_SIZE_WORDS = (
    (
        "малый бизнес",
        r"(?:небольш|маленьк|мал)\w*\s+(?:компани[яи]|фирм[аы]|бизнес\b|организаци[яи]|коллектив)"
        r"|(?:компани[яи]|фирм[аы]|коллектив)\s+(?:у нас\s+)?(?:небольш|маленьк)\w*|микробизнес|\bстартап",
    ),
    (
        "средний бизнес",
        r"средн\w*\s+(?:компани[яи]|фирм[аы]|бизнес\b)|(?:компани[яи]|фирм[аы])\s+средн\w*",
    ),
    (
        "крупный бизнес",
        r"(?:крупн|больш)\w*\s+(?:компани[яи]|холдинг|бизнес\b|организаци[яи]|предприяти[ея])"
        r"|\bхолдинг|корпораци|федеральн\w* сет",
    ),
)
_OWN = re.compile(r"\b(?:мы|у нас|нас|наш\w*)\b")


def headcount(text: str) -> Headcount:
    """Users and company headcount, told apart by the words around each number: "в компании
    200 человек" is the company, "30 менеджеров" or "будут пользоваться 30" are users, and
    with both in one message the larger plain count is the company."""
    # "ИИ-Юрист" is the product, not a role that marks users
    low = _PRODUCT_NAME.sub("продукт", with_digits(text.lower().replace("ё", "е")))
    company, low = _company_count(low)
    explicit: list[int] = []
    plain: list[tuple[int, str]] = []
    clauses = _CLAUSES.split(low)
    counts = [_clause_count(clause) for clause in clauses]
    for index, (clause, count) in enumerate(zip(clauses, counts, strict=True)):
        if count is None:
            continue
        # "…only procurement, 12 people, will use it": the use is said by the next clause
        following = clauses[index + 1] if index + 1 < len(clauses) else ""
        used_next = counts[index + 1 :][:1] == [None] and _USE_FOLLOWS.match(following)
        if _USAGE.search(clause) or used_next:
            explicit.append(count)
        else:
            plain.append((count, clause))
    if not explicit and not plain and (roles := _role_count(low)) is not None:
        explicit.append(roles)
    if explicit:
        users = explicit[0]
        larger = [count for count, _ in plain if count > users]
        if company is None and larger:
            company = max(larger)
        return Headcount(users, company)
    if not plain:
        return Headcount(None, company)
    count, clause = plain[0]
    return Headcount(count, company, company is None and bool(_EMPLOYEES.search(clause)))


def _clause_count(clause: str) -> int | None:
    count = _people_count(clause)
    if count is None and (match := _USED_BY.search(clause)):
        count = int(match.group(1) or match.group(2))
    return count


# People who are not the customer's users: their own customers, branches, legal entities.
_NOT_USERS = {
    "клиент",
    "покупатель",
    "пациент",
    "абонент",
    "подписчик",
    "гость",
    "посетитель",
    "заказчик",
    "лицо",
    "юрлицо",
    "партнер",
    "контрагент",
    "ученик",
    "студент",
    "житель",
    "ребенок",
}
# A number that is not part of a decimal ("99.5"), a percentage or a range; "их 150." ends
# its sentence.
_BARE_NUMBER = re.compile(r"(?<![\d.,])\b(\d{1,6})(?![\d%]|[.,]\d|\s*[-–]\s*\d)")
_WORD_AFTER = re.compile(r"\s+(?:[а-я]+(?:ых|их)\s+)?([а-я]+(?:-[а-я]+)?)")
_WORD_BEFORE = re.compile(r"([а-я]+(?:-[а-я]+)?)(?:\s+у нас|\s*,?\s*их|\s*[:—-])?\s+$")
# "кассиров вечерней смены, их 40": the role may stand a word or two before "их"
_WORDS_BEFORE_THEM = re.compile(r"((?:[а-я]+(?:-[а-я]+)?\s+){0,2}[а-я]+(?:-[а-я]+)?)\s*,\s*их\s+$")


def _role_count(low: str) -> int | None:
    """A count of people named by their role, any role ("10 администраторов", "кураторов у
    нас 12", "администраторы, их 22"): an animate noun beside a number, not the customer's
    own clients or branches."""
    for match in _BARE_NUMBER.finditer(low):
        window = low[max(0, match.start() - 60) : match.start()]
        after = _WORD_AFTER.match(low, match.end())
        before = _WORD_BEFORE.search(window)
        them = _WORDS_BEFORE_THEM.search(window)
        words = [found.group(1) for found in (after, before) if found]
        words += them.group(1).split()[::-1] if them else []
        if any(_is_role(word) for word in words):
            return int(match.group(1))
    return None


def _is_role(word: str) -> bool:
    parse = lemma_parse(word)
    return parse is not None and parse[1] == "NOUN" and parse[2] and parse[0] not in _NOT_USERS


def _counts_things(low: str, end: int) -> bool:
    """The number ending at `end` counts things or outsiders ("нас 6 филиалов", "5000
    клиентов"), not the people who will use the system."""
    after = _WORD_AFTER.match(low, end)
    if after is None:
        return False
    parse = lemma_parse(after.group(1))
    return parse is not None and parse[1] == "NOUN" and (not parse[2] or parse[0] in _NOT_USERS)


_NOT_A_HEADCOUNT = re.compile(
    r"\s*(?:%|процент|дн|день|недел|месяц|мес\b|год|лет|час|мин|тыс|руб|₽|интеграц|систем"
    r"|филиал|магазин|офис|город|точк|клуб|клиник|склад|\.|:|/)"
)


_OTHER_COUNT_BEFORE = re.compile(
    r"\b(?:интеграц\w*|систем\w*|sla|сла|доступност\w*|срок\w*|через|за|к|до)\s*[:—-]?\s*$"
)


def lone_count(text: str) -> int | None:
    """The one number of a message that answers "how many people?" ("юристов, которые будут
    пользоваться, около сорока"): None when there are several, or it counts days, percent,
    money or things."""
    low = with_digits(text.lower().replace("ё", "е"))
    found = [
        m
        for m in _BARE_NUMBER.finditer(low)
        if not _NOT_A_HEADCOUNT.match(low, m.end())
        and not _counts_things(low, m.end())
        and not _OTHER_COUNT_BEFORE.search(low[max(0, m.start() - 20) : m.start()])
    ]
    return int(found[0].group(1)) if len(found) == 1 else None


def users(text: str) -> int | None:
    return headcount(text).users


def _company_count(low: str) -> tuple[int | None, str]:
    """The company's headcount and the text without that phrase (so it is not read again
    as users); a phrase whose clause speaks of use or roles ("юристов в штате двое",
    "в компании 30 человек будут пользоваться") is about users after all."""
    for pattern in _COMPANY:
        for match in pattern.finditer(low):
            before = _CLAUSES.split(low[: match.start()])[-1]
            after = _CLAUSES.split(low[match.end() :], maxsplit=1)[0]
            if _USAGE.search(before + " " + after):
                continue
            number = _quantity(match)
            if number:
                return number, low[: match.start()] + " " * len(match.group(0)) + low[match.end() :]
    return None, low


def _quantity(match: re.Match[str]) -> int | None:
    raw = match.group("num")
    number = _COUNT_WORDS.get(raw) or int(re.sub(r"\D", "", raw) or 0)
    if match.group("thousands") and number < 1000:
        number *= 1000
    if (match.group("mod") or "").strip() in ("более", "больше", "свыше", "за"):
        number += 1
    return number or None


def size_band(employees: int) -> str:
    return next((band for limit, band in SIZE_BANDS if employees <= limit), "1000+")


def company_size(text: str) -> str | None:
    """A band of employees ("1-10", "11-50", "51-250", "251-1000", "1000+") from a number said
    about the company, else "малый бизнес" / "средний бизнес" / "крупный бизнес" from words
    said about ourselves ("мы небольшая компания"). Stores and branches are not headcount."""
    count = headcount(text).company
    if count is not None:
        return size_band(count)
    low = text.lower().replace("ё", "е")
    for label, pattern in _SIZE_WORDS:
        for match in re.finditer(pattern, low):
            clause_start = max(low.rfind(sep, 0, match.start()) for sep in ",.;!?\n") + 1
            if _OWN.search(low[clause_start : match.end() + 12]):
                return label
    return None


_GOAL_VERB = (
    r"(?:автоматизир|разгруз|увелич|повы[сш]|подня|сократ|сокращ|сниз|сниж|уменьш|ускор|освобод"
    r"|избав|оптимизир|улучш|налад|упрост|перестать|обрабатыва|отвечать|квалифицир|собирать"
    r"|сэконом|эконом|вырасти|масштабир|контролир|отслежива|прогнозир|видеть|закрывать"
    r"|не терять|удерж|привлека|снять|убрать)\w*"
)
_GOALS = (
    # "цель — …", "главная задача: …", "цель у нас простая — …"
    re.compile(
        r"\b(?:цель|задача)(?:\s+(?:проекта|внедрения|у нас|простая|такая|одна))*\s*(?:[—:]|-\s|это\b)\s*"
        r"(?P<goal>\S.*)"
    ),
    # "хотим разгрузить поддержку", "нужно автоматизировать ответы…"
    re.compile(
        r"\b(?:хотим|хотели бы|хотелось бы|хочется|хочу|нужно|надо|необходимо|требуется|планируем"
        r"|стремимся|важно|пытаемся)\s+(?:(?:бы|нам|мы|в первую очередь|прежде всего|максимально)\s+)*"
        r"(?P<goal>" + _GOAL_VERB + r".*)"
    ),
    # "чтобы менеджеры не теряли заявки" (only about the business, see _BUSINESS)
    re.compile(r"(?P<goal>\bчтобы?\s+.*)"),
)
_BUSINESS = {
    "заявка",
    "лид",
    "клиент",
    "покупатель",
    "продажа",
    "сделка",
    "менеджер",
    "поддержка",
    "конверсия",
    "обращение",
    "договор",
    "отчет",
    "звонок",
    "выручка",
    "бот",
    "вопрос",
}
# A goal ends with its clause: a sentence end, or a comma that starts another statement.
_GOAL_END = re.compile(
    r"[.;!?\n]|\s—\s|,\s*(?=(?:а|но|сейчас|пока|у нас|нас|мы|бюджет|срок|потому|так как|т\.\s?к)\b|\d)"
)
_GOAL_WORDS = 12
# "можно ли загрузить прайс, чтобы бот по нему консультировал?" asks; it sets no goal.
_QUESTION = re.compile(r"\?|^\s*(?:а\s+)?(?:можно|как|что|какие|какой|есть ли|ли)\b")


def goals(text: str) -> str | None:
    """The customer's goal in their own words, one short clause: "цель — увеличить
    конверсию" → "увеличить конверсию"; "хотим, чтобы менеджеры не теряли заявки" →
    "чтобы менеджеры не теряли заявки"."""
    low = text.lower().replace("ё", "е")
    for number, pattern in enumerate(_GOALS):
        for match in pattern.finditer(low):
            start = match.start("goal")
            end = _GOAL_END.search(low, start)
            phrase = text[start : end.start() if end else len(text)]
            words = phrase.split()[:_GOAL_WORDS]
            if not words:
                continue
            if number == 2 and (
                _QUESTION.search(low)
                or not (_BUSINESS & set(lemmas(phrase)) or re.search(_GOAL_VERB, low[start:]))
            ):
                continue
            return " ".join(words).strip(" ,:;—-")
    return None


def integrations(text: str, *, asked: bool = False) -> tuple[int | None, tuple[str, ...]]:
    """(count, named systems): see nlu/systems.py."""
    found = read_systems(text, asked=asked)
    return found.count, found.names


_ON_OUR_SIDE = re.compile(
    r"on-?\s?prem|он-?\s?прем|сво(?:й|их|ем|ём|и) (?:сервер|серв[аа]к|железе|инфраструктур)"
    r"|наш(?:ем|их|и|ей)? (?:сервер|серв[аа]к|железе|инфраструктур|сет[иь]|дата-?центр|цод)"
    r"|сервер\w* сво|серв[аа]к\w* сво|у нас на сервер|контур|датацентр|дата-центр|\bцод\b"
    r"|локально|у себя|внутри\w* (?:нашей )?сети|наружу\s+(?:ничего\s+)?не|own servers?"
    r"|on our (?:servers?|side|premises)|in-house|self-hosted"
    r"|(?:inside|within|in|on|leave) our (?:own )?(?:network|perimeter|data ?cent(?:er|re)|infra\w*"
    r"|hardware|servers?)|our own (?:servers?|hardware|data ?cent(?:er|re))"
    # "у нас" alone is the company ("у нас 30 менеджеров"); where things live needs more
    r"|(?:вс[её]|только|полностью|частично|стоять|храним|хранить|держим|держать|размещ\w*"
    r"|оста\w+)\s+(?:\w+\s+)?у нас|у нас (?:на|в) (?:сервер|контур|сет|дата|цод|офис)"
)
_ON_YOURS = re.compile(
    r"облак|облач|облок|cloud|saas|на ваш\w+ (?:сервер|мощност)"
    # "у вас" where it runs ("пусть крутится у вас"), not "у вас есть пробный период?"
    r"|(?:^\W*|\b(?:размест|разверн|сто|крут|работа|жив|хост|держ|храни|леж|пусть|давайте|частич"
    r"|часть|остальн)\w*"
    r"\s+(?:\w+\s+)?)у вас\b"
    r"|on your (?:side|end|servers?)|your (?:data ?cent(?:er|re)|servers?|infra\w*)"
    r"|\byou (?:can |could )?host\b|hosted by you"
)
# "держите у себя" is said to the vendor; "своих серверов нет" asks for theirs.
_YOUR_SIDE = re.compile(
    r"(?:держите|храните|размещайте|разместите|крутите|пусть крутится)\s+у себя"
    r"|(?:сво\w+|наш\w+)\s+сервер\w*\s+(?:у нас\s+)?нет|сервер\w* у нас нет|no (?:own )?servers"
)
# The cloud refused: "в облако нельзя", "только не облако", "без облаков".
_NO_CLOUD = re.compile(
    r"(?:в|на)?\s*облак\w*\s+(?:нельзя|не\b|запрещ|исключ)|\bне\s+(?:в\s+)?облак\w*|без облак\w*"
    # "не разрешат облако", "не одобрит облако" (but "не против облака" welcomes it)
    r"|\bне\s+(?!против\b)\w+\s+(?:\w+\s+)?облак\w*"
    r"|no cloud|not (?:in )?the cloud"
)
# Words that split the system between two places: "частично у нас, частично в облаке".
_SPLIT = re.compile(r"частич|\bчасть\b|остальн|\bа\b|\bно\b|обработк|partly|the rest")


def hosting(text: str, *, asked: bool = False) -> str | None:
    """cloud, onprem or hybrid: said by name, or by where the parts live ("частично у нас,
    частично в облаке" is hybrid, "всё внутри нашей сети" on-premise, "пусть у вас
    крутится" and "держите у себя, своих серверов нет" cloud). `asked`: the last question
    was where to run it, so any "у вас" ("лучше у вас") answers it."""
    low = _YOUR_SIDE.sub(" у вас ", text.lower().replace("ё", "е"))
    if _NO_CLOUD.search(low):
        low = _NO_CLOUD.sub(" ", low) + " только у нас"
    if re.search(r"гибрид|hybrid", low):
        return "hybrid"
    ours = _ON_OUR_SIDE.search(low)
    yours = _ON_YOURS.search(low) or (re.search(r"\bу вас\b", low) if asked else None)
    if ours and yours:
        if _SPLIT.search(low):
            return "hybrid"
        return "onprem" if ours.start() > yours.start() else "cloud"  # the later word wins
    if ours:
        return "onprem"
    if yours:
        return "cloud"
    return None


_SLA_SAID = (
    (
        "99.9",
        r"99[.,]9|99 (?:и|point) 9\b|(?:3|три) девятк\w*|(?:3|three) nines|(?:никогда|вообще) не (?:пада|лежа|ложил)"
        r"|не (?:пада|лежа)\w* (?:никогда|вообще)|нельзя,? чтобы (?:\w+ )?(?:пада|лежа)"
        r"|24/7 (?:критич|обязател|нужн)|критич\w* 24/7|never (?:go(?:es)? )?down|mission[- ]critical",
    ),
    ("99.5", r"99[.,]5|99 (?:и|point) 5\b|две девятки с половиной|2 девятки с половиной"),
    (
        "standard",
        r"(?:sla|сл[аa]|поддержк\w*|support|уровень\w*)[ :—-]+(?:\w+ )?(?:обычн|стандарт|standard|normal|basic"
        r"|regular|базов)\w*"
        r"|(?:обычн|стандарт|standard|normal|basic|regular|базов)\w*[ :—-]+(?:\w+ )?"
        r"(?:sla|поддержк|support|уровн)\w*"
        r"|не критич\w*|not critical|переживем|не страшно|ничего страшного",
    ),
)
# What the customer moves away from: "обычную вместо 99,9", "не 99,9, а обычный".
_SLA_DROPPED = re.compile(r"вместо\s+\S+|instead of\s+\S+|\bне\s+99[.,]\d")
# "сроки не критичны": calm words about the timing say nothing of the service level
_ABOUT_TIMING = re.compile(r"срок|по времени|deadline|timing|дедлайн")
_SLA_BARE = re.compile(
    r"^\W*(?:обычн\w*|стандарт\w*|standard|normal|basic|не важно|без разницы)\W*$"
)


def _clause_at(low: str, position: int) -> str:
    """The clause of `low` that holds `position`."""
    start = max((m.end() for m in _CLAUSES.finditer(low, 0, position)), default=0)
    end = _CLAUSES.search(low, position)
    return low[start : end.start() if end else len(low)]


def sla(text: str, *, asked: bool = False) -> str | None:
    """The service level: 99.9, 99.5 or standard, in digits or words ("три девятки",
    "чтобы не падало никогда", "обычной поддержки хватит", "не критично"). With several in
    one message the last one said wins, except one the customer moves away from ("обычную
    вместо 99,9"). `asked`: the last question was about the SLA, so "обычная" answers it."""
    low = with_digits(text.lower().replace("ё", "е"))
    if asked and _SLA_BARE.match(low):
        return "standard"
    dropped = [m.span() for m in _SLA_DROPPED.finditer(low)]
    said = [
        (match.start(), level)
        for level, pattern in _SLA_SAID
        for match in re.finditer(pattern, low)
        if not any(start <= match.start() < end for start, end in dropped)
        and not (level == "standard" and _ABOUT_TIMING.search(_clause_at(low, match.start())))
    ]
    return max(said)[1] if said else None


_NUM = r"(\d{1,6})(?![\d.,]\d|\s*%)"
_REPLACED = (
    # "не 30, а 60", "аналитиков не трое, а пятеро", "не 30 человек, а все 60"
    re.compile(r"\bне\s+" + _NUM + r"(?:\s+[а-я]+)?\s*[,—-]?\s*а\s+(?:вс[её]\s+|уже\s+)?" + _NUM),
    re.compile(r"\bnot\s+" + _NUM + r"(?:\s+[a-z]+)?\s*[,—-]?\s*but\s+" + _NUM),
    # "вместо 20 пусть будет 25", "вместо 20 — 25"
    re.compile(r"\bвместо\s+" + _NUM + r"\s*(?:[,—-]\s*)?(?:[а-я]+\s+){0,3}?" + _NUM),
)


def replaced_number(text: str) -> tuple[int, int] | None:
    """A count the customer corrects, as (old, new): "не 30, а 60" → (30, 60). Which slot held
    the old number is for the caller to tell."""
    low = with_digits(text.lower().replace("ё", "е"))
    for pattern in _REPLACED:
        if match := pattern.search(low):
            return int(match.group(1)), int(match.group(2))
    return None


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w])(?:\+7|8|7)?[\s(-]*[3-9]\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![\w])"
)


def contacts(text: str) -> Contacts:
    email = None
    for candidate in EMAIL.findall(text):
        try:
            email = validate_email(candidate, check_deliverability=False).normalized
            break
        except EmailNotValidError:
            continue
    phone = None
    match = _PHONE.search(text)
    if match:
        digits = re.sub(r"\D", "", match.group(0))
        digits = "7" + digits[-10:]
        phone = f"+{digits}"
    return Contacts(phone, email)


INDUSTRIES = {
    "розничная торговля": r"ритейл|розниц|магазин|интернет-магазин|e-?commerce",
    "банк и финансы": r"\bбанк|финанс|страхов|лизинг|микрозайм",
    "медицина": r"клиник|медицин|стоматолог|\bвет(?:еринар)",
    "логистика": r"логист|перевоз|грузоперевоз|доставк\w* груз",
    "строительство и недвижимость": r"стро(?:им|ительн|йк)|девелоп|недвижим|застройщик",
    "образование": r"онлайн-?школ|\bшкол|курс(?:ы|ов)\b|образован|обучени\w* (?:детей|взрослых)",
    "автобизнес": r"автосалон|автодилер|дилерск|автосервис",
    "производство": r"производств|завод|фабрик",
    "юридические услуги": r"юридическ\w* (?:фирм|компан|бюро)|адвокат",
    # "IT" in capitals only: "it" is an English pronoun
    "IT": r"(?-i:\bIT\b)|айти|разработк\w* (?:по|софт)|saas-компан",
}
SECURITY = (
    r"152-?\s?фз|фстэк|\bкии\b|персональн\w* данн|персданн|гост|закрыт\w* контур|\bnda\b|аттестац"
)


def industry(text: str) -> str | None:
    written = text.replace("ё", "е").replace("Ё", "Е")
    for name, pattern in INDUSTRIES.items():
        if re.search(pattern, written, re.IGNORECASE):
            return name
    return None


def security_requirements(text: str) -> str | None:
    """The security demands the customer names (152-ФЗ, ФСТЭК, КИИ, a closed perimeter…)."""
    low = text.lower().replace("ё", "е")
    found = [match.group(0) for match in re.finditer(SECURITY, low)]
    return ", ".join(dict.fromkeys(found)) if found else None


_LEGAL_FORM = r"ООО|ОАО|ЗАО|ПАО|АО|НАО|ИП|НКО|АНО|ФГУП|ГУП|МУП|ГК|LLC|Ltd\.?|Inc\.?|GmbH|JSC"
_QUOTED = r"[«\"“„']([^»\"”“'\n]{2,60})[»\"”“']"
_COMPANY_NAME = re.compile(
    rf"(?<![\w-])({_LEGAL_FORM})\s*(?:{_QUOTED}|([A-ZА-ЯЁ][\w&-]*(?: [A-ZА-ЯЁ][\w&-]*){{0,2}}))"
    rf"|\b(?:компани[яиюей]|фирм[аыуе]|организаци[яиюей]|company)\s+{_QUOTED}"
)


def company_name(text: str) -> str | None:
    """The customer's organisation as written with its legal form or in quotes: ООО «Ромашка»,
    ИП Волков, компания "Техномаркет". "Acme LLC" is not read: the form must come first."""
    match = _COMPANY_NAME.search(text)
    if match is None:
        return None
    form, quoted, plain, named = match.groups()
    if form:
        return f"{form} «{quoted.strip()}»" if quoted else f"{form} {plain}"
    return f"«{named.strip()}»"


_CAPITALISED = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\b")
_ENGLISH_NAME = re.compile(
    r"\b(?:I'm|I am|my name is|this is)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"|\b([A-Z][a-z]+\s+[A-Z][a-z]+)\s+here\b"
)


def person_name(text: str) -> str | None:
    """The customer's name as they gave it: a first name by its grammar (pymorphy3 knows
    names), with the surname that follows ("Я Павел Сидоров", "Меня зовут Ирина Ковалёва",
    "Олег, oleg@…"), or "I'm Mark Davies" / "Sarah Kim here" in English."""
    words = list(_CAPITALISED.finditer(text))
    for index, word in enumerate(words):
        parse = name_parse(word.group(0))
        if parse != "Name":
            continue
        name = word.group(0)
        following = words[index + 1] if index + 1 < len(words) else None
        if (
            following is not None
            and text[word.end() : following.start()].strip() == ""
            and name_parse(following.group(0)) == "Surn"
        ):
            name = f"{name} {following.group(0)}"
        return name
    match = _ENGLISH_NAME.search(text)
    return (match.group(1) or match.group(2)) if match else None


_PEOPLE_IN_WORDS = _people_in_words()
