"""amoCRM's chats through the Salesbot's widget_request, against the fake amoCRM, through the
app: the path secret and the HS512 bot token, the ledger, the answer by the continue call
(`show` handlers of 80 characters, 10 at most, the whole text in `data`), amoCRM's refusals."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from salesbot.channels.amocrm_chats.adapter import AmocrmChatsChannel, webhook_secret
from salesbot.channels.amocrm_chats.handlers import MAX_HANDLERS, SHOW_LIMIT, continue_body
from salesbot.channels.base import ChatRef, Outbound, PermanentDeliveryError
from salesbot.db.engine import Database
from salesbot.integrations import http
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.models import Conversation, Message, WebhookEvent
from salesbot.settings import Settings
from tests.channels.conftest import drain
from tests.conftest import in_use, make_settings
from tests.crm.conftest import QUOTE
from tests.fakes.amocrm_server import FakeAmo
from tests.integrations.crm.conftest import DOMAIN, amo, amo_server, amo_settings

__all__ = ["amo", "amo_server"]


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    async def moment(seconds: float) -> None:
        await asyncio.sleep(min(seconds, 0.01))

    monkeypatch.setattr(http, "_sleep", moment)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, amo_server: FakeAmo) -> Settings:
    """Connected to the fake account, the chats on; deliveries retry fast (3 times)."""
    fast = make_settings(
        database_url,
        tmp_path,
        job_retry_base_seconds=0.05,
        max_retries=3,
        answer_backstop_seconds=0.2,
    )
    return in_use(amo_settings(fast, amo_server, amocrm_chats_enabled=True))


@dataclass
class Scene:
    client: httpx.AsyncClient
    amo: FakeAmo
    settings: Settings
    database: Database

    @property
    def hook(self) -> str:
        return f"/api/v1/webhooks/amocrm-chats/{webhook_secret(self.settings)}"

    async def says(self, contact_id: int, *texts: str, lead_id: int | None = None) -> None:
        """The customer writes in amoCRM's chat; the Salesbot posts each message to us."""
        for text in texts:
            request = self.amo.widget_request(text, contact_id=contact_id, lead_id=lead_id)
            posted = await self.client.post(self.hook, json=request)
            assert posted.status_code == 200, posted.text
            await drain(self.settings, rounds=4)

    def continue_calls(self) -> int:
        return len(self.amo.calls_to("/api/v4/salesbot/*/continue/*", "POST"))


@pytest.fixture
async def chats(
    amo: FakeAmo, app: FastAPI, client: httpx.AsyncClient, settings: Settings, database: Database
) -> AsyncIterator[Scene]:
    connecting = AmoClient(settings, database=lambda: database)
    await connecting.exchange_code(amo.issue_code(), DOMAIN)
    await connecting.close()
    channel = AmocrmChatsChannel(settings, database=lambda: database)
    app.state.runtime.channels.add(channel)
    yield Scene(client, amo, settings, database)
    await channel.close()


async def _messages(database: Database, contact_id: int, author: str) -> list[Message]:
    async with database.transaction() as session:
        rows = await session.scalars(
            select(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.external_chat_id == f"contact:{contact_id}")
            .where(Message.author == author)
            .order_by(Message.seq)
        )
        return list(rows)


class TestTheConversation:
    async def test_a_customer_reaches_a_quote_in_amocrms_chat(self, chats: Scene) -> None:
        await chats.says(501, *QUOTE, lead_id=7001)
        answers = chats.amo.answers(501)
        assert len(answers) == len(QUOTE)  # one continue call per widget_request
        assert any("₽" in answer for answer in answers)
        assert all(len(value) <= SHOW_LIMIT for value in chats.amo.shown(501))
        replies = await _messages(chats.database, 501, "bot")
        assert replies and {m.delivery_status for m in replies} == {"sent"}
        [first, *_] = await _messages(chats.database, 501, "customer")
        assert first.meta["amocrm"]["lead_id"] == 7001  # the deal the chat belongs to
        assert first.meta["amocrm"]["contact_id"] == 501

    async def test_options_are_numbered_and_a_number_typed_back_chooses(self, chats: Scene) -> None:
        await chats.says(502, "Здравствуйте! Интересует ваш ИИ-ассистент")
        assert "1. ИИ-Менеджер" in chats.amo.answers(502)[0]
        await chats.says(502, "2")
        assert "Записал: ИИ-Юрист." in chats.amo.answers(502)[1]


class TestTheWebhook:
    async def test_a_redelivered_widget_request_is_answered_once(self, chats: Scene) -> None:
        request = chats.amo.widget_request("Здравствуйте", contact_id=503)
        first = await chats.client.post(chats.hook, json=request)
        again = await chats.client.post(chats.hook, json=request)
        assert first.json() == {"ok": True, "duplicate": False}
        assert again.json() == {"ok": True, "duplicate": True}
        await drain(chats.settings, rounds=4)
        assert [m.readable_text for m in await _messages(chats.database, 503, "customer")] == [
            "Здравствуйте"
        ]
        assert chats.continue_calls() == 1 and len(chats.amo.continued) == 1

    @pytest.mark.parametrize("forgery", ["wrong-secret", "foreign-token", "no-token"])
    async def test_a_forged_request_is_refused_and_nothing_stored(
        self, chats: Scene, forgery: str
    ) -> None:
        request = chats.amo.widget_request(
            "Добрый день",
            contact_id=504,
            secret="not-our-client-secret-" + "x" * 42 if forgery == "foreign-token" else None,
        )
        hook = chats.hook
        if forgery == "wrong-secret":
            hook = "/api/v1/webhooks/amocrm-chats/guess"
        if forgery == "no-token":
            del request["token"]
        refused = await chats.client.post(hook, json=request)
        assert refused.status_code == 401
        await drain(chats.settings, rounds=2)
        assert await _messages(chats.database, 504, "customer") == []
        async with chats.database.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(WebhookEvent)) == 0
        assert chats.continue_calls() == 0

    async def test_the_generic_webhook_path_does_not_take_these_events(self, chats: Scene) -> None:
        request = chats.amo.widget_request("Добрый день", contact_id=505)
        refused = await chats.client.post(
            "/api/v1/webhooks/amocrm_widget",
            json=request,
            headers={"X-Webhook-Secret": webhook_secret(chats.settings)},
        )
        assert refused.status_code == 401


class TestDelivery:
    async def test_a_refusal_is_not_retried_and_shows_in_the_inbox(self, chats: Scene) -> None:
        chats.amo.users[0]["rights"]["is_admin"] = False  # the method is for admins only
        await chats.says(506, "Здравствуйте")
        [reply] = await _messages(chats.database, 506, "bot")
        assert reply.delivery_status == "dead"
        assert reply.delivery_error and "только администратор" in reply.delivery_error
        assert chats.continue_calls() == 1

    async def test_a_rate_limit_and_an_outage_are_retried(self, chats: Scene) -> None:
        chats.amo.continue_failures = [429, 503]
        await chats.says(507, "Здравствуйте")
        await drain(chats.settings, rounds=4)
        [reply] = await _messages(chats.database, 507, "bot")
        assert reply.delivery_status == "sent"
        assert chats.continue_calls() == 3 and len(chats.amo.continued) == 1

    async def test_an_answer_with_no_customer_message_to_answer_is_refused(
        self, chats: Scene
    ) -> None:
        await chats.says(508, "Здравствуйте")
        [customer] = await _messages(chats.database, 508, "customer")
        channel = AmocrmChatsChannel(chats.settings, database=lambda: chats.database)
        chat = ChatRef(customer.conversation_id, "amocrm_widget", "contact:508")
        with pytest.raises(PermanentDeliveryError, match="только на сообщение клиента"):
            await channel.send(chat, Outbound(message_id=customer.id, author="manager", text="Ещё"))
        await channel.close()


class TestLongAnswers:
    def test_an_answer_is_shown_in_parts_of_80_characters_at_most_10(self) -> None:
        text = " ".join(f"слово{n}" for n in range(400))  # about 3,500 characters
        body, cut = continue_body(text, show=True)
        values = [h["params"]["value"] for h in body["execute_handlers"]]
        assert cut and len(values) == MAX_HANDLERS
        assert all(len(v) <= SHOW_LIMIT for v in values) and values[-1].endswith("…")
        assert body["data"]["text"] == text  # whole, for a step that sends {{json.text}}

    def test_a_short_answer_is_shown_whole(self) -> None:
        body, cut = continue_body("Здравствуйте!\n\nЧем помочь?", show=True)
        assert not cut
        assert [h["params"]["value"] for h in body["execute_handlers"]] == [
            "Здравствуйте!\n\nЧем помочь?"
        ]

    async def test_without_show_the_whole_answer_goes_in_data_only(
        self, chats: Scene, app: FastAPI
    ) -> None:
        quiet = chats.settings.model_copy(update={"amocrm_chats_show_text": False})
        channel = AmocrmChatsChannel(quiet, database=lambda: chats.database)
        app.state.runtime.channels.add(channel)
        await chats.says(509, *QUOTE[:3])
        assert chats.amo.shown(509) == []
        assert all("execute_handlers" not in body for body in chats.amo.continued.values())
        assert len(chats.amo.answers(509)) == 3
        await channel.close()
