from __future__ import annotations

from datetime import date

import pytest

from salesbot.dialog.nlu.deadline import parse_deadline

TODAY = date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("нужно запуститься к 15 декабря", date(2026, 12, 15)),
        ("до 20.12", date(2026, 12, 20)),
        ("дедлайн 10.01.2027", date(2027, 1, 10)),
        ("к 5 марта", date(2027, 3, 5)),  # past this year: next year's
        ("15-го января 2027 крайний срок", date(2027, 1, 15)),
        ("через неделю", date(2026, 11, 28)),
        ("через 2 недели", date(2026, 12, 5)),
        ("надо успеть за 10 дней", date(2026, 12, 1)),
        ("в течение месяца", date(2026, 12, 21)),
        ("через полгода", date(2027, 5, 22)),
        ("хотим запустить за три недели", date(2026, 12, 12)),
        ("в следующий вторник", date(2026, 11, 24)),
        ("к пятнице", date(2026, 11, 27)),
        ("до конца месяца", date(2026, 11, 30)),
        ("до конца года", date(2026, 12, 31)),
        ("к концу квартала", date(2026, 12, 31)),
        ("к новому году", date(2026, 12, 31)),
        ("в начале февраля", date(2027, 2, 1)),
        ("в декабре", date(2026, 12, 31)),
        ("завтра", date(2026, 11, 22)),
        ("на следующей неделе", date(2026, 11, 27)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    deadline = parse_deadline(text, TODAY)
    assert deadline is not None and deadline.date == expected
    assert deadline.days == (expected - TODAY).days


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("через 5 дней", True),
        ("через 3 недели", False),
        ("к 15 декабря", False),
        ("послезавтра", True),
    ],
)
def test_urgency_follows_the_days(text: str, urgent: bool) -> None:
    deadline = parse_deadline(text, TODAY)
    assert deadline is not None and deadline.urgent is urgent


def test_urgent_without_a_date() -> None:
    deadline = parse_deadline("нужно срочно, горит", TODAY)
    assert deadline is not None and deadline.date is None and deadline.urgent


@pytest.mark.parametrize(
    "text",
    [
        "у нас 30 пользователей",
        "в среднем 200 заявок в день",
        "интеграция с 1С",
        "сколько стоит",
        "31.02",
    ],
)
def test_no_deadline(text: str) -> None:
    assert parse_deadline(text, TODAY) is None


@pytest.mark.parametrize(
    "text", ["по срокам не горит", "не срочно, можно спокойно", "сроки обычные", "мы не торопимся"]
)
def test_no_rush_is_the_standard_timeline_not_an_urgent_one(text: str) -> None:
    deadline = parse_deadline(text, TODAY)
    assert deadline is not None and not deadline.urgent
    assert deadline.days is not None and deadline.days >= 14  # no coefficient for speed


def test_not_critical_alone_is_no_timeline() -> None:
    assert parse_deadline("не критично", TODAY) is None  # the answer to the SLA question
