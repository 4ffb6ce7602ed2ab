"""A manager moves the deal in amoCRM: amoCRM posts a form-encoded hook, the ledger keeps it,
our lead follows what the API says (not what the unsigned hook claims), the dashboard shows
the stage, and nothing is echoed back."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from salesbot.crm.connection import webhook_secret
from salesbot.db.engine import Database
from salesbot.models import ConversationEvent, CrmLink, Lead, WebhookEvent
from salesbot.settings import Settings
from tests.conftest import manager_login
from tests.crm.conftest import DECIDING, Chat, drain
from tests.crm.test_sync import QUOTE
from tests.fakes.amocrm_server import FIRST_STATUS, MAIN_PIPELINE, WON, FakeAmo

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def _quoted_deal(client: httpx.AsyncClient, settings: Settings, amo: FakeAmo) -> int:
    await (await Chat.start(client)).say(*QUOTE)
    await drain(settings)
    [deal_id] = amo.leads
    return deal_id


def _hook(settings: Settings) -> str:
    return f"/api/v1/webhooks/amocrm/{webhook_secret(settings)}"


async def _lead(database: Database) -> Lead:
    async with database.transaction() as session:
        return (await session.execute(select(Lead))).scalar_one()


class TestStatusHook:
    async def test_a_win_in_amocrm_wins_our_lead_and_shows_in_the_dashboard(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        deal = await _quoted_deal(client, settings, connected)
        body = connected.status_webhook(deal, WON, MAIN_PIPELINE)
        posted = await client.post(_hook(settings), content=body, headers=FORM)
        assert posted.status_code == 200 and posted.json() == {"ok": True, "duplicate": False}
        again = await client.post(_hook(settings), content=body, headers=FORM)  # a redelivery
        assert again.json()["duplicate"] is True
        patches_before = len(connected.calls_to(f"/api/v4/leads/{deal}", "PATCH"))
        await drain(settings)

        lead = await _lead(database)
        assert lead.status == "won"
        assert lead.details["crm"]["stage"] == "Успешно реализовано"
        _email, headers = await manager_login(client, database)
        card = (await client.get(f"/api/v1/leads/{lead.id}", headers=headers)).json()
        assert card["lead"]["status"] == "won"
        assert card["crm"]["stage"] == "Успешно реализовано" and card["crm"]["error"] is None
        assert any(e.get("actor") == "amoCRM" for e in card["timeline"])
        # no echo: amoCRM already has what we now have
        assert len(connected.calls_to(f"/api/v4/leads/{deal}", "PATCH")) == patches_before

    async def test_a_stage_of_amocrm_s_own_is_shown_without_changing_our_status(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        deal = await _quoted_deal(client, settings, connected)
        body = connected.status_webhook(deal, DECIDING)
        assert (await client.post(_hook(settings), content=body, headers=FORM)).status_code == 200
        await drain(settings)
        lead = await _lead(database)
        assert lead.status == "quote_sent"
        assert lead.details["crm"]["stage"] == "Принимают решение"

    async def test_a_forged_hook_is_checked_against_the_api(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        deal = await _quoted_deal(client, settings, connected)
        forged = (
            f"leads[status][0][id]={deal}&leads[status][0][status_id]={WON}"
            f"&leads[status][0][pipeline_id]={MAIN_PIPELINE}&account[id]=1"
        )  # says won; amoCRM says the deal is where we put it
        assert (await client.post(_hook(settings), content=forged, headers=FORM)).status_code == 200
        await drain(settings)
        assert (await _lead(database)).status == "quote_sent"

    async def test_a_wrong_secret_is_refused_and_nothing_is_kept(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        body = connected.status_webhook(1, FIRST_STATUS)
        refused = await client.post(
            "/api/v1/webhooks/amocrm/not-our-secret", content=body, headers=FORM
        )
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "webhook_secret_invalid"
        async with database.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(WebhookEvent)) == 0

    async def test_a_deal_that_is_not_ours_is_left_alone(
        self, connected: FakeAmo, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        theirs = connected.add_lead(name="Сделка менеджера")
        body = connected.status_webhook(theirs["id"], WON, MAIN_PIPELINE)
        assert (await client.post(_hook(settings), content=body, headers=FORM)).status_code == 200
        await drain(settings)
        async with database.transaction() as session:
            event = (await session.execute(select(WebhookEvent))).scalar_one()
            assert event.status == "processed"
            assert await session.scalar(select(func.count()).select_from(CrmLink)) == 0
            assert await session.scalar(select(func.count()).select_from(ConversationEvent)) == 0
