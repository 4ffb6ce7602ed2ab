"""Brief slots from a customer's words (offline NLU): product direction, users, integrations,
hosting, SLA and contacts. Each extractor returns None when the text does not say."""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from salesbot.knowledge.text import lemmas

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
    },
}
SYSTEMS = {
    "amoCRM": r"амо\s?црм|амоцрм|amo\s?crm|\bамо\b|\bamo\b",
    "Bitrix24": r"битрикс|bitrix",
    "1С": r"\b1\s?[сc]\b|одинэс",
    "Telegram": r"телеграм|telegram|\bтг\b|телег",
    "WhatsApp": r"ватсап|вотсап|whatsapp",
    "Авито": r"авито|avito",
    "Google Sheets": r"гугл\s?таблиц|google\s?sheets",
    "МойСклад": r"мой\s?склад",
    "RetailCRM": r"retail\s?crm|ритейл\s?црм",
    "Directum": r"директум|directum",
    "email": r"\bпочт[аеуы]\b|email|e-mail|имейл",
    "сайт": r"\bсайт[аеу]?\b|виджет",
    "PostgreSQL": r"postgres|постгрес",
    "ClickHouse": r"clickhouse|кликхаус",
    "Яндекс Метрика": r"метрик[аиу]|metrika",
}
_PEOPLE = (
    r"(человек|чел\b|сотрудник[а-я]*|менеджер[а-я]*|пользовател[а-я]*|юзер[а-я]*|продавц[а-я]*"
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
    "ai-manager": {"бот", "чат", "продажа", "лид"},
    "ai-lawyer": {"юрист", "договор", "юридический"},
    "ai-analyst": {"аналитик", "аналитика", "отчет", "дашборд"},
}


def product_direction(text: str) -> str | None:
    words = set(lemmas(text))
    scores = {product: len(words & vocabulary) for product, vocabulary in PRODUCT_WORDS.items()}
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
        re.search(r"нуж|хоч|интерес|ищ|подбер|внедр|автоматиз|помож|проверя|анализ", text.lower())
    )


def users(text: str) -> int | None:
    low = text.lower().replace("ё", "е")
    match = re.search(r"(\d[\d\s]{0,6})\s*(?:-|–|до)?\s*(\d[\d\s]{0,6})?\s*" + _PEOPLE, low)
    if match:
        high = match.group(2) or match.group(1)
        return int(re.sub(r"\s", "", high))
    match = re.search(
        r"(?:нас|команда из|штат|коллектив из|пользователей|сотрудников|человек)\s*[:—-]?\s*"
        r"(\d+)(?:\s*[-–]\s*(\d+))?",
        low,
    )
    if match:
        return int(match.group(2) or match.group(1))
    match = re.search(_PEOPLE + r"\s+(?:у нас\s+)?(\d+)(?:\s*[-–]\s*(\d+))?\b", low)
    if match:
        return int(match.group(3) or match.group(2))
    match = re.search(r"\busers?\s*[:=]?\s*(\d+)|(\d+)\s*users?\b", low)
    if match:
        return int(match.group(1) or match.group(2))
    for phrase, value in sorted(
        {**_WORD_NUMBERS, **_NUMBER_WORDS}.items(), key=lambda item: -len(item[0])
    ):
        if re.search(r"\b" + phrase + r"\b.{0,20}" + _PEOPLE, low) or re.search(
            _PEOPLE + r".{0,12}\b" + phrase + r"\b", low
        ):
            return value
    return None


def integrations(text: str) -> tuple[int | None, tuple[str, ...]]:
    """(count, named systems): an explicit count wins over the systems named."""
    low = text.lower().replace("ё", "е")
    named = tuple(name for name, pattern in SYSTEMS.items() if re.search(pattern, low))
    match = re.search(r"(\d+)\s*интеграци|интеграци[а-я]*\s*[:—-]?\s*(\d+)", low)
    if match:
        return int(match.group(1) or match.group(2)), named
    if re.search(r"\bбез интеграций\b|\bинтеграции не нужны\b|\bникаких интеграций\b", low):
        return 0, ()
    return (len(named), named) if named else (None, ())


def hosting(text: str) -> str | None:
    low = text.lower().replace("ё", "е")
    if re.search(r"гибрид|hybrid", low):
        return "hybrid"
    onprem = (
        r"on-?\s?prem|он-?\s?прем|сво(?:й|их|ем|ём|и) (?:сервер|серв[аа]к)|наш(?:ем|их|и)? (?:сервер|серв[аа]к)"
        r"|сервер\w* сво|серв[аа]к\w* сво|контур|датацентр|дата-центр|цод|локально|у себя"
    )
    if re.search(onprem, low):
        return "onprem"
    if re.search(r"облак|облач|облок|cloud|saas", low):
        return "cloud"
    return None


def sla(text: str) -> str | None:
    low = text.lower()
    if re.search(r"99[.,]9", low):
        return "99.9"
    if re.search(r"99[.,]5", low):
        return "99.5"
    if re.search(r"стандартн[а-я]* (?:sla|уровень)|sla стандарт|обычн[а-я]* sla", low):
        return "standard"
    return None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w])(?:\+7|8|7)?[\s(-]*[3-9]\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![\w])"
)


def contacts(text: str) -> Contacts:
    email = None
    for candidate in _EMAIL.findall(text):
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
    "IT": r"\bit\b|айти|разработк\w* (?:по|софт)|saas-компан",
}
SECURITY = (
    r"152-?\s?фз|фстэк|\bкии\b|персональн\w* данн|персданн|гост|закрыт\w* контур|nda|аттестац"
)


def industry(text: str) -> str | None:
    low = text.lower().replace("ё", "е")
    for name, pattern in INDUSTRIES.items():
        if re.search(pattern, low):
            return name
    return None


def security_requirements(text: str) -> str | None:
    """The security demands the customer names (152-ФЗ, ФСТЭК, КИИ, a closed perimeter…)."""
    low = text.lower().replace("ё", "е")
    found = [match.group(0) for match in re.finditer(SECURITY, low)]
    return ", ".join(dict.fromkeys(found)) if found else None
