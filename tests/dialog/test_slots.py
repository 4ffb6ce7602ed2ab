from __future__ import annotations

import pytest

from salesbot.dialog.nlu.slots import (
    Headcount,
    company_size,
    contacts,
    goals,
    headcount,
    hosting,
    industry,
    integrations,
    product_direction,
    security_requirements,
    size_band,
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
        ("штат 1 200 сотрудников", None),  # the company's size, not users
        ("юристов в штате двое", 2),
        ("хотим интеграцию с амо", None),
    ],
)
def test_users(text: str, count: int | None) -> None:
    assert users(text) == count


class TestHeadcount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("в компании 300 человек, пользоваться будут 40", Headcount(40, 300)),
            ("нас 400 человек, работать в системе будет отдел продаж — 25", Headcount(25, 400)),
            ("штат 1 200 сотрудников", Headcount(None, 1200)),
            ("в компании 30 человек будут пользоваться", Headcount(30, None)),
            ("30 менеджеров", Headcount(30, None)),
            ("нас человек 30", Headcount(30, None)),  # the usual answer to "сколько будут…"
            ("у нас 200 сотрудников", Headcount(200, None, ambiguous=True)),
            ("около пятидесяти сотрудников", Headcount(50, None, ambiguous=True)),
        ],
    )
    def test_users_and_company_told_apart(self, text: str, expected: Headcount) -> None:
        assert headcount(text) == expected


class TestCompanySize:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("у нас в компании 200 сотрудников", "51-250"),
            ("компания человек на 50", "11-50"),
            ("около пятидесяти сотрудников в компании", "11-50"),
            ("штат 1500", "1000+"),
            ("численность персонала — полторы тысячи", "1000+"),
            ("в холдинге больше 1000 сотрудников", "1000+"),
            ("в фирме всего 7 человек", "1-10"),
            ("мы небольшая компания", "малый бизнес"),
            ("у нас крупный холдинг", "крупный бизнес"),
            ("сеть из 12 магазинов", None),  # stores are not headcount
            ("человек 30 будут пользоваться", None),  # users
            ("работаем с крупными компаниями", None),  # their clients, not them
            ("есть тариф для малого бизнеса?", None),
        ],
    )
    def test_bands_and_words(self, text: str, expected: str | None) -> None:
        assert company_size(text) == expected

    def test_band_edges(self) -> None:
        assert [size_band(n) for n in (1, 10, 11, 50, 51, 250, 251, 1000, 1001)] == [
            "1-10",
            "1-10",
            "11-50",
            "11-50",
            "51-250",
            "51-250",
            "251-1000",
            "251-1000",
            "1000+",
        ]


class TestGoals:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("хотим разгрузить поддержку", "разгрузить поддержку"),
            ("цель — увеличить конверсию", "увеличить конверсию"),
            (
                "нужно автоматизировать ответы на типовые вопросы",
                "автоматизировать ответы на типовые вопросы",
            ),
            ("хотим, чтобы менеджеры не теряли заявки", "чтобы менеджеры не теряли заявки"),
            ("Наша задача: сократить время ответа. Бюджет есть", "сократить время ответа"),
            (
                "нужно снизить нагрузку на юристов, сейчас всё вручную",
                "снизить нагрузку на юристов",
            ),
        ],
    )
    def test_found_in_the_customers_words(self, text: str, expected: str) -> None:
        assert goals(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "хотим на своих серверах",
            "нужно запустить до конца года",
            "хочу, чтобы мне перезвонили",
            "можно ли загрузить прайс, чтобы бот по нему консультировал?",
            "какие задачи решает ваш продукт",
        ],
    )
    def test_not_every_wish_is_a_goal(self, text: str) -> None:
        assert goals(text) is None


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
