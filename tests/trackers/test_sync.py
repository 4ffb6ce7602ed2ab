"""Leads reach the team's task tracker through jobs: one card per lead with the client, the
brief, the quote and the links; later changes update and move the same card, comment on
what happened, and never make a second card, even after a crash between the tracker's answer
and our commit, or an outage longer than the retries."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select, text

from salesbot.booking.service import BookingService
from salesbot.crm.cards import lead_key
from salesbot.crm.tasks import catch_up as crm_catch_up
from salesbot.db.engine import Database
from salesbot.integrations.trackers.trello import Trello
from salesbot.models import CrmLink, Lead
from salesbot.settings import Settings, use_settings
from salesbot.trackers import sync as sync_module
from salesbot.trackers.tasks import catch_up
from tests.conftest import manager_login
from tests.crm.conftest import CONTACT, QUOTE, only_lead
from tests.fakes import trello_server as t
from tests.fakes.trello_server import FakeTrello
from tests.trackers.conftest import Chat, drain


async def _links(database: Database) -> list[CrmLink]:
    async with database.transaction() as session:
        return list(await session.scalars(select(CrmLink)))


def _only_card(trello: FakeTrello) -> dict[str, Any]:
    [card] = trello.cards.values()
    return card


class TestTheCard:
    async def test_a_quoted_lead_becomes_one_card_with_everything_the_team_needs(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        lead = await only_lead(database)
        card = _only_card(trello)
        assert card["name"].startswith("ИИ-Менеджер — Ольга") and lead_key(lead.id) in card["name"]
        assert card["idList"] == t.LIST_IN_PROGRESS  # quote_sent's list
        desc = card["desc"]
        for expected in (
            "**Клиент:** Ольга",
            "+79991234567",
            "olga@romashka.ru",
            "**Канал:** сайт",
            "**Продукт:** ИИ-Менеджер",
            "### Бриф",
            "Пользователей: 30",
            "### Расчёт",
            "рекомендуем",
            f"https://bot.example.ru/app/leads/view?id={lead.id}",
        ):
            assert expected in desc, expected
        labels = {trello.labels[x]["name"] for x in card["idLabels"]}
        assert labels == {"Высокий приоритет", "site-lead"}
        assert card["due"] is not None
        items = trello.items_of(card["id"])
        assert items[t.FIELD_LEAD_ID]["value"] == {"text": lead_key(lead.id)}
        assert items[t.FIELD_BUDGET]["value"] == {"number": f"{lead.amount:.2f}"}
        assert trello.comments_on(card["id"]) == ["Статус лида: «КП отправлено»."]
        [link] = await _links(database)
        assert (link.service, link.external_id) == ("trello", card["id"])
        assert link.url == f"https://trello.com/c/{card['id']}" and link.last_error is None

    async def test_documents_and_a_win_update_and_move_the_same_card(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        card_id = _only_card(trello)["id"]
        await chat.say("пришлите КП")
        await drain(settings)
        card = _only_card(trello)
        assert "### Документы" in card["desc"] and "/api/v1/documents/" in card["desc"]
        assert any(c.startswith("Клиенту отправлен документ") for c in trello.comments_on(card_id))

        lead = await only_lead(database)
        headers = (await manager_login(client, database))[1]
        won = await client.post(
            f"/api/v1/leads/{lead.id}/outcome", json={"status": "won"}, headers=headers
        )
        assert won.status_code == 200, won.text
        await drain(settings)
        card = _only_card(trello)
        assert card["id"] == card_id and card["idList"] == t.LIST_WON
        assert card["due"] is None
        assert trello.comments_on(card_id)[-1].startswith("Статус лида: «Выигран».")
        assert len(trello.calls_to("/1/cards", "POST")) == 1

    async def test_an_unchanged_lead_costs_no_call_and_a_comment_is_posted_once(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        await (await Chat.start(client)).say(*QUOTE)
        await drain(settings)
        trello.calls.clear()
        comments = len(trello.actions)
        outcome = await sync_module.sync_lead(settings, "trello", (await only_lead(database)).id)
        assert outcome == "unchanged" and trello.calls == [] and len(trello.actions) == comments

    async def test_a_managers_move_on_the_board_is_not_undone_by_an_unrelated_change(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        await drain(settings)
        card_id = _only_card(trello)["id"]
        trello.move_card(card_id, t.LIST_WON)  # a manager drags it
        await chat.say(CONTACT)  # the card's text changes, the status does not
        await drain(settings)
        card = _only_card(trello)
        assert card["idList"] == t.LIST_WON and "olga@romashka.ru" in card["desc"]

    async def test_a_booked_consultation_and_a_call_for_a_person_reach_the_card(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE[:2])
        await drain(settings)
        card_id = _only_card(trello)["id"]
        labels = {trello.labels[x]["name"] for x in _only_card(trello)["idLabels"]}
        assert "Обычный приоритет" in labels
        async with database.transaction() as session:
            [start] = await BookingService(settings).free_slots(session, limit=1)
        await chat.say("хочу записаться на консультацию", f"book:{start.isoformat()}")  # a button
        await drain(settings)
        card = trello.cards[card_id]
        assert card["due"] == start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert "**Консультация:**" in card["desc"]
        assert "Высокий приоритет" in {trello.labels[x]["name"] for x in card["idLabels"]}

        await chat.say("позовите, пожалуйста, живого менеджера")
        await drain(settings)
        card = trello.cards[card_id]
        assert "Срочно" in {trello.labels[x]["name"] for x in card["idLabels"]}


class TestNeverTwice:
    async def test_a_crash_after_trello_made_the_card_finds_it_instead_of_a_second(
        self,
        trello: FakeTrello,
        client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        create = Trello.create_lead
        crashes: list[str] = []

        async def created_then_crashed(self: Trello, data: Any) -> str:
            await create(self, data)  # Trello has the card; its answer never reaches our commit
            if not crashes:
                crashes.append(data.key)
                raise ConnectionResetError("the worker died before it stored the id")
            raise AssertionError("a second create")

        monkeypatch.setattr(Trello, "create_lead", created_then_crashed)
        await (await Chat.start(client)).say(*QUOTE)
        await drain(settings)
        assert crashes and len(trello.cards) == 1
        [link] = await _links(database)
        assert link.external_id == _only_card(trello)["id"]
        assert trello.calls_to("/1/search", "GET")[0].params["query"] == crashes[0]

    async def test_every_lead_of_an_outage_gets_its_card_after_it_once(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        trello.down = True  # longer than the retries: the jobs are parked as failed
        chats = [await Chat.start(client) for _ in range(3)]
        for chat in chats:
            await chat.say(*QUOTE[:2])
        await drain(settings)
        assert trello.cards == {}
        errors = [link.last_error for link in await _links(database)]
        assert len(errors) == 3 and all("503" in (e or "") for e in errors)

        await chats[0].say(*QUOTE[2:])  # one lead moves on while Trello is still down
        await drain(settings)
        trello.down = False
        assert await catch_up(settings) == 3  # the periodic catch-up queues them again
        await drain(settings)
        assert await catch_up(settings) == 0
        async with database.transaction() as session:
            leads = list(await session.scalars(select(Lead)))
        keys = sorted(lead_key(lead.id) for lead in leads)
        names = sorted(c["name"].rsplit("[", 1)[1].rstrip("]") for c in trello.cards.values())
        assert names == keys  # each lead once
        lists = sorted(c["idList"] for c in trello.cards.values())
        assert lists == sorted([t.LIST_NEW, t.LIST_NEW, t.LIST_IN_PROGRESS])

    async def test_the_crms_catch_up_and_the_lead_card_tell_tracker_cards_apart(
        self, trello: FakeTrello, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        trello.down = True  # the lead's card stays behind: a link with no sync
        await (await Chat.start(client)).say(*QUOTE[:2])
        await drain(settings)
        with_crm = settings.model_copy(
            update={"amocrm_domain": "example.amocrm.ru", "amocrm_access_token": SecretStr("t")}
        )
        assert await crm_catch_up(with_crm) == 0  # amoCRM is not behind on anything

        lead = await only_lead(database)
        headers = (await manager_login(client, database))[1]
        detail = (await client.get(f"/api/v1/leads/{lead.id}", headers=headers)).json()
        assert detail["crm"] is None
        [card] = detail["trackers"]
        assert card["service"] == "trello" and "503" in card["error"]


class TestSwitchedOff:
    async def test_nothing_is_queued_when_no_tracker_is_set_up(
        self, client: httpx.AsyncClient, base_settings: Settings, database: Database
    ) -> None:
        use_settings(base_settings)
        await (await Chat.start(client)).say(*QUOTE[:2])
        assert (await only_lead(database)).status == "qualified"
        async with database.transaction() as session:
            queued = await session.scalar(
                text("SELECT count(*) FROM procrastinate_jobs WHERE task_name LIKE 'trackers.%'")
            )
        assert queued == 0
