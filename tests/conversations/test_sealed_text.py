"""Phones and e-mails customers type are not kept in plain text: the stored text is masked,
the original is encrypted beside it, and keyed hashes find the conversation by them."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text

from salesbot.conversations.service import ConversationService
from salesbot.conversations.types import InboundMessage, Reply
from salesbot.db.engine import Database
from salesbot.maintenance.pii import seal_messages
from salesbot.models import Author, Channel, Role
from salesbot.security.pii import get_keyring
from salesbot.settings import Settings
from tests.conftest import create_user, login
from tests.conversations.factories import seed_conversation

WRITTEN = "Меня зовут Ольга, звоните 8 (916) 555-12-34 или пишите olga.k@stroymarket.ru"


@pytest.fixture(autouse=True)
def _empty(clean_db: None) -> None:
    """Each test reads every stored row, so it starts with none."""


@pytest.fixture
async def manager(client: httpx.AsyncClient, database: Database) -> dict[str, str]:
    email, password = await create_user(database, role=Role.manager, email="m@example.com")
    return {"Authorization": f"Bearer {await login(client, email, password)}"}


async def stored_rows(database: Database) -> list[str]:
    async with database.transaction() as session:
        rows = await session.execute(text("SELECT text, sealed_text::text FROM messages"))
        return [" | ".join(str(v) for v in row) for row in rows]


class TestStorage:
    async def test_the_database_never_holds_the_phone_or_the_email(
        self, database: Database, settings: Settings
    ) -> None:
        await seed_conversation(database, settings, customer=(WRITTEN,))
        (row,) = await stored_rows(database)
        for secret in ("555-12-34", "5551234", "olga.k", "stroymarket"):
            assert secret not in row
        assert "Меня зовут Ольга" in row  # the rest stays searchable

    async def test_text_without_contacts_is_stored_as_is_and_not_encrypted(
        self, database: Database, settings: Settings
    ) -> None:
        await seed_conversation(database, settings, customer=("Нужен бот на 30 человек",))
        assert await stored_rows(database) == ["Нужен бот на 30 человек | None"]

    async def test_a_bot_reply_is_delivered_with_its_contacts(
        self, database: Database, settings: Settings
    ) -> None:
        service = ConversationService(settings)
        async with database.transaction() as session:
            received = await service.receive(
                session, InboundMessage(Channel.web, f"c-{uuid.uuid4().hex}", "Алло")
            )
            reply = await service.add_reply(
                session,
                received.conversation,
                Reply("Наш телефон +7 495 123-45-67"),
                author=Author.bot,
            )
        async with database.transaction() as session:
            history = await service.history(session, received.conversation.id)
        assert history[-1].text == "Наш телефон +7 495 123-45-67"
        assert reply.readable_text == "Наш телефон +7 495 123-45-67"
        assert "123-45-67" not in reply.text


class TestReading:
    async def test_the_manager_sees_the_text_as_written(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        seeded = await seed_conversation(database, settings, customer=(WRITTEN,))
        response = await client.get(
            f"/api/v1/conversations/{seeded.conversation_id}", headers=manager
        )
        assert response.status_code == 200
        assert response.json()["messages"][0]["text"] == WRITTEN

    async def test_the_customer_sees_their_own_words(self, client: httpx.AsyncClient) -> None:
        started = (await client.post("/api/v1/chat/sessions")).json()
        headers = {"Authorization": f"Bearer {started['token']}"}
        path = f"/api/v1/chat/sessions/{started['session_id']}/messages"
        sent = await client.post(path, json={"text": WRITTEN}, headers=headers)
        assert sent.status_code == 200, sent.text
        listed = await client.get(path, headers=headers)
        assert WRITTEN in [m["text"] for m in listed.json()]


class TestSearch:
    async def test_found_by_a_phone_or_email_typed_in_a_message(
        self,
        client: httpx.AsyncClient,
        manager: dict[str, str],
        database: Database,
        settings: Settings,
    ) -> None:
        seeded = await seed_conversation(database, settings, customer=("Добрый день", WRITTEN))
        await seed_conversation(database, settings, customer=("Просто смотрю",))
        for q in ("+7 916 555 12 34", "89165551234", "Olga.K@StroyMarket.ru"):
            response = await client.get("/api/v1/conversations", params={"q": q}, headers=manager)
            assert [c["id"] for c in response.json()] == [str(seeded.conversation_id)], q


class TestOlderRows:
    async def test_messages_stored_before_sealing_are_sealed_once(
        self, database: Database, settings: Settings
    ) -> None:
        seeded = await seed_conversation(database, settings, customer=("Алло",))
        async with database.transaction() as session:  # as a row written before 0015 looks
            await session.execute(
                text(
                    "UPDATE messages SET text = :t, sealed_text = NULL, contact_hashes = NULL"
                    " WHERE conversation_id = :c"
                ),
                {"t": WRITTEN, "c": seeded.conversation_id},
            )
        async with database.transaction() as session:
            assert await seal_messages(session, get_keyring()) == 1
        async with database.transaction() as session:
            assert await seal_messages(session, get_keyring()) == 0
        (row,) = await stored_rows(database)
        assert "olga.k" not in row and "555-12-34" not in row
        service = ConversationService(settings)
        async with database.transaction() as session:
            history = await service.history(session, seeded.conversation_id)
        assert history[0].text == WRITTEN
