"""The offline reader on English-speaking customers: phrasings of our own, not the set's."""

from __future__ import annotations

from datetime import date

import pytest

from salesbot.dialog.nlu.deadline import parse_deadline
from salesbot.dialog.nlu.intents import match_pattern
from salesbot.dialog.nlu.slots import (
    headcount,
    hosting,
    industry,
    integrations,
    product_direction,
    security_requirements,
    sla,
)

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("we need a tool that checks NDAs and supplier agreements for risky clauses", "ai-lawyer"),
        ("looking for an AI sales assistant for our chats", "ai-manager"),
        ("a chatbot to answer buyers and qualify inbound leads", "ai-manager"),
        ("we want dashboards on revenue and margin by region", "ai-analyst"),
        ("hello, tell me more", None),
    ],
)
def test_product_from_a_description(text: str, product: str | None) -> None:
    assert product_direction(text) == product


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nothing may leave our network", "onprem"),
        ("it has to run inside our own data centre", "onprem"),
        ("host it on your side please", "cloud"),
        ("you can host it, we have no servers", "cloud"),
        ("in your data center is fine", "cloud"),
    ],
)
def test_hosting_by_where_it_lives(text: str, expected: str) -> None:
    assert hosting(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three nines", "99.9"),
        ("we need 3 nines of uptime", "99.9"),
        ("ninety-nine point five is enough", "99.5"),
        ("basic support will do", "standard"),
    ],
)
def test_sla_in_words(text: str, expected: str) -> None:
    assert sla(text) == expected


def test_the_people_who_use_it_not_the_whole_staff() -> None:
    read = headcount("We have 350 staff overall, yet only procurement, 12 people, will use it.")
    assert read.users == 12


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Zendesk, Telegram, WhatsApp and HubSpot", 4),  # an unknown product name counts too
        ("Slack, our ERP and Jira", 3),  # so does a system described in words
    ],
)
def test_a_bare_list_counts_unknown_items_among_known_ones(text: str, count: int) -> None:
    assert integrations(text)[0] == count


def test_it_the_pronoun_is_not_the_it_industry() -> None:
    assert industry("twenty accountants will use it") is None
    assert industry("we are an IT integrator") == "IT"


def test_standard_is_not_an_nda() -> None:
    assert security_requirements("standard support is fine") is None
    assert security_requirements("we sign an NDA with every vendor") == "nda"


@pytest.mark.parametrize(
    "text",
    [
        "could you give me a quote?",
        "please provide the cost",
        "what would it cost us?",
        "so what's the total?",
    ],
)
def test_asking_the_price_in_english(text: str) -> None:
    assert match_pattern(text) == "price_question"


@pytest.mark.parametrize(
    ("text", "band_days"),
    [
        ("this week if you can", 4),  # Friday of this week
        ("we'd like it before the New Year", 24),
    ],
)
def test_english_deadlines(text: str, band_days: int) -> None:
    found = parse_deadline(text, MONDAY)
    assert found is not None and found.days == band_days
