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


def product_direction(text: str) -> str | None:
    words = set(lemmas(text))
    scores = {product: len(words & vocabulary) for product, vocabulary in PRODUCT_WORDS.items()}
    best = max(scores, key=lambda product: scores[product])
    ranked = sorted(scores.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


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
    for phrase, value in sorted(_WORD_NUMBERS.items(), key=lambda item: -len(item[0])):
        if re.search(r"\b" + phrase + r"\b.{0,20}" + _PEOPLE, low):
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
        r"on-?prem|он-?прем|сво(?:й|их|ем|ём) сервер|наш(?:ем|их|и)? сервер"
        r"|в (?:нашем |своем )?контуре|локально|у себя"
    )
    if re.search(onprem, low):
        return "onprem"
    if re.search(r"облак|cloud|saas", low):
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
