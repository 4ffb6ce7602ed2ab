"""The outbox and the inbound pipeline through the in-memory channel: every stored customer
message is answered by the job, every outbound message is delivered by its job, retried
with back-off, and left dead (visible and retryable in the inbox) when the channel never
takes it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, text, update

from salesbot.channels.memory import MemoryChannel
from salesbot.conversations.repository import open_conversation, unanswered_conversations
from salesbot.conversations.types import InboundMessage
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.dialog.tasks import answer, answer_missed
from salesbot.models import Channel, Conversation, Message
from salesbot.pricing.domain import Brief, Hosting, Sla, compute
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings
from tests.channels.conftest import drain
from tests.conftest import ingest_sample_kb


async def customer_says(app: FastAPI, chat_id: str, words: str, message_id: str) -> uuid.UUID:
    """What a webhook channel does: store the message, the answer job is deferred with it."""
    runtime = app.state.runtime
    async with runtime.services.database.transaction() as session:
        received = await runtime.dialog.receive(
            session,
            InboundMessage(
                Channel.memory, chat_id, words, channel_message_id=f"{chat_id}:{message_id}"
            ),
        )
    conversation_id: uuid.UUID = received.conversation.id
    return conversation_id


async def outbound(database: Database, conversation_id: uuid.UUID) -> list[Message]:
    async with database.transaction() as session:
        rows = await session.execute(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.author != "customer")
            .order_by(Message.seq)
        )
        return list(rows.scalars())


async def handed_off_chat(
    app: FastAPI, memory: MemoryChannel, settings: Settings, chat_id: str
) -> uuid.UUID:
    """A conversation a manager owns, the bot's words delivered and forgotten."""
    conversation_id = await customer_says(app, chat_id, "позовите живого менеджера", "1")
    await drain(settings, rounds=3)
    assert memory.sent, "the bot's hand-off reply was not delivered"
    memory.sent.clear()
    memory.attempts = 0
    return conversation_id


async def manager_reply(
    client: httpx.AsyncClient, headers: dict[str, str], conversation_id: uuid.UUID, words: str
) -> dict:
    response = await client.post(
        f"/api/v1/conversations/{conversation_id}/messages", json={"text": words}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict = response.json()
    return body


class TestFunnelThroughTheMemoryChannel:
    async def test_hello_to_offer_every_reply_delivered_once(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        database: Database,
        settings: Settings,
    ) -> None:
        await ingest_sample_kb(database, settings)
        chat = "client-42"
        script = [
            "Добрый день! Нужен бот для продаж, чтобы отвечал клиентам на сайте",
            "у нас 30 менеджеров",
            "интеграция с амо, 1С, телеграмом и авито",
            "облако подойдёт",
            "99,5",
            "пришлите КП, пожалуйста",
        ]
        conversation_id = None
        for n, words in enumerate(script):
            before = len(memory.sent)
            conversation_id = await customer_says(app, chat, words, str(n))
            await drain(settings, rounds=2)
            assert len(memory.sent) > before, f"no answer delivered to {words!r}"
        assert conversation_id is not None
        await drain(settings, rounds=3)

        stored = await outbound(database, conversation_id)
        assert stored and all(m.delivery_status == "sent" for m in stored)
        assert [m.external_message_id for m in stored] == [s.external_id for s in memory.sent]
        assert len({s.outbound.message_id for s in memory.sent}) == len(memory.sent)  # once each
        assert {s.chat.external_chat_id for s in memory.sent} == {chat}

        async with database.transaction() as session:
            price_list = await PricingService(settings).current(session)
        price = compute(
            price_list, Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995), today=date.today()
        )
        delivered = "\n".join(memory.texts(chat))
        assert format_roubles(price.package("optimum").total) in delivered
        [offer] = [a for s in memory.sent for a in s.outbound.attachments]
        assert offer.content_type == "application/pdf"
        assert offer.name.startswith("Коммерческое предложение")

    async def test_a_replayed_message_is_stored_and_answered_once(
        self, app: FastAPI, memory: MemoryChannel, database: Database, settings: Settings
    ) -> None:
        first = await customer_says(app, "client-7", "Здравствуйте!", "m1")
        again = await customer_says(app, "client-7", "Здравствуйте!", "m1")
        await drain(settings, rounds=2)
        assert first == again
        async with database.transaction() as session:
            customer = await session.scalar(
                text(
                    "SELECT count(*) FROM messages WHERE conversation_id = :c AND author = 'customer'"
                ),
                {"c": first},
            )
        assert customer == 1
        replies = len(await outbound(database, first))
        assert replies >= 1 and len(memory.sent) == replies


class TestRetries:
    async def test_two_failures_then_success_delivers_once(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await handed_off_chat(app, memory, settings, "client-1")
        memory.fail_next(2)
        body = await manager_reply(client, admin_headers, conversation_id, "Добрый день, я Анна")
        assert body["delivery_status"] == "pending"
        await drain(settings)

        assert memory.texts() == ["Добрый день, я Анна"]
        assert memory.attempts == 3
        [message] = [m for m in await outbound(database, conversation_id) if m.author == "manager"]
        assert message.delivery_status == "sent" and message.delivery_attempts == 3
        assert message.external_message_id == memory.sent[0].external_id

    async def test_retry_after_from_the_channel_sets_the_next_attempt(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await handed_off_chat(app, memory, settings, "client-2")
        memory.fail_next(1, retry_after=30)
        await manager_reply(client, admin_headers, conversation_id, "Минуту, уточню")
        await drain(settings, rounds=1)
        async with database.transaction() as session:
            wait = await session.scalar(
                text(
                    "SELECT extract(epoch FROM scheduled_at - now()) FROM procrastinate_jobs"
                    " WHERE task_name = 'channels.deliver' AND status = 'todo'"
                )
            )
        assert wait is not None and 25 < float(wait) <= 30  # not the 0.05 s back-off
        [message] = [m for m in await outbound(database, conversation_id) if m.author == "manager"]
        assert message.delivery_status == "failed" and message.delivery_attempts == 1

    async def test_a_channel_that_always_fails_leaves_a_dead_message_a_manager_can_retry(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await handed_off_chat(app, memory, settings, "client-3")
        memory.always_fail = True
        memory.attempts = 0
        body = await manager_reply(client, admin_headers, conversation_id, "Счёт во вложении")
        await drain(settings)

        assert memory.attempts == settings.max_retries + 1
        [message] = [m for m in await outbound(database, conversation_id) if m.author == "manager"]
        assert message.delivery_status == "dead"
        assert "memory channel is down" in (message.delivery_error or "")
        inbox = await client.get(
            "/api/v1/conversations", params={"channel": "memory"}, headers=admin_headers
        )
        [row] = [r for r in inbox.json() if r["id"] == str(conversation_id)]
        assert row["undelivered"] == 1
        detail = await client.get(f"/api/v1/conversations/{conversation_id}", headers=admin_headers)
        [shown] = [m for m in detail.json()["messages"] if m["id"] == body["id"]]
        assert shown["delivery"]["status"] == "dead"

        memory.always_fail = False
        retried = await client.post(
            f"/api/v1/conversations/{conversation_id}/messages/{body['id']}/retry",
            headers=admin_headers,
        )
        assert retried.status_code == 202 and retried.json()["delivery_status"] == "pending"
        await drain(settings)
        assert memory.texts() == ["Счёт во вложении"]
        inbox = await client.get(
            "/api/v1/conversations", params={"channel": "memory"}, headers=admin_headers
        )
        [row] = [r for r in inbox.json() if r["id"] == str(conversation_id)]
        assert row["undelivered"] == 0

        again = await client.post(
            f"/api/v1/conversations/{conversation_id}/messages/{body['id']}/retry",
            headers=admin_headers,
        )
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "message_not_undelivered"

    async def test_a_permanent_refusal_is_dead_at_once(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await handed_off_chat(app, memory, settings, "client-4")
        memory.refuse_next()
        await manager_reply(client, admin_headers, conversation_id, "Вы здесь?")
        await drain(settings)
        assert memory.attempts == 1
        [message] = [m for m in await outbound(database, conversation_id) if m.author == "manager"]
        assert message.delivery_status == "dead" and message.delivery_attempts == 1

    async def test_retrying_a_message_of_another_conversation_is_not_found(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
    ) -> None:
        conversation_id = await customer_says(app, "client-5", "привет", "1")
        response = await client.post(
            f"/api/v1/conversations/{conversation_id}/messages/{uuid.uuid4()}/retry",
            headers=admin_headers,
        )
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "message_not_found"


class TestWebsiteMessagesAreDeliveredByTheStore:
    async def test_bot_replies_on_the_website_need_no_delivery_or_answer_job(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        started = (await client.post("/api/v1/chat/sessions")).json()
        response = await client.post(
            f"/api/v1/chat/sessions/{started['session_id']}/messages",
            json={"text": "Здравствуйте!"},
            headers={"Authorization": f"Bearer {started['token']}"},
        )
        assert response.status_code == 200 and response.json()["replies"]
        async with database.transaction() as session:
            statuses = set(
                (
                    await session.execute(
                        select(Message.delivery_status).where(
                            Message.conversation_id == uuid.UUID(started["session_id"]),
                            Message.author == "bot",
                        )
                    )
                ).scalars()
            )
            jobs = await session.scalar(
                text(
                    "SELECT count(*) FROM procrastinate_jobs"
                    " WHERE task_name IN ('channels.deliver', 'dialog.answer')"
                )
            )
        # The website answers in process and its widget reads the store: no job per message.
        assert statuses == {"sent"} and jobs == 0


class TestAnswerBackstop:
    async def test_a_website_message_left_unanswered_is_answered_by_the_backstop(
        self, app: FastAPI, database: Database, settings: Settings
    ) -> None:
        """What a process that died between storing and answering leaves behind."""
        flow = app.state.web.chat_flow
        async with database.transaction() as session:
            conversation = (
                await open_conversation(
                    session,
                    channel="web",
                    external_chat_id=uuid.uuid4().hex,
                    external_user_id=None,
                    now=utcnow(),
                )
            ).id
        posted = await flow.post(conversation, "203.0.113.5", "Здравствуйте!")  # stored only
        assert not posted.received.duplicate
        await asyncio.sleep(settings.answer_backstop_seconds + 0.1)
        async with database.transaction() as session:
            waiting = await unanswered_conversations(
                session, waiting_since=utcnow(), oldest=utcnow() - timedelta(hours=1)
            )
        assert waiting == [conversation]
        assert await answer_missed(0) == 1
        await drain(settings, rounds=2)
        async with database.transaction() as session:
            assert (
                await unanswered_conversations(
                    session, waiting_since=utcnow(), oldest=utcnow() - timedelta(hours=1)
                )
                == []
            )
            replies = await session.scalar(
                select(func.count()).where(
                    Message.conversation_id == conversation, Message.author == "bot"
                )
            )
        assert replies and replies >= 1
        assert await answer_missed(0) == 0  # answered once; nothing more to do

    async def test_a_message_older_than_a_day_is_left_to_a_person(
        self, app: FastAPI, database: Database, settings: Settings
    ) -> None:
        """Data stored outside the engine (an import, an old version) is no crash to recover
        from: the bot does not answer a customer a day late."""
        async with database.transaction() as session:
            conversation = await open_conversation(
                session,
                channel="web",
                external_chat_id=uuid.uuid4().hex,
                external_user_id=None,
                now=utcnow(),
            )
        await app.state.web.chat_flow.post(conversation.id, "203.0.113.5", "Здравствуйте!")
        async with database.transaction() as session:
            await session.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(last_message_at=utcnow() - timedelta(days=2))
            )
        assert await answer_missed(0) == 0


class TestChannelWebhooks:
    async def test_a_webhook_is_verified_stored_once_answered_and_delivered(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        database: Database,
        settings: Settings,
    ) -> None:
        event = {"event_id": "ev-1", "chat_id": "555", "message_id": 1, "text": "Здравствуйте!"}
        refused = await client.post(
            "/api/v1/webhooks/memory", json=event, headers={"X-Webhook-Secret": "wrong"}
        )
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "webhook_not_verified"
        headers = {"X-Webhook-Secret": memory.secret}
        first = await client.post("/api/v1/webhooks/memory", json=event, headers=headers)
        replay = await client.post("/api/v1/webhooks/memory", json=event, headers=headers)
        assert first.status_code == 200 and first.json() == {"ok": True, "duplicate": False}
        assert replay.status_code == 200 and replay.json()["duplicate"] is True
        await drain(settings, rounds=4)

        async with database.transaction() as session:
            stored = await session.scalar(
                text(
                    "SELECT count(*) FROM messages WHERE author = 'customer' AND channel = 'memory'"
                )
            )
            ledger = (
                await session.execute(text("SELECT status, attempts FROM webhook_events"))
            ).all()
        assert stored == 1
        assert [tuple(row) for row in ledger] == [("processed", 1)]
        assert memory.sent and {s.chat.external_chat_id for s in memory.sent} == {"555"}

    async def test_a_channel_without_webhooks_says_so(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/webhooks/web", json={"text": "привет"})
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "channel_without_webhooks"
        unknown = await client.post("/api/v1/webhooks/fax", json={})
        assert unknown.status_code == 404
        assert unknown.json()["error"]["code"] == "channel_not_configured"


class TestChannelList:
    async def test_the_dashboard_reads_channel_names_from_the_adapters(
        self, memory: MemoryChannel, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        response = await client.get("/api/v1/channels", headers=admin_headers)
        assert response.status_code == 200
        by_name = {c["name"]: c for c in response.json()}
        assert by_name["web"]["label"] == "Сайт" and by_name["web"]["label_en"] == "Website"
        assert by_name["web"]["buttons"] is True
        assert by_name["memory"]["label"] == memory.label
        assert (await client.get("/api/v1/channels")).status_code == 401


class TestOwnershipAtSendTime:
    async def test_a_bot_reply_overtaken_by_a_takeover_is_withheld(
        self,
        app: FastAPI,
        memory: MemoryChannel,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await customer_says(app, "client-9", "Здравствуйте!", "1")
        assert await answer(str(conversation_id)) >= 1  # the turn ran; its replies wait to go
        taken = await client.post(
            f"/api/v1/conversations/{conversation_id}/takeover", headers=admin_headers
        )
        assert taken.status_code == 200
        await drain(settings, rounds=3)
        assert memory.sent == []
        replies = [m for m in await outbound(database, conversation_id) if m.author == "bot"]
        assert replies and {m.delivery_status for m in replies} == {"withheld"}
