"""Leads reach amoCRM through jobs: one complex create with the contact, the recommended
package's total as the price, the source tag, the mapped fields and stages, notes with the
brief, the quote and the PDF links; later changes patch the same deal, never a second one,
even after a crash between amoCRM's answer and our commit, or an outage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from salesbot.crm import sync as sync_module
from salesbot.crm.cards import lead_key
from salesbot.crm.tasks import catch_up
from salesbot.db.engine import Database
from salesbot.integrations.crm.amocrm.adapter import AmoCrm
from salesbot.leads.service import source_tag
from salesbot.models import CrmLink, Lead
from salesbot.settings import Settings, use_settings
from tests.conftest import manager_login
from tests.crm.conftest import CONTACT, FIRST, QUOTE, TALKS, Chat, drain, only_lead
from tests.fakes.amocrm_server import LOST, MAIN_PIPELINE, SOURCE_FIELD, WON, FakeAmo
from tests.integrations.crm.conftest import amo_settings
from tests.smtp import SmtpServer, mail_settings, smtp

__all__ = ["smtp"]


async def _link(database: Database) -> CrmLink:
    async with database.transaction() as session:
        return (await session.execute(select(CrmLink))).scalar_one()


def _only_deal(amo: FakeAmo) -> dict[str, Any]:
    [deal] = amo.leads.values()
    return deal


async def _headers(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    return (await manager_login(client, database))[1]


class TestCreation:
    async def test_a_quoted_lead_arrives_once_with_contact_price_tag_fields_stage_and_notes(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        lead = await only_lead(database)
        assert lead.status == "quote_sent" and lead.amount is not None
        assert len(connected.calls_to("/api/v4/leads/complex", "POST")) == 1
        deal = _only_deal(connected)
        assert lead_key(lead.id) in deal["name"] and deal["name"].startswith("ИИ-Менеджер")
        assert deal["price"] == int(lead.amount)  # the recommended package's total
        assert deal["status_id"] == TALKS and deal["pipeline_id"] == MAIN_PIPELINE
        assert [t["name"] for t in deal["_tags"]] == ["site-lead"]
        [source] = [f for f in deal["custom_fields_values"] if f["field_id"] == SOURCE_FIELD]
        assert source["values"][0]["value"] == "web"
        [contact] = connected.lead_contacts(deal["id"])
        assert contact["name"] == "Ольга"
        values = {f["field_code"]: f["values"][0]["value"] for f in contact["custom_fields_values"]}
        assert values == {"PHONE": "+79991234567", "EMAIL": "olga@romashka.ru"}
        notes = [n["params"]["text"] for n in connected.notes if n["entity_id"] == deal["id"]]
        assert any(n.startswith("Бриф клиента") and "Пользователей: 30" in n for n in notes)
        assert any(n.startswith("Расчёт № 1") and "рекомендуем" in n for n in notes)
        link = await _link(database)
        assert link.external_id == str(deal["id"]) and link.last_error is None

    @pytest.mark.parametrize(
        ("phone", "email"),
        [
            ("89991234567", None),  # the same number written the Russian way
            ("+7 (999) 123-45-67", "OLGA@romashka.ru"),  # amoCRM's search is format-sensitive
        ],
    )
    async def test_a_contact_the_account_has_with_that_phone_or_email_is_reused(
        self,
        connected: FakeAmo,
        client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
        phone: str,
        email: str | None,
    ) -> None:
        known = connected.add_contact("Ольга Петрова", phone=phone, email=email)
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        deal = _only_deal(connected)
        assert deal["_contacts"] == [known["id"]] and len(connected.contacts) == 1


def test_each_channel_has_its_source_tag() -> None:
    assert [source_tag(c) for c in ("web", "telegram", "avito")] == [
        "site-lead",
        "telegram-lead",
        "avito-lead",
    ]


class TestLaterChanges:
    async def test_documents_and_a_win_in_the_dashboard_patch_the_same_deal(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        deal = _only_deal(connected)
        await chat.say("пришлите КП")
        await drain(settings)
        notes = [n["params"]["text"] for n in connected.notes if n["entity_id"] == deal["id"]]
        [pdf_note] = [n for n in notes if n.startswith("Коммерческое предложение")]
        assert "/api/v1/documents/" in pdf_note and "действует до" in pdf_note

        lead = await only_lead(database)
        headers = await _headers(client, database)
        won = await client.post(
            f"/api/v1/leads/{lead.id}/outcome", json={"status": "won"}, headers=headers
        )
        assert won.status_code == 200, won.text
        await drain(settings)
        assert len(connected.leads) == 1
        assert _only_deal(connected)["status_id"] == WON and deal["closed_at"]
        patches = connected.calls_to(f"/api/v4/leads/{deal['id']}", "PATCH")
        assert patches[-1].body["status_id"] == WON and patches[-1].body["pipeline_id"]

    async def test_an_unchanged_lead_costs_no_call_and_a_note_is_posted_once(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, CONTACT)
        await drain(settings)
        connected.calls.clear()
        notes = len(connected.notes)
        await sync_module.sync_lead(settings, (await only_lead(database)).id)  # a redelivered job
        assert connected.calls == [] and len(connected.notes) == notes

    async def test_lost_with_a_reason_in_the_dashboard_closes_the_deal(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        await drain(settings)
        lead = await only_lead(database)
        headers = await _headers(client, database)
        lost = await client.patch(
            f"/api/v1/leads/{lead.id}", json={"status": "lost", "reason": "дорого"}, headers=headers
        )
        assert lost.status_code == 200, lost.text
        await drain(settings)
        assert _only_deal(connected)["status_id"] == LOST


class TestNeverTwice:
    async def test_a_crash_after_amocrm_created_the_deal_finds_it_instead_of_a_second(
        self,
        connected: FakeAmo,
        client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        create = AmoCrm.create_lead
        crashes = []

        async def created_then_crashed(self: AmoCrm, card: Any) -> Any:
            await create(self, card)  # amoCRM has the deal; its answer never reaches our commit
            if not crashes:
                crashes.append(card.key)
                raise ConnectionResetError("the worker died before it stored the id")
            raise AssertionError("a second create")

        monkeypatch.setattr(AmoCrm, "create_lead", created_then_crashed)
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        await drain(settings)
        assert crashes and len(connected.leads) == 1
        link = await _link(database)
        assert link.external_id == str(_only_deal(connected)["id"])
        assert connected.calls_to("/api/v4/leads", "GET")[0].query["query"] == crashes[0]

    async def test_every_lead_of_an_outage_arrives_after_it_once(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        connected.down = True  # longer than the retries: the jobs are parked as failed
        for _ in range(3):
            await (await Chat.start(client)).say(*QUOTE[:2])
        await drain(settings)
        assert connected.leads == {}
        async with database.transaction() as session:
            errors = [link.last_error for link in (await session.scalars(select(CrmLink)))]
        assert len(errors) == 3 and all("503" in (e or "") for e in errors)

        connected.down = False
        assert await catch_up(settings) == 3  # the periodic catch-up queues them again
        await drain(settings)
        assert await catch_up(settings) == 0
        async with database.transaction() as session:
            leads = list(await session.scalars(select(Lead)))
        keys = sorted(lead_key(lead.id) for lead in leads)
        names = sorted(
            deal["name"].rsplit("[", 1)[1].rstrip("]") for deal in connected.leads.values()
        )
        assert names == keys  # each lead once
        assert all(deal["status_id"] == FIRST for deal in connected.leads.values())


class TestWithoutCrm:
    async def test_nothing_is_queued_when_amocrm_is_not_set_up(
        self, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        use_settings(settings.model_copy(update={"amocrm_domain": None, "amocrm_api_base": None}))
        chat = await Chat.start(client)
        await chat.say(*QUOTE[:2])
        assert (await only_lead(database)).status == "qualified"
        async with database.transaction() as session:
            queued = await session.scalar(
                text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'crm.sync_lead'")
            )
        assert queued == 0


class TestParkedForGood:
    @pytest.fixture
    def settings(
        self, database_url: str, tmp_path: Path, amo_server: FakeAmo, smtp: SmtpServer
    ) -> Settings:
        """A field id the account does not have: amoCRM refuses the deal every time."""
        mailing = mail_settings(
            database_url,
            tmp_path,
            smtp,
            job_retry_base_seconds=0.05,
            manager_emails=["sales@neurocode.example"],
        )
        configured = amo_settings(mailing, amo_server, amocrm_field_map={"source": "999999"})
        use_settings(configured)
        return configured

    async def test_a_refused_deal_is_not_retried_and_the_managers_get_a_mail(
        self,
        connected: FakeAmo,
        client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
        smtp: SmtpServer,
    ) -> None:
        await (await Chat.start(client)).say(*QUOTE[:2])
        await drain(settings)
        assert connected.leads == {}
        assert len(connected.calls_to("/api/v4/leads/complex", "POST")) == 1  # no retry
        link = await _link(database)
        assert link.last_error and "custom_fields_values.0.field_id" in link.last_error
        stopped = [m for m in smtp.mails if "остановлена" in str(m.message["Subject"])]
        [mail] = stopped
        body = mail.message.get_body(preferencelist=("plain",))
        assert body is not None and "crm.sync_lead" in body.get_content()
