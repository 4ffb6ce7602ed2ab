"""The Trello adapter against the fake Trello: a card's whole life, Trello's quirks (custom
fields only after the card exists, plain-text errors, 429s) and the admins' checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesbot.integrations.errors import PermanentError
from salesbot.integrations.trackers.base import PRIORITY_TITLES, Priority
from salesbot.integrations.trackers.mapping import TrackerMapping
from salesbot.integrations.trackers.trello import Trello
from salesbot.settings import Settings
from tests.conftest import make_settings
from tests.fakes import trello_server as t
from tests.fakes.trello_server import FakeTrello
from tests.integrations.trackers.conftest import TRELLO_MAP, later, ticket, trello_settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path, trello: FakeTrello) -> Settings:
    return trello_settings(make_settings(database_url, tmp_path, max_retries=2), trello)


@pytest.fixture
async def adapter(settings: Settings):  # type: ignore[no-untyped-def]
    tracker = Trello(settings, TrackerMapping(dict(TRELLO_MAP)))
    yield tracker
    await tracker.close()


def label_names(trello: FakeTrello, card_id: str) -> set[str]:
    return {trello.labels[label]["name"] for label in trello.cards[card_id]["idLabels"]}


async def test_a_lead_card_from_new_to_won(adapter: Trello, trello: FakeTrello) -> None:
    card_id = await adapter.create_lead(ticket())

    card = trello.cards[card_id]
    assert card["idList"] == t.LIST_NEW
    assert card["name"] == "ИИ-Менеджер — Ольга Соколова [SB-0a1b2c3d4e5f]"
    assert "Ольга Соколова" in card["desc"]
    assert card["due"] == "2026-12-09T11:00:00.000Z"
    assert label_names(trello, card_id) == {"Высокий приоритет", "site-lead"}
    items = trello.items_of(card_id)  # set after the card was made: Trello takes none on create
    assert items[t.FIELD_LEAD_ID]["value"] == {"text": "SB-0a1b2c3d4e5f"}
    assert items[t.FIELD_BUDGET]["value"] == {"number": "450000.00"}
    assert items[t.FIELD_PRIORITY]["idValue"] == t.OPTION_HIGH
    assert items[t.FIELD_NEXT_CONTACT]["value"]["date"].startswith("2026-12-09T11:00:00")

    assert await adapter.update_lead_status(card_id, "quote_sent") is True
    assert trello.cards[card_id]["idList"] == t.LIST_IN_PROGRESS
    assert await adapter.add_comment(card_id, "Клиенту отправлено КП № 12") is True
    assert trello.comments_on(card_id) == ["Клиенту отправлено КП № 12"]

    assert await adapter.update_lead_status(card_id, "won") is True
    won = ticket(status="won", priority=Priority.low, due=later(48), description="Оплачено")
    assert await adapter.update_lead(card_id, won) is True
    card = trello.cards[card_id]
    assert card["idList"] == t.LIST_WON
    assert card["desc"] == "Оплачено"
    assert label_names(trello, card_id) == {"Низкий приоритет", "site-lead"}
    assert trello.items_of(card_id)[t.FIELD_PRIORITY]["idValue"] == t.OPTION_LOW


async def test_an_unmapped_status_leaves_the_card_where_it_is(
    adapter: Trello, trello: FakeTrello
) -> None:
    card_id = await adapter.create_lead(ticket())
    assert await adapter.update_lead_status(card_id, "qualified") is False
    assert trello.cards[card_id]["idList"] == t.LIST_NEW


async def test_a_managers_own_labels_stay_on_the_card(adapter: Trello, trello: FakeTrello) -> None:
    card_id = await adapter.create_lead(ticket())
    trello.cards[card_id]["idLabels"].append(t.LABEL_HOT)  # a manager marked it «Горячий»
    await adapter.update_lead(card_id, ticket(priority=Priority.urgent))
    assert label_names(trello, card_id) == {
        "Горячий",
        PRIORITY_TITLES[Priority.urgent],
        "site-lead",
    }


async def test_a_card_whose_answer_was_lost_is_found_by_its_key(
    adapter: Trello, trello: FakeTrello
) -> None:
    assert await adapter.find_lead("SB-0a1b2c3d4e5f") is None
    made = trello.add_card(name="ИИ-Менеджер — Ольга [SB-0a1b2c3d4e5f]")  # its answer was lost
    trello.add_card(name="Перезвонить Ольге по SB-0a1b2c3d4e5f")  # a manager's own card
    assert await adapter.find_lead("SB-0a1b2c3d4e5f") == made["id"]
    assert await adapter.find_lead("SB-ffffffffffff") is None


async def test_a_429_is_waited_out(adapter: Trello, trello: FakeTrello) -> None:
    trello.rate_limit_next(1)
    card_id = await adapter.create_lead(ticket())
    assert card_id in trello.cards


async def test_trellos_plain_text_errors_reach_the_admins(
    adapter: Trello, trello: FakeTrello
) -> None:
    with pytest.raises(PermanentError) as error:
        await adapter.add_comment("not-a-card-id", "текст")
    assert "invalid id" in str(error.value)
    trello.revoke_token()
    with pytest.raises(PermanentError) as refused:
        await adapter.add_comment("65f0c0ffee0000000000dead", "текст")
    assert refused.value.status == 401
    assert "проверьте токен" in str(refused.value)


async def test_the_boards_lists_and_what_is_missing(settings: Settings, trello: FakeTrello) -> None:
    tracker = Trello(settings, TrackerMapping({"won": t.LIST_ARCHIVED}))
    try:
        stages = await tracker.stages()
        problems = await tracker.problems()
    finally:
        await tracker.close()
    assert [s.name for s in stages] == ["Новые лиды", "В работе", "Выиграны", "Проиграны"]
    assert problems == [
        "статусу «Новый» не сопоставлен список",
        f"списка {t.LIST_ARCHIVED} (статус won) нет среди открытых списков доски",
    ]
    ready = Trello(settings, TrackerMapping(dict(TRELLO_MAP)))
    try:
        assert await ready.problems() == []
    finally:
        await ready.close()
