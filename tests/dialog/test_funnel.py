"""Scripted conversations through the HTTP chat API with the offline brain."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import httpx
import pytest

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.pricing.domain import Brief, Hosting, PriceList, Sla, compute
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings
from tests.conftest import create_user, ingest_sample_kb, login


class Chat:
    def __init__(self, client: httpx.AsyncClient, session_id: str, token: str) -> None:
        self.client, self.session_id, self.headers = (
            client,
            session_id,
            {"Authorization": f"Bearer {token}"},
        )

    async def say(self, text: str) -> list[dict]:
        response = await self.client.post(
            f"/api/v1/chat/sessions/{self.session_id}/messages",
            json={"text": text},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        return response.json()["replies"]

    @staticmethod
    def text(replies: list[dict]) -> str:
        return "\n".join(r["text"] for r in replies)


@pytest.fixture
async def kb(database: Database, settings: Settings) -> None:
    await ingest_sample_kb(database, settings)


async def _chat(client: httpx.AsyncClient) -> Chat:
    started = await client.post("/api/v1/chat/sessions")
    assert started.status_code == 201
    body = started.json()
    return Chat(client, body["session_id"], body["token"])


async def _price_list(database: Database, settings: Settings) -> PriceList:
    async with database.transaction() as session:
        return await PricingService(settings).current(session)


class TestFunnel:
    async def test_from_hello_to_a_quote_and_an_offer_pdf(
        self, client: httpx.AsyncClient, database: Database, settings: Settings, kb: None
    ) -> None:
        chat = await _chat(client)
        hello = await chat.say("Здравствуйте!")
        assert "ИИ-Менеджер" in Chat.text(hello) and hello[0]["buttons"]
        step = Chat.text(await chat.say("нужен бот для продаж, чтобы отвечал на авито"))
        assert "Сколько сотрудников" in step
        assert "Записал" in Chat.text(await chat.say("у нас 30 менеджеров"))
        await chat.say("интеграция с амо, 1С, телеграмом и авито")
        await chat.say("облако подойдёт")
        check = Chat.text(await chat.say("99,5"))
        assert "Проверьте" in check and "интеграций — 4 (amoCRM, 1С, Telegram, Авито)" in check
        quote_text = Chat.text(await chat.say("Всё верно"))
        engine_price = (
            compute(
                await _price_list(database, settings),
                Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995),
                today=date.today(),
            )
            .package("optimum")
            .total
        )
        assert format_roubles(engine_price) in quote_text  # exactly the pricing engine's number
        assert "рекомендуем" in quote_text
        offer_replies = await chat.say("пришлите КП")
        assert "Коммерческое предложение" in Chat.text(offer_replies)
        [pdf_file] = [a for r in offer_replies for a in r["attachments"]]
        assert pdf_file["content_type"] == "application/pdf"
        assert pdf_file["name"].startswith("Коммерческое предложение")
        url = urlsplit(pdf_file["url"])
        pdf = await client.get(f"{url.path}?{url.query}")
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"

        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        detail = (
            await client.get(f"/api/v1/conversations/{chat.session_id}", headers=headers)
        ).json()
        assert detail["stage"] == "documents" and detail["product"] == "ai-manager"
        assert detail["brief"]["users"] == 30 and detail["brief"]["integrations"] == 4
        assert detail["quote"]["packages"][1]["total"] == "887250"
        assert detail["lead_status"] == "quote_sent" and len(detail["documents"]) == 1
        assert all(m["brain"] == "offline" for m in detail["messages"] if m["author"] == "bot")

    async def test_correction_recalculates_with_the_engine_price(
        self, client: httpx.AsyncClient, settings: Settings, kb: None
    ) -> None:
        chat = await _chat(client)
        await chat.say("ИИ-Юрист, 30 юристов, без интеграций, облако, стандартный sla")
        check = Chat.text(await chat.say("не 30, а 60 пользователей"))
        assert "пользователей — 60" in check  # the correction went back into the brief
        corrected = Chat.text(await chat.say("верно"))
        # 200 000 × 2.0 for 60 users: Старт does not take 60 users, Оптимум 450 000 × 2.0
        assert format_roubles("900000") in corrected and "60" in corrected
        assert "Старт: не подходит" in corrected

    async def test_questions_in_the_middle_and_an_objection(
        self, client: httpx.AsyncClient, kb: None
    ) -> None:
        chat = await _chat(client)
        await chat.say("ИИ-Менеджер")
        answer = Chat.text(await chat.say("а с битриксом интегрируется?"))
        assert "Источник:" in answer
        assert "Сколько сотрудников" in answer  # back to the brief
        objection = Chat.text(await chat.say("как-то дороговато"))
        assert "Источник:" in objection

    async def test_handoff_and_release(
        self, client: httpx.AsyncClient, database: Database, kb: None
    ) -> None:
        chat = await _chat(client)
        handoff = Chat.text(await chat.say("позовите живого человека"))
        assert "менеджеру" in handoff
        assert await chat.say("ау, есть кто?") == []  # the bot keeps quiet now
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        released = await client.post(
            f"/api/v1/conversations/{chat.session_id}/release", headers=headers
        )
        assert released.json()["owner"] == "bot"
        assert await chat.say("ИИ-Аналитик интересует")

    async def test_rude_nonsense_and_too_long(self, client: httpx.AsyncClient, kb: None) -> None:
        chat = await _chat(client)
        nonsense = Chat.text(await chat.say("фывапролд"))
        assert nonsense and "Передаю диалог менеджеру" not in nonsense  # one slip is not a hand-off
        too_long = await client.post(
            f"/api/v1/chat/sessions/{chat.session_id}/messages",
            json={"text": "я" * 4001},
            headers=chat.headers,
        )
        assert (
            too_long.status_code == 422 and too_long.json()["error"]["code"] == "message_too_long"
        )
        rude = Chat.text(await chat.say("вы обманщики, верните деньги"))
        assert "менеджеру" in rude

    async def test_tokens_are_per_session(self, client: httpx.AsyncClient) -> None:
        first, second = await _chat(client), await _chat(client)
        stolen = await client.post(
            f"/api/v1/chat/sessions/{second.session_id}/messages",
            json={"text": "привет"},
            headers=first.headers,
        )
        assert stolen.status_code == 401
        history = await client.get(
            f"/api/v1/chat/sessions/{first.session_id}/messages", headers=first.headers
        )
        assert history.status_code == 200 and history.json() == []


class TestFeedback:
    async def test_ratings_and_unanswered_questions(
        self, client: httpx.AsyncClient, database: Database, kb: None
    ) -> None:
        chat = await _chat(client)
        replies = await chat.say("Здравствуйте")
        rated = await client.post(
            f"/api/v1/chat/sessions/{chat.session_id}/messages/{replies[0]['id']}/rating",
            json={"value": "up"},
            headers=chat.headers,
        )
        assert rated.status_code == 204
        bad = await client.post(
            f"/api/v1/chat/sessions/{chat.session_id}/messages/{replies[0]['id']}/rating",
            json={"value": "meh"},
            headers=chat.headers,
        )
        assert bad.status_code == 422
        for question in (
            "а вы делаете мобильные игры на unity?",
            "разрабатываете игры для телефона на unity?",
        ):
            answer = Chat.text(await chat.say(question))
            assert answer
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        open_questions = (await client.get("/api/v1/kb/unanswered", headers=headers)).json()
        assert open_questions and open_questions[0]["times_asked"] >= 1


class TestObjectionsAndMemory:
    @pytest.mark.parametrize(
        "objection",
        [
            "дорого для нас",
            "а если ии ошибётся и наговорит клиенту ерунды?",
            "боимся за персональные данные клиентов",
        ],
    )
    async def test_every_objection_type_is_answered_from_the_knowledge_base(
        self, client: httpx.AsyncClient, objection: str, kb: None
    ) -> None:
        chat = await _chat(client)
        await chat.say("ИИ-Менеджер")
        answer = Chat.text(await chat.say(objection))
        assert "Источник:" in answer

    async def test_a_returning_customer_continues_where_they_left_off(
        self, client: httpx.AsyncClient, database: Database, settings: Settings, kb: None
    ) -> None:
        from salesbot.conversations.types import InboundMessage
        from salesbot.models import Channel

        dialog = client._transport.app.state.runtime.dialog  # type: ignore[attr-defined]
        async with database.transaction() as session:
            await dialog.handle(
                session,
                InboundMessage(
                    Channel.telegram, "tg-42", "ИИ-Юрист, нас 12 юристов", channel_message_id="1"
                ),
            )
        async with database.transaction() as session:  # days later, same chat
            later = await dialog.handle(
                session,
                InboundMessage(Channel.telegram, "tg-42", "без интеграций", channel_message_id="2"),
            )
        text = "\n".join(m.text for m in later.replies)
        assert "Где разместить" in text  # product and users remembered, next slot asked
        assert later.conversation.state["brief"]["users"] == 12


class TestLeads:
    async def test_managers_see_leads_and_record_the_outcome(
        self, client: httpx.AsyncClient, database: Database, kb: None
    ) -> None:
        chat = await _chat(client)
        await chat.say("ИИ-Юрист для сети клиник, нас 12 юристов, нужно 152-ФЗ")
        email, password = await create_user(database, role=Role.manager)
        headers = {"Authorization": f"Bearer {await login(client, email, password)}"}
        [lead] = (await client.get("/api/v1/leads", headers=headers)).json()
        assert (
            lead["status"] == "qualified"
            and lead["product"] == "ai-lawyer"
            and lead["source"] == "web"
        )
        won = await client.post(
            f"/api/v1/leads/{lead['id']}/outcome",
            json={"status": "won", "tags": ["медицина"]},
            headers=headers,
        )
        assert won.json()["status"] == "won"
        assert won.json()["tags"] == ["site-lead", "медицина"]  # the source, then the manager's
        assert (await client.get("/api/v1/leads?status=won", headers=headers)).json()[0][
            "id"
        ] == lead["id"]
        detail = (
            await client.get(f"/api/v1/conversations/{chat.session_id}", headers=headers)
        ).json()
        assert detail["brief"]["industry"] == "медицина" and "152" in detail["brief"]["security"]
        assert (
            await client.post(
                f"/api/v1/leads/{lead['id']}/outcome", json={"status": "maybe"}, headers=headers
            )
        ).status_code == 422
