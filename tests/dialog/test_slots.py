from __future__ import annotations

import pytest

from salesbot.dialog.nlu.slots import (
    contacts,
    hosting,
    industry,
    integrations,
    product_direction,
    security_requirements,
    sla,
    users,
)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("хотим бота, чтобы отвечал клиентам на авито и передавал заявки в амо", "ai-manager"),
        ("нужно проверять договоры поставки и находить риски", "ai-lawyer"),
        ("руководство хочет дашборды и отчёты по выручке без аналитика", "ai-analyst"),
        ("здравствуйте, расскажите подробнее", None),
    ],
)
def test_product_direction(text: str, product: str | None) -> None:
    assert product_direction(text) == product


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("у нас 30 менеджеров", 30),
        ("команда из 12 человек", 12),
        ("пользоваться будут человек 50-60", 60),
        ("около сотни сотрудников", 100),
        ("нас 8", 8),
        ("штат 1 200 сотрудников", 1200),
        ("хотим интеграцию с амо", None),
    ],
)
def test_users(text: str, count: int | None) -> None:
    assert users(text) == count


def test_integrations_by_name_and_by_count() -> None:
    count, named = integrations("нужна связка с амо, 1С и телеграмом, плюс виджет на сайт")
    assert count == 4 and set(named) == {"amoCRM", "1С", "Telegram", "сайт"}
    assert integrations("примерно 7 интеграций")[0] == 7
    assert integrations("интеграции не нужны") == (0, ())
    assert integrations("просто посчитайте цену") == (None, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("только на своих серверах, в облако нельзя", "onprem"),
        ("у нас всё в контуре банка", "onprem"),
        ("облако подойдёт", "cloud"),
        ("гибридная схема", "hybrid"),
        ("без разницы", None),
    ],
)
def test_hosting(text: str, expected: str | None) -> None:
    assert hosting(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужно 99,9", "99.9"),
        ("sla 99.5 хватит", "99.5"),
        ("обычный sla", "standard"),
        ("не знаю", None),
    ],
)
def test_sla(text: str, expected: str | None) -> None:
    assert sla(text) == expected


def test_contacts() -> None:
    found = contacts("Пишите на Ivan.Petrov@Example.com или звоните 8 (999) 123-45-67")
    assert found.email == "Ivan.Petrov@example.com" and found.phone == "+79991234567"
    assert contacts("позже скину") == contacts("")


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("у нас сеть стоматологических клиник", "медицина"),
        ("мы интернет-магазин мебели", "розничная торговля"),
        ("региональный банк", "банк и финансы"),
        ("просто интересно", None),
    ],
)
def test_industry(text: str, sector: str | None) -> None:
    assert industry(text) == sector


def test_security_requirements() -> None:
    assert security_requirements("нужно соответствие 152-ФЗ и требованиям ФСТЭК") == "152-фз, фстэк"
    assert security_requirements("без особых требований") is None
