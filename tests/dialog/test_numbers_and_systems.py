"""The brief as customers write it (issue 14): number words and colloquial amounts, lists of
systems, any role as users, hosting, deadlines and SLA in words. Each case was misread before."""

from __future__ import annotations

from datetime import date

import pytest

from salesbot.dialog.nlu.deadline import parse_deadline
from salesbot.dialog.nlu.numbers import with_digits
from salesbot.dialog.nlu.slots import (
    hosting,
    integrations,
    lone_count,
    person_name,
    product_direction,
    replaced_number,
    sla,
    users,
)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("сорок пять человек", "45 человек"),
        ("сорока пяти пользователей", "45 пользователей"),
        ("сто пятьдесят", "150"),
        ("две сотни", "200"),
        ("полсотни", "50"),
        ("десятка полтора юристов", "15 юристов"),
        ("полтора десятка", "15"),
        ("пара человек", "2 человек"),
        ("пару десятков", "20"),
        ("полторы тысячи", "1500"),
        ("тысяча двести", "1200"),
        ("человека два-три", "человека 2-3"),
        ("пятеро юристов", "5 юристов"),
        ("forty five reps", "45 reps"),
        ("two dozen", "24"),
        ("one hundred and twenty", "120"),
        ("кто-то по-моему", "кто-то по-моему"),
    ],
)
def test_number_words_become_digits(text: str, digits: str) -> None:
    assert with_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("пользоваться будут сорок пять человек", 45),
        ("работать будет пара человек", 2),
        ("юристов у нас десятка полтора", 15),
    ],
)
def test_users_in_words(text: str, count: int) -> None:
    assert users(text) == count


@pytest.mark.parametrize(
    ("text", "asked", "count"),
    [
        ("Интеграции: 1С, Битрикс24 и Google Sheets", False, 3),  # "1" of 1С is no count
        ("интеграции: 1С, Битрикс24, Google Sheets, почта, телефония Mango", False, 5),
        ("подключить 1С:УТ 11 и 1С:Бухгалтерию 3.0", False, 2),
        ("телефония Mango и амо", True, 2),
        ("нужна интеграция с 1С:Документооборот", False, 1),
        ("почта и таблицы", True, 2),
        ("4 интеграции: 1С, амо и ещё две потом скажу", False, 4),
        ("интеграций будет 4: 1С, амо и ещё две, потом скажу какие", False, 4),
        ("VetManager, 1С и наша самописная база", True, 3),
        ("интеграций не надо, будем загружать файлы руками", False, 0),
        ("подключить пару систем: почту и Контур.Диадок", False, 2),
        ("CRM у нас Битрикс24, ещё телефония Mango и WhatsApp", False, 3),
        ("hook it up to HubSpot, 1C and Slack", False, 3),
        ("интеграция с 1С обязательна, остальное не нужно", False, 1),
        ("ии менеджер\n5 чел\nамо+телега+ватсап\nоблако", False, 3),
        ("Нужно подключить:\n1С\nБитрикс24\nтелефонию Mango\nпочту\nОблако, SLA обычный", False, 4),
        ("забыл ещё две системы — почту и Битрикс24, всего четыре", False, 4),  # the total
        ("Данные: 1С Розница, PostgreSQL", False, 2),
        ("Эвотор и эксель", True, 2),
        ("почта sales@kuhni-master.ru, Дмитрий", False, None),  # an address, no integration
        ("оформите КП на почту ceo@etazhi-realty.ru", False, None),
    ],
)
def test_lists_of_systems(text: str, asked: bool, count: int | None) -> None:
    assert integrations(text, asked=asked)[0] == count


def test_systems_keep_their_names() -> None:
    count, names = integrations("подключить 1С:Документооборот, VetManager и гугл таблицы")
    assert count == 3 and names == ("1С:Документооборот", "VetManager", "Google Sheets")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Работать будут 10 администраторов, 3 системы", 10),  # any role, not a list of roles
        ("ясно. с системой будут работать администраторы, их 22", 22),
        ("бот нужен для кассиров вечерней смены, их 40", 40),  # a word between the role and "их"
        ("Нужен бот для операторов, их 35. Облако.", 35),  # the number ends its sentence
        ("доступ нужен примерно 300 людям", 300),
        ("кураторов у нас 12", 12),
        ("у нас 6 филиалов", None),  # branches are no users
        ("у нас 5000 клиентов", None),  # nor the customer's own clients
        ("Группа компаний, 14 юрлиц", None),
    ],
)
def test_users_by_any_role(text: str, count: int | None) -> None:
    assert users(text) == count


def test_a_lone_number_answers_how_many() -> None:
    assert lone_count("юристов, которые будут пользоваться, около сорока") == 40
    assert lone_count("операторов контакт-центра, которые будут работать с системой, 80") == 80
    assert lone_count("через 5 дней") is None
    assert lone_count("интеграций 3") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("частично у нас, частично в облаке", "hybrid"),
        ("базу абонентов держим у себя, всё остальное можно в облако", "hybrid"),
        ("всё только внутри нашей сети, наружу ничего не выпускаем", "onprem"),
        ("всё должно стоять у нас на серверах", "onprem"),
        ("держите у себя, своих серверов у нас нет", "cloud"),
        ("пусть у вас крутится", "cloud"),
        ("у нас 30 менеджеров", None),
        ("а тестовый период у вас есть?", None),  # a question to us, not where it runs
        ("пусть работает у вас", "cloud"),
        ("служба безопасности не одобрит облако", "onprem"),  # the cloud refused
        ("мы не против облака", "cloud"),
        ("база клиентов на нашем сервере, остальное у вас", "hybrid"),
        ("у вас", "cloud"),
    ],
)
def test_hosting_said_by_where_things_live(text: str, expected: str | None) -> None:
    assert hosting(text) == expected


def test_asked_where_to_run_it_any_your_side_answers() -> None:
    assert hosting("лучше у вас", asked=True) == "cloud"
    assert hosting("лучше у вас") is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("к концу следующей недели", 11),  # from Monday 7 December 2026: Friday the 18th
        ("до конца этой недели, горит", 4),
        ("к 10-му числу", 3),
        ("запуск к этой пятнице", 4),
        ("к следующему понедельнику", 7),
        ("запуститься бы дней через 10", 10),
        ("вчера надо было", 0),
        ("через 5 дней", 5),
    ],
)
def test_deadlines_against_the_calendar(text: str, days: int) -> None:
    found = parse_deadline(text, date(2026, 12, 7))
    assert found is not None and found.days == days


def test_years_in_business_are_no_deadline() -> None:
    found = parse_deadline(
        "20 лет на рынке, хотим ИИ-Аналитик, срок — до нового года", date(2026, 12, 7)
    )
    assert found is not None and found.days == 24


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Давайте тогда обычную поддержку вместо 99,9, пересчитайте", "standard"),
        ("SLA две девятки с половиной", "99.5"),
        ("девяносто девять и девять", "99.9"),
        ("чтобы не падало никогда", "99.9"),
        ("не критично, если полежит часок — переживём", "standard"),
        ("Облако, поддержка обычная, сроки стандартные.", "standard"),
        ("доступность 99,5, сроки не критичны", "99.5"),  # "не критичны" is about the timing
        ("нужно 99,9; по срокам не критично", "99.9"),
    ],
)
def test_sla_in_words(text: str, expected: str) -> None:
    assert sla(text) == expected


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("хочу видеть выручку, маржу, графики по каждой точке", "ai-analyst"),
        ("спросить у бота сколько продали, где просели", "ai-analyst"),
        ("нужно отвечать на заявки с сайта и мессенджеров и записывать на замер", "ai-manager"),
        ("хотим бота для бронирований и ответов гостям", "ai-manager"),
        ("нужно проверять договоры аренды и находить подводные камни", "ai-lawyer"),
    ],
)
def test_the_product_from_a_description(text: str, product: str) -> None:
    assert product_direction(text) == product


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Я Павел Сидоров, pavel@stroyprom.ru", "Павел Сидоров"),
        ("Меня зовут Ирина Ковалёва, компания «СтройМаркет»", "Ирина Ковалёва"),
        ("Добрый день, Олег, oleg.n@teplodom.ru.", "Олег"),
        ("тел. 8-905-555-12-34, Алексей Белов. Мы автодилер", "Алексей Белов"),
        ("Hello, I'm Mark Davies from Northwind", "Mark Davies"),
        ("Нужен бот для Москвы, передайте Ивану", None),
    ],
)
def test_the_customers_name(text: str, name: str | None) -> None:
    assert person_name(text) == name


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("ой, не 40, а 45 — про стажёров забыли", (40, 45)),
        ("поправлю: аналитиков не трое, а пятеро", (3, 5)),
        ("not 12 but 15 seats", (12, 15)),
        ("вместо 20 пусть будет 25", (20, 25)),
        ("не 99,9, а обычный", None),  # a service level, not a count
        ("нас не 5 человек", None),
    ],
)
def test_a_number_replaced_by_another(text: str, pair: tuple[int, int] | None) -> None:
    assert replaced_number(text) == pair
