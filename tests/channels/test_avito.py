"""The Avito adapter against the fake Avito API, through the app: the webhook with its secret
path, the ledger, the answer in numbered options, the account's own echoes ignored, the
token kept in the database and issued anew when Avito refuses it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select

from salesbot.channels.avito.adapter import AvitoChannel, webhook_secret
from salesbot.channels.avito.tokens import DatabaseTokenStore
from salesbot.channels.base import ChatRef, Outbound, OutboundFile
from salesbot.conversations.types import Attachment
from salesbot.db.engine import Database
from salesbot.models import Conversation, Lead, Message
from salesbot.settings import Settings
from tests.channels.conftest import drain
from tests.conftest import create_user, login
from tests.fakes.avito_server import ACCOUNT, CLIENT_ID, CLIENT_SECRET, FakeAvito

LISTING = 1768287444


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAvito]:
    fake = FakeAvito().start()
    yield fake
    fake.stop()


def _configured(settings: Settings, server: FakeAvito) -> Settings:
    return settings.model_copy(
        update={
            "avito_client_id": CLIENT_ID,
            "avito_client_secret": SecretStr(CLIENT_SECRET),
            "avito_api_base": server.origin,
            "public_url": "https://bot.example.ru",
        }
    )


@dataclass
class Scene:
    client: httpx.AsyncClient
    fake: FakeAvito
    channel: AvitoChannel
    settings: Settings
    database: Database

    @property
    def hook(self) -> str:
        return f"/api/v1/webhooks/avito/messages/{webhook_secret(self.channel.settings)}"

    async def says(self, chat_id: str, *texts: str) -> None:
        """The customer writes in the chat; Avito posts each message to our webhook."""
        for text in texts:
            payload = self.fake.webhook_payload(chat_id, text, item_id=LISTING)
            posted = await self.client.post(self.hook, json=payload)
            assert posted.status_code == 200, posted.text
            await drain(self.settings, rounds=4)

    def replies(self, chat_id: str) -> list[str]:
        return [m["content"]["text"] for m in self.fake.sent(chat_id)]


@pytest.fixture
async def avito(
    server: FakeAvito,
    app: FastAPI,
    client: httpx.AsyncClient,
    settings: Settings,
    database: Database,
) -> AsyncIterator[Scene]:
    server.reset()
    channel = AvitoChannel(
        _configured(settings, server), store=DatabaseTokenStore(lambda: database)
    )
    app.state.runtime.channels.add(channel)
    yield Scene(client, server, channel, settings, database)
    await channel.close()


async def _customer_texts(database: Database, chat_id: str) -> list[str]:
    async with database.transaction() as session:
        rows = await session.scalars(
            select(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(Conversation.external_chat_id == chat_id, Message.author == "customer")
            .order_by(Message.seq)
        )
        return [m.readable_text for m in rows]


class TestTheWebhook:
    async def test_a_message_is_stored_once_answered_in_numbered_options_and_read(
        self, avito: Scene
    ) -> None:
        chat = avito.fake.add_chat("u2i-abc123", item_id=LISTING).id
        payload = avito.fake.webhook_payload(chat, "Здравствуйте, ещё актуально?", item_id=LISTING)
        first = await avito.client.post(avito.hook, json=payload)
        replay = await avito.client.post(avito.hook, json=payload)
        assert first.json() == {"ok": True, "duplicate": False}
        assert replay.json()["duplicate"] is True
        await drain(avito.settings, rounds=4)
        assert await _customer_texts(avito.database, chat) == ["Здравствуйте, ещё актуально?"]
        about, greeting = avito.replies(chat)  # the listing named, then the greeting
        assert "вы пишете по объявлению" in about
        assert "1. ИИ-Менеджер" in greeting and "3. ИИ-Аналитик" in greeting  # no buttons here
        assert avito.fake.calls_to(f"*/chats/{chat}/read", "POST")  # the customer sees it read
        assert avito.fake.tokens_issued == 1

    async def test_a_wrong_secret_is_refused_and_nothing_stored(self, avito: Scene) -> None:
        chat = avito.fake.add_chat("u2i-wrong1", item_id=LISTING).id
        payload = avito.fake.webhook_payload(chat, "Добрый день", item_id=LISTING)
        refused = await avito.client.post("/api/v1/webhooks/avito/messages/guess", json=payload)
        assert refused.status_code == 401
        assert await _customer_texts(avito.database, chat) == []

    async def test_the_accounts_own_echo_and_system_messages_are_not_answered(
        self, avito: Scene
    ) -> None:
        chat = avito.fake.add_chat("u2i-echo42", item_id=LISTING).id
        await avito.says(chat, "Здравствуйте")
        answered = len(avito.replies(chat))
        echo = await avito.client.post(avito.hook, json=avito.fake.echo_payload())
        system = avito.fake.webhook_payload(
            chat, "Покупатель посмотрел ваш номер", type="system", author_id=0
        )
        await avito.client.post(avito.hook, json=system)
        assert echo.status_code == 200
        await drain(avito.settings, rounds=4)
        assert await _customer_texts(avito.database, chat) == ["Здравствуйте"]
        assert len(avito.replies(chat)) == answered  # the bot did not answer itself


class TestTheListing:
    async def test_the_listing_is_named_to_the_customer_and_kept_with_the_lead(
        self, avito: Scene
    ) -> None:
        chat = avito.fake.add_chat("u2i-list55", item_id=LISTING).id
        avito.fake.items[LISTING] = {
            "title": "Внедрение ИИ-ассистента для отдела продаж",
            "price": 150000,
            "url": "https://www.avito.ru/moskva/predlozheniya_uslug/vnedrenie_ii_1768287444",
        }
        await avito.says(chat, "Здравствуйте!", "Нужен ИИ-Менеджер")
        first = avito.replies(chat)[0]
        assert "«Внедрение ИИ-ассистента для отдела продаж»" in first
        async with avito.database.transaction() as session:
            lead = (await session.execute(select(Lead))).scalar_one()
        assert "avito-lead" in lead.tags
        assert lead.details["listing"]["id"] == LISTING
        assert lead.details["listing"]["title"].startswith("Внедрение ИИ-ассистента")
        # the listing is asked of Avito once for the conversation, not per message
        assert len(avito.fake.calls_to(f"*/chats/{chat}", "GET")) == 1
        email, password = await create_user(avito.database)
        manager = {"Authorization": f"Bearer {await login(avito.client, email, password)}"}
        shown = await avito.client.get(
            f"/api/v1/conversations/{lead.conversation_id}", headers=manager
        )
        assert shown.json()["listing"]["title"] == "Внедрение ИИ-ассистента для отдела продаж"
        assert shown.json()["listing"]["price"]  # as Avito writes it


class TestTheFunnel:
    async def test_from_hello_to_a_price_with_a_number_typed_for_an_option(
        self, avito: Scene
    ) -> None:
        chat = avito.fake.add_chat("u2i-funnel7", item_id=LISTING).id
        await avito.says(chat, "Здравствуйте! Интересует ваш ИИ-ассистент")
        await avito.says(chat, "2")  # the second option: ИИ-Юрист
        assert "Записал: ИИ-Юрист." in avito.replies(chat)
        await avito.says(chat, "юристов у нас пятеро, интеграции не нужны", "облако", "обычный")
        assert all(len(t) <= 1000 for t in avito.replies(chat))
        await avito.says(chat, "всё верно")
        assert any("₽" in t for t in avito.replies(chat))
        await avito.says(chat, "Пришлите, пожалуйста, коммерческое предложение")
        # Avito takes no PDF: the offer goes as its signed link, under the words
        [offer] = [t for t in avito.replies(chat) if "/api/v1/documents/" in t]
        words, link = offer.split("\n\n")
        assert "Коммерческое предложение" in words
        assert link.startswith("Коммерческое предложение") and "http" in link
        assert "/download?expires=" in link and "signature=" in link


class TestTheToken:
    async def test_a_token_that_expires_mid_conversation_is_issued_anew(self, avito: Scene) -> None:
        chat = avito.fake.add_chat("u2i-token9", item_id=LISTING).id
        await avito.says(chat, "Здравствуйте")
        avito.fake.expire_tokens()  # Avito now answers 403 to the old token
        await avito.says(chat, "Нужен ИИ-Аналитик")
        assert avito.fake.tokens_issued == 2
        assert len(avito.replies(chat)) >= 2  # the second answer went out all the same
        refused = [c for c in avito.fake.calls if c.status == 403]
        assert refused  # once, then the new token
        assert str(ACCOUNT["id"]) in avito.fake.calls_to("*/messages", "POST")[-1].path


class TestSubscriptionCommands:
    def test_subscribe_lists_and_unsubscribe_with_the_secret_kept_out_of_sight(
        self, server: FakeAvito, settings: Settings, clean_db: None
    ) -> None:
        from typer.testing import CliRunner

        from salesbot.cli import app as cli
        from salesbot.settings import use_settings

        server.reset()
        configured = _configured(settings, server)
        use_settings(configured)
        try:
            runner = CliRunner()
            subscribed = runner.invoke(cli, ["avito", "subscribe"])
            assert subscribed.exit_code == 0, subscribed.output
            [registered] = server.subscriptions
            secret = webhook_secret(configured)
            assert registered["url"].endswith(f"/api/v1/webhooks/avito/messages/{secret}")
            listed = runner.invoke(cli, ["avito", "subscriptions"], terminal_width=200)
            assert "bot.example.ru" in listed.output and secret not in listed.output
            assert runner.invoke(cli, ["avito", "unsubscribe"]).exit_code == 0
            assert server.subscriptions == []
            server.add_message(server.add_chat("u2u-cli001").id, "Здравствуйте!")
            history = runner.invoke(cli, ["avito", "import-history"], terminal_width=200)
            assert history.exit_code == 0, history.output
            assert "Чатов: 1, новых сообщений: 1" in history.output
            server.rate_limit_next(10)  # more 429s than MAX_RETRIES allows
            failed = runner.invoke(cli, ["avito", "subscribe"])
            assert failed.exit_code == 1 and "Avito ответил ошибкой" in failed.output
        finally:
            use_settings(settings)


class TestIntegrationBoard:
    async def test_the_account_is_probed_with_a_token(
        self, server: FakeAvito, settings: Settings, database: Database
    ) -> None:
        from salesbot.integrations.avito import AvitoAccount
        from salesbot.integrations.base import ProbeContext, ProbeFailed

        server.reset()
        board = AvitoAccount()
        assert not board.configured(settings)
        configured = _configured(settings, server)
        await board.probe(ProbeContext(configured, database, None))
        assert server.tokens_issued == 1 and server.calls_to("/core/v1/accounts/self")
        other = configured.model_copy(update={"avito_user_id": "12345"})
        with pytest.raises(ProbeFailed, match="AVITO_USER_ID"):
            await board.probe(ProbeContext(other, database, None))
        wrong = configured.model_copy(update={"avito_client_secret": SecretStr("wrong")})
        with pytest.raises(ProbeFailed, match="AVITO_CLIENT_SECRET"):
            await board.probe(ProbeContext(wrong, database, None))
        assert CLIENT_SECRET not in str(board.details(configured))


class TestHistory:
    async def test_chats_and_messages_come_in_once_in_either_shape_and_are_not_answered(
        self, avito: Scene
    ) -> None:
        from salesbot.channels.avito.history import import_history

        fake, account = avito.fake, int(ACCOUNT["id"])
        about = fake.add_chat("u2i-old001", item_id=LISTING, peer_name="Ирина").id
        fake.add_message(about, "Добрый день! Услуга ещё актуальна?", created=1780000000)
        fake.add_message(about, "Да, актуальна. Что хотите автоматизировать?", author_id=account)
        fake.add_message(about, "Ответы клиентам в чатах, нас 12 менеджеров")
        fake.add_message(about, "", type="image", content={"image": {"sizes": {}}})
        profile = fake.add_chat("u2u-old002", peer_name="Пётр").id
        fake.add_message(profile, "Здравствуйте, вы делаете ботов для юристов?")

        imported = await import_history(avito.channel.client(), avito.database)
        assert (imported.chats, imported.messages, imported.skipped) == (2, 4, 1)

        fake.messages_shape = "bare"  # the spec's shape: a bare list
        fake.add_message(profile, "Нам нужен бот на 5 юристов")
        again = await import_history(avito.channel.client(), avito.database)
        assert (again.messages, again.skipped) == (1, 5)  # only the new one

        await drain(avito.settings, rounds=3)
        assert fake.calls_to("*/messages", "POST") == []  # nothing sent: history is not answered
        async with avito.database.transaction() as session:
            rows = (
                await session.execute(
                    select(Conversation.external_chat_id, Message.author, Message.delivery_status)
                    .join(Conversation, Conversation.id == Message.conversation_id)
                    .order_by(Message.seq)
                )
            ).all()
            listing = (
                await session.scalar(
                    select(Conversation.state).where(Conversation.external_chat_id == about)
                )
            )["listing"]
        assert [(r.external_chat_id, r.author) for r in rows] == [
            (about, "customer"),
            (about, "manager"),
            (about, "customer"),
            (profile, "customer"),
            (profile, "customer"),
        ]
        assert all(r.delivery_status in (None, "sent") for r in rows)
        assert listing["id"] == LISTING


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 300


class TestImages:
    async def test_a_customers_photo_is_kept_as_an_attachment(self, avito: Scene) -> None:
        chat = avito.fake.add_chat("u2i-photo1", item_id=LISTING).id
        payload = avito.fake.webhook_payload(
            chat, type="image", content=avito.fake.customer_image(JPEG), item_id=LISTING
        )
        await avito.client.post(avito.hook, json=payload)
        await drain(avito.settings, rounds=6)
        async with avito.database.transaction() as session:
            [message] = (
                await session.scalars(select(Message).where(Message.author == "customer"))
            ).all()
        [(name, kind, size)] = [
            (a["name"], a["content_type"], a["size"]) for a in message.attachments
        ]
        assert (name, kind, size) == ("Фото.jpg", "image/jpeg", len(JPEG))
        assert avito.fake.calls_to("/img/*/1280x960.jpg", "GET")  # the largest size
        assert any("файл получил" in text for text in avito.replies(chat))

    async def test_an_image_goes_out_uploaded_then_sent_after_the_words(
        self, avito: Scene, tmp_path: Path
    ) -> None:
        chat = avito.fake.add_chat("u2i-photo2", item_id=LISTING).id
        picture = tmp_path / "схема.jpg"
        picture.write_bytes(JPEG)
        image = Attachment("схема.jpg", "image/jpeg", len(JPEG), url="/api/v1/files/x?sig=1")
        outbound = Outbound(
            uuid.uuid4(),
            "manager",
            "Вот схема интеграции",
            attachments=(image,),
            files=(OutboundFile("схема.jpg", "image/jpeg", picture),),
        )
        await avito.channel.send(ChatRef(uuid.uuid4(), "avito", chat), outbound)
        words, sent_image = avito.fake.sent(chat)
        assert words["content"]["text"] == "Вот схема интеграции"  # no link: it goes as an image
        assert sent_image["type"] == "image"
        [uploaded] = avito.fake.calls_to("*/uploadImages", "POST")
        assert uploaded.files[0][0] == "uploadfile[]" and uploaded.files[0][2] == JPEG


class TestRateLimits:
    async def test_a_burst_of_429s_delays_the_reply_and_a_longer_one_leaves_it_dead(
        self, avito: Scene
    ) -> None:
        chat = avito.fake.add_chat("u2i-busy01", item_id=LISTING).id
        avito.fake.rate_limit_next(2)  # the next two calls, whichever they are
        await avito.says(chat, "Здравствуйте")
        await drain(avito.settings, rounds=6)
        assert avito.replies(chat)  # delivered after the back-off
        assert sum(call.status == 429 for call in avito.fake.calls) == 2

        other = avito.fake.add_chat("u2i-busy02", item_id=LISTING).id
        avito.fake.rate_limit_next(100)  # Avito keeps refusing past MAX_RETRIES
        await avito.says(other, "Добрый день")
        await drain(avito.settings, rounds=8)
        async with avito.database.transaction() as session:
            statuses = set(
                await session.scalars(
                    select(Message.delivery_status)
                    .join(Conversation, Conversation.id == Message.conversation_id)
                    .where(Conversation.external_chat_id == other, Message.author != "customer")
                )
            )
        assert statuses == {"dead"}  # managers see «не доставлено» and may retry it
