"""The operators' inbox over HTTP: filters and totals, the read marker, search, sources of
knowledge answers and documents sent by a manager."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import socketio
from sqlalchemy import select

from salesbot.db.engine import Database
from salesbot.models import Channel, Conversation, Role
from salesbot.settings import Settings
from tests.conftest import create_user, ingest_sample_kb, login
from tests.conversations.factories import Seeded, seed_conversation, send_document, with_quote

LONG = "Расскажите подробнее про внедрение. " * 15


@pytest.fixture
async def manager(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(
        database, role=Role.manager, email="maria.ivanova@example.com"
    )
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


async def inbox(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> tuple[list[dict[str, Any]], int]:
    response = await client.get("/api/v1/conversations", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), int(response.headers["X-Total-Count"])


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


@pytest.fixture
async def three(database: Database, settings: Settings) -> dict[str, Seeded]:
    """A web chat in the brief with two unread messages, a Telegram hand-off the team has
    read, and a closed Avito chat."""
    web = await seed_conversation(
        database,
        settings,
        customer=("Здравствуйте!", LONG),
        state={"stage": "brief", "product": "ai-manager"},
        contact={"name": "Анна Петрова", "phone": "+79123456789", "email": "anna@example.com"},
        lead={"status": "qualified", "product": "ai-manager"},
    )
    telegram = await seed_conversation(
        database,
        settings,
        channel=Channel.telegram,
        customer=("Позовите человека",),
        bot=("Передаю диалог менеджеру.",),
        state={"stage": "handed_off", "handoff_reason": "customer_request"},
        owner="human",
        handoff=True,
        read=True,
    )
    avito = await seed_conversation(
        database, settings, channel=Channel.avito, customer=("Ещё актуально?",), closed=True
    )
    return {"web": web, "telegram": telegram, "avito": avito}


class TestList:
    async def test_items_carry_the_row_of_the_inbox(
        self, client: httpx.AsyncClient, manager: dict[str, str], three: dict[str, Seeded]
    ) -> None:
        items, total = await inbox(client, manager)
        assert total == 2 and ids(items) == {
            str(three["telegram"].conversation_id),
            str(three["web"].conversation_id),
        }
        assert items[0]["id"] == str(three["telegram"].conversation_id)  # newest activity first
        web = next(i for i in items if i["id"] == str(three["web"].conversation_id))
        assert web["stage"] == "brief" and web["product"] == "ai-manager"
        assert web["contact_name"] == "Анна Петрова"
        assert web["unread"] == 2 and web["handoff_requested"] is False
        assert web["lead_id"] == str(three["web"].lead_id) and web["lead_status"] == "qualified"
        assert web["last_message"]["author"] == "customer"
        assert web["last_message"]["text"] == LONG[:200] and len(LONG) > 200
        assert web["channel"] == "web" and web["owner"] == "bot" and web["closed_at"] is None
        telegram = items[0]
        assert telegram["unread"] == 0 and telegram["handoff_requested"] is True
        assert telegram["handoff_reason"] == "customer_request"
        assert telegram["last_message"]["author"] == "bot" and telegram["lead_id"] is None

    async def test_a_widget_opened_without_a_word_stays_out_until_asked_for(
        self, client: httpx.AsyncClient, manager: dict[str, str], three: dict[str, Seeded]
    ) -> None:
        opened = await client.post("/api/v1/chat/sessions")
        assert opened.status_code == 201, opened.text
        items, total = await inbox(client, manager)
        assert total == 2 and len(items) == 2
        everything, total = await inbox(client, manager, include_silent="true")
        assert total == 3
        assert ids(everything) - ids(items) == {opened.json()["session_id"]}

    async def test_filters_and_the_total(
        self, client: httpx.AsyncClient, manager: dict[str, str], three: dict[str, Seeded]
    ) -> None:
        web, telegram, avito = (str(three[k].conversation_id) for k in ("web", "telegram", "avito"))
        cases: list[tuple[dict[str, Any], set[str]]] = [
            ({"channel": "telegram"}, {telegram}),
            ({"channel": "avito"}, set()),
            ({"channel": "avito", "include_closed": "true"}, {avito}),
            ({"stage": "brief"}, {web}),
            ({"stage": "handed_off"}, {telegram}),
            ({"owner": "human"}, {telegram}),
            ({"owner": "bot"}, {web}),
            ({"handoff": "true"}, {telegram}),
            ({"handoff": "false"}, {web}),
            ({"unread": "true"}, {web}),
            ({"unread": "false"}, {telegram}),
            ({"include_closed": "true"}, {web, telegram, avito}),
        ]
        for params, expected in cases:
            items, total = await inbox(client, manager, **params)
            assert (ids(items), total) == (expected, len(expected)), params
        page, total = await inbox(client, manager, limit=1, offset=1)
        assert total == 2 and ids(page) == {web}
        bad = await client.get("/api/v1/conversations?stage=nowhere", headers=manager)
        assert bad.status_code == 422

    async def test_one_statement_per_page_whatever_its_size(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        for n in range(12):
            await seed_conversation(
                database,
                settings,
                customer=(f"Вопрос {n}",),
                contact={"name": f"Клиент {n}"},
                lead={"status": "new"},
            )
        statements: list[str] = []

        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if "FROM conversations" in statement:
                statements.append(statement)

        from sqlalchemy import event

        engine = client._transport.app.state.services.database.engine.sync_engine  # type: ignore[attr-defined]
        event.listen(engine, "before_cursor_execute", count)
        try:
            items, total = await inbox(client, manager, limit=50)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert total == 12 and len(items) == 12
        assert all(i["contact_name"].startswith("Клиент ") for i in items)
        assert len(statements) == 2  # the count and the page, no query per row


class TestReadMarker:
    async def test_read_moves_forward_only_and_clears_unread(
        self, client: httpx.AsyncClient, manager: dict[str, str], three: dict[str, Seeded]
    ) -> None:
        web = three["web"]
        url = f"/api/v1/conversations/{web.conversation_id}/read"
        assert (
            await client.post(url, json={"seq": web.last_seq}, headers=manager)
        ).status_code == 204
        items, _ = await inbox(client, manager, unread="true")
        assert items == []
        [row] = [
            i for i in (await inbox(client, manager))[0] if i["id"] == str(web.conversation_id)
        ]
        assert row["unread"] == 0 and row["read_seq"] == web.last_seq
        # backwards is ignored, beyond the newest message is capped at it
        assert (await client.post(url, json={"seq": 1}, headers=manager)).status_code == 204
        assert (await client.post(url, json={"seq": 10**12}, headers=manager)).status_code == 204
        [row] = [
            i for i in (await inbox(client, manager))[0] if i["id"] == str(web.conversation_id)
        ]
        assert row["read_seq"] == web.last_seq

    async def test_a_new_customer_message_is_unread_again(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        seeded = await seed_conversation(database, settings, customer=("Первое",), read=True)
        from salesbot.conversations.service import ConversationService
        from salesbot.conversations.types import InboundMessage

        async with database.transaction() as session:
            conversation = await session.get_one(Conversation, seeded.conversation_id)
            await ConversationService(settings).receive(
                session, InboundMessage(Channel.web, conversation.external_chat_id, "Второе")
            )
        [row] = (await inbox(client, manager, unread="true"))[0]
        assert row["id"] == str(seeded.conversation_id) and row["unread"] == 1
        assert row["last_message"]["text"] == "Второе"

    async def test_unknown_conversation_and_bad_seq(
        self, client: httpx.AsyncClient, manager: dict[str, str]
    ) -> None:
        url = f"/api/v1/conversations/{uuid.uuid4()}/read"
        missing = await client.post(url, json={"seq": 5}, headers=manager)
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "conversation_not_found"
        assert (await client.post(url, json={"seq": -1}, headers=manager)).status_code == 422


class TestSearch:
    async def test_phone_email_name_and_words(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        anna = await seed_conversation(
            database,
            settings,
            customer=("Добрый день",),
            contact={
                "name": "Алёна  Петрова",
                "phone": "+79123456789",
                "email": "Alena@Example.com",
            },
        )
        words = await seed_conversation(
            database, settings, customer=("Интересует доставка документов курьером",)
        )
        await seed_conversation(database, settings, customer=("Просто смотрю",))
        alena, delivery = str(anna.conversation_id), str(words.conversation_id)
        for q, expected in [
            ("8 (912) 345-67-89", {alena}),
            ("+7 912 345 67 89", {alena}),
            ("alena@example.com", {alena}),
            ("алена петрова", {alena}),
            ("  АЛЁНА   Петрова ", {alena}),
            ("доставку", {delivery}),  # Russian stemming: another form of the word
            ("курьер документы", {delivery}),
            ("Петров", set()),  # names match whole, through the hash only
            ("+7 999 000 00 00", set()),
        ]:
            items, total = await inbox(client, manager, q=q)
            assert (ids(items), total) == (expected, len(expected)), q


class TestAuth:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", "/api/v1/conversations"),
            ("POST", "/api/v1/conversations/{id}/read"),
            ("POST", "/api/v1/conversations/{id}/documents"),
            ("GET", "/api/v1/leads"),
            ("GET", "/api/v1/leads/export.csv"),
            ("GET", "/api/v1/leads/{id}"),
            ("PATCH", "/api/v1/leads/{id}"),
            ("POST", "/api/v1/documents/{id}/resend"),
        ],
    )
    async def test_unauthenticated_is_refused(
        self, client: httpx.AsyncClient, method: str, path: str
    ) -> None:
        response = await client.request(method, path.format(id=uuid.uuid4()), json={})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


class TestSendDocument:
    async def test_manager_sends_an_invoice_as_an_attachment(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        conversation_id = await with_quote(database, settings)
        response = await send_document(client, manager, conversation_id, "invoice")
        assert response.status_code == 201, response.text
        message = response.json()
        assert message["author"] == "manager" and message["text"].startswith("Счёт № СЧ-")
        [pdf] = message["attachments"]
        assert pdf["content_type"] == "application/pdf" and pdf["name"].startswith("Счёт ")
        url = httpx.URL(pdf["url"])
        download = await client.get(url.path, params=url.params)
        assert download.status_code == 200 and download.content[:4] == b"%PDF"
        detail = (
            await client.get(f"/api/v1/conversations/{conversation_id}", headers=manager)
        ).json()
        assert detail["owner"] == "human"  # sending takes the conversation over
        assert [d["kind"] for d in detail["documents"]] == ["invoice"]

    async def test_no_quote_is_a_conflict_and_changes_nothing(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        seeded = await seed_conversation(database, settings)
        response = await send_document(client, manager, seeded.conversation_id, "offer")
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "no_quote" and "расчёт" in error["message"]
        async with database.transaction() as session:
            conversation = await session.get_one(Conversation, seeded.conversation_id)
            assert conversation.owner == "bot"
        wrong = await send_document(client, manager, seeded.conversation_id, "letter")
        assert wrong.status_code == 422


class TestSources:
    async def test_a_knowledge_answer_keeps_the_passage_it_quotes(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        await ingest_sample_kb(database, settings)
        started = (await client.post("/api/v1/chat/sessions")).json()
        chat = {"Authorization": f"Bearer {started['token']}"}
        url = f"/api/v1/chat/sessions/{started['session_id']}/messages"
        await client.post(url, json={"text": "ИИ-Менеджер"}, headers=chat)
        replies = (
            await client.post(url, json={"text": "а с битриксом интегрируется?"}, headers=chat)
        ).json()["replies"]
        assert any("Источник:" in r["text"] for r in replies)
        messages = (
            await client.get(
                f"/api/v1/conversations/{started['session_id']}/messages", headers=manager
            )
        ).json()
        answer = next(m for m in messages if "Источник:" in m["text"])
        [source] = answer["metadata"]["sources"]
        assert source["document"] == "faq/integracii.md"
        assert source["category"] == "faq" and 0 < source["score"] <= 1
        assert source["title"] in answer["text"]  # the citation the customer saw
        assert 0 < len(source["excerpt"]) <= 300 and "Bitrix24" in source["excerpt"]
        others = [m for m in messages if m["author"] == "bot" and m is not answer]
        assert all("sources" not in m["metadata"] for m in others)
        detail = (
            await client.get(f"/api/v1/conversations/{started['session_id']}", headers=manager)
        ).json()
        [quoted] = [m for m in detail["messages"] if "sources" in m["metadata"]]
        assert quoted["metadata"]["sources"] == [source] and quoted["text"] == answer["text"]
        async with database.transaction() as session:
            stored = (
                await session.execute(
                    select(Conversation.state).where(
                        Conversation.id == uuid.UUID(started["session_id"])
                    )
                )
            ).scalar_one()
            assert stored["product"] == "ai-manager"


# --- realtime ---------------------------------------------------------------------------------
@pytest.fixture
async def live(settings: Settings, clean_db: None, database: Database) -> AsyncIterator[str]:
    from salesbot.app import create_app
    from salesbot.db.runtime import set_database
    from tests.web.conftest import live_server

    async with live_server(create_app(settings, configure_process=False)) as url:
        yield url
    set_database(database)


class Operator:
    """A dashboard's socket: records every event of the operators' namespace."""

    EVENTS = ("message", "conversation", "handoff", "read", "owner", "typing")

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: dict[str, list[dict[str, Any]]] = {}
        for name in self.EVENTS:
            self.client.on(name, self._recorder(name), namespace="/operators")

    def _recorder(self, name: str) -> Any:
        async def record(data: dict[str, Any]) -> None:
            self.events.setdefault(name, []).append(data)

        return record

    async def wait_for(
        self, name: str, match: Any = lambda _: True, timeout: float = 30
    ) -> dict[str, Any]:
        for _ in range(int(timeout / 0.05)):
            found = [e for e in self.events.get(name, []) if match(e)]
            if found:
                return found[-1]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no matching {name!r} event; got {self.events.get(name)}")


class TestRealtime:
    async def test_rows_hand_offs_and_reads_reach_the_operators(
        self, live: str, database: Database
    ) -> None:
        async with httpx.AsyncClient(base_url=live, timeout=30) as http:
            email, password = await create_user(
                database, role=Role.manager, email="irina.k@example.com"
            )
            token = await login(http, email, password)
            operator = Operator()
            await operator.client.connect(
                live, namespaces=["/operators"], auth={"token": token}, transports=["websocket"]
            )
            try:
                started = (await http.post("/api/v1/chat/sessions")).json()
                chat_id = started["session_id"]
                chat = {"Authorization": f"Bearer {started['token']}"}
                url = f"/api/v1/chat/sessions/{chat_id}/messages"

                await http.post(url, json={"text": "Здравствуйте!"}, headers=chat)
                said = await operator.wait_for("message", lambda e: e["author"] == "customer")
                assert said["conversation_id"] == chat_id and said["text"] == "Здравствуйте!"
                # Rows are read in batches after the change: the message and the answer,
                # close together, may arrive as one row showing the answer.
                row = await operator.wait_for("conversation", lambda e: e["id"] == chat_id)
                assert row["unread"] == 1 and row["owner"] == "bot"
                answered = await operator.wait_for(
                    "conversation", lambda e: e["last_message"]["author"] == "bot"
                )
                assert answered["stage"] == "qualification"  # the greeting moved the funnel

                await http.post(url, json={"text": "позовите живого человека"}, headers=chat)
                handoff = await operator.wait_for("handoff")
                assert handoff == {"conversation_id": chat_id, "reason": "customer_request"}
                row = await operator.wait_for("conversation", lambda e: e["handoff_requested"])
                assert row["owner"] == "human" and row["stage"] == "handed_off"
                assert row["handoff_reason"] == "customer_request" and row["unread"] == 2

                # a read over the socket moves the team's marker; everyone hears who read
                seq = row_seq = (
                    await http.get(f"/api/v1/chat/sessions/{chat_id}/messages", headers=chat)
                ).json()[-1]["seq"]
                ack = await operator.client.call(
                    "read", {"conversation_id": chat_id, "seq": seq}, namespace="/operators"
                )
                assert ack == {"ok": True, "seq": row_seq}
                read = await operator.wait_for("read", lambda e: e.get("by") == email)
                assert read == {"conversation_id": chat_id, "seq": seq, "by": email}
                manager = {"Authorization": f"Bearer {token}"}
                [item] = (await http.get("/api/v1/conversations", headers=manager)).json()
                assert item["unread"] == 0 and item["read_seq"] == seq

                # a manager's answer serves the hand-off
                await http.post(
                    f"/api/v1/conversations/{chat_id}/messages",
                    json={"text": "Добрый день! Чем помочь?"},
                    headers=manager,
                )
                row = await operator.wait_for(
                    "conversation", lambda e: e["last_message"]["author"] == "manager"
                )
                assert row["handoff_requested"] is False and row["owner"] == "human"
                handoffs = (
                    await http.get("/api/v1/conversations?handoff=true", headers=manager)
                ).json()
                assert handoffs == []
            finally:
                await operator.client.disconnect()
                await operator.client.shutdown()

    async def test_http_read_and_the_contact_form_are_announced(
        self, live: str, database: Database
    ) -> None:
        async with httpx.AsyncClient(base_url=live, timeout=30) as http:
            email, password = await create_user(database, role=Role.manager)
            token = await login(http, email, password)
            manager = {"Authorization": f"Bearer {token}"}
            operator = Operator()
            await operator.client.connect(
                live, namespaces=["/operators"], auth={"token": token}, transports=["websocket"]
            )
            try:
                form = await http.post(
                    "/api/v1/leads/contact-form",
                    json={
                        "name": "Пётр Сидоров",
                        "phone": "8 912 000-11-22",
                        "message": "Перезвоните, пожалуйста",
                        "consent": True,
                    },
                )
                assert form.status_code == 201, form.text
                row = await operator.wait_for("conversation")
                assert row["contact_name"] == "Пётр Сидоров" and row["lead_status"] == "new"
                assert row["handoff_requested"] is True and row["handoff_reason"] == "contact_form"
                assert row["unread"] == 1
                message = await operator.wait_for("message")
                response = await http.post(
                    f"/api/v1/conversations/{row['id']}/read",
                    json={"seq": message["seq"]},
                    headers=manager,
                )
                assert response.status_code == 204
                read = await operator.wait_for("read")
                assert read == {"conversation_id": row["id"], "seq": message["seq"], "by": email}
                [found] = (
                    await http.get("/api/v1/conversations?q=петр сидоров", headers=manager)
                ).json()
                assert found["id"] == row["id"] and found["unread"] == 0
            finally:
                await operator.client.disconnect()
                await operator.client.shutdown()
