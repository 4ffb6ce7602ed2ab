"""The Telegram adapter against the fake Bot API server (aiogram really talks to it), and
real Update JSON in."""

from __future__ import annotations

import itertools
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select, text

from salesbot.booking import service as booking_service
from salesbot.channels.base import (
    ChatRef,
    Outbound,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from salesbot.channels.pacing import channel_pacer
from salesbot.channels.split import split_text
from salesbot.channels.telegram.adapter import TelegramChannel
from salesbot.channels.telegram.text import callback_data
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Button
from salesbot.db.engine import Database
from salesbot.dialog import booking as booking_dialog
from salesbot.errors import NotAuthenticated, ValidationFailed
from salesbot.integrations.pacing import Lane
from salesbot.models import Conversation, Lead, Message
from salesbot.settings import Settings, use_settings
from tests.channels.conftest import drain
from tests.conftest import create_user, login, process_settings
from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.fakes.yookassa_server import NOTIFICATION_SOURCE_IP as YOOKASSA_IP
from tests.fakes.yookassa_server import SECRET_KEY as YOOKASSA_SECRET
from tests.fakes.yookassa_server import SHOP_ID as YOOKASSA_SHOP
from tests.fakes.yookassa_server import FakeYooKassa

CHAT = 111222333


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


def _configured(settings: Settings, fake: FakeTelegram, **overrides: object) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_api_base": fake.origin,
            "telegram_webhook_secret": SecretStr("s3cret-token_1"),
            **overrides,
        }
    )


@pytest.fixture
async def telegram(
    fake: FakeTelegram, settings: Settings, database: Database
) -> AsyncIterator[TelegramChannel]:
    """The adapter as the registry builds it, paced (a chat's messages 0.05 s apart here,
    so the tests stay quick; the flood test keeps Telegram's own limits)."""
    fake.calls.clear()
    pacer = channel_pacer(settings.channel_pacing_max_wait_seconds, database=lambda: database)
    channel = TelegramChannel(
        _configured(settings, fake, telegram_chat_seconds_between=0.05), pacer=pacer
    )
    yield channel
    await channel.close()


@pytest.fixture
def served(app: FastAPI, telegram: TelegramChannel) -> TelegramChannel:
    """The adapter in the app's channel registry: its webhook and deliveries are live."""
    app.state.runtime.channels.add(telegram)
    return telegram


@dataclass
class Scene:
    """A bot served by the app, the fake Bot API behind it, and what tests look at."""

    client: httpx.AsyncClient
    fake: FakeTelegram
    channel: TelegramChannel
    settings: Settings
    database: Database


@pytest.fixture
def bot(
    client: httpx.AsyncClient,
    fake: FakeTelegram,
    served: TelegramChannel,
    settings: Settings,
    database: Database,
) -> Scene:
    return Scene(client, fake, served, settings, database)


def _chat(chat_id: int = CHAT) -> ChatRef:
    return ChatRef(uuid.uuid4(), "telegram", str(chat_id))


def _out(text: str, buttons: tuple[Button, ...] = ()) -> Outbound:
    return Outbound(uuid.uuid4(), "bot", text, buttons)


class TestSending:
    async def test_text_is_escaped_html_and_quick_replies_an_inline_keyboard(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        buttons = (Button("Всё верно", "всё верно"), Button("Исправить", "исправить"))
        sent = await telegram.send(_chat(), _out("Итого <b>не тег</b> & 5 < 7", buttons))
        [call] = fake.sent()
        assert call.params["parse_mode"] == "HTML"
        assert call.params["text"] == "Итого &lt;b&gt;не тег&lt;/b&gt; &amp; 5 &lt; 7"
        keyboard = call.params["reply_markup"]["inline_keyboard"]
        assert [[b["text"], b["callback_data"]] for [b] in keyboard] == [
            ["Всё верно", "всё верно"],
            ["Исправить", "исправить"],
        ]
        assert sent is not None and sent.isdigit()

    async def test_a_long_reply_goes_in_parts_with_the_keyboard_on_the_last(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        paragraphs = [f"Абзац номер {i}. " + "слово " * 300 for i in range(5)]
        await telegram.send(_chat(), _out("\n\n".join(paragraphs), (Button("Да", "да"),)))
        calls = fake.sent()
        assert len(calls) == 3 and all(len(c.params["text"]) <= 4096 for c in calls)
        assert all(c.params["text"].startswith("Абзац номер") for c in calls)  # cut between
        assert "reply_markup" not in calls[0].params and "reply_markup" in calls[-1].params

    async def test_rejected_markup_is_sent_again_as_plain_text(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        fake.fail_next(400, "Bad Request: can't parse entities: Unsupported start tag")
        await telegram.send(_chat(), _out("5 < 7"))
        first, second = fake.sent()
        assert first.params["parse_mode"] == "HTML"
        assert "parse_mode" not in second.params and second.params["text"] == "5 < 7"

    async def test_a_rate_limit_is_retried_after_the_time_telegram_names(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        fake.fail_next(429, "Too Many Requests", retry_after=35)
        with pytest.raises(RetryableDeliveryError) as caught:
            await telegram.send(_chat(), _out("привет"))
        assert caught.value.retry_after == 35

    @pytest.mark.parametrize("kind", ["blocked", "unknown"])
    async def test_a_blocked_bot_or_a_missing_chat_fails_for_good(
        self, telegram: TelegramChannel, fake: FakeTelegram, kind: str
    ) -> None:
        chat = 424242 if kind == "blocked" else 434343
        getattr(fake, kind).add(chat)
        with pytest.raises(PermanentDeliveryError):
            await telegram.send(_chat(chat), _out("привет"))

    async def test_a_server_error_is_retried(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        fake.fail_next(502, "Bad Gateway")
        with pytest.raises(RetryableDeliveryError):
            await telegram.send(_chat(), _out("привет"))


class TestText:
    def test_parts_are_cut_between_paragraphs_then_lines_then_words(self) -> None:
        text = "a" * 10 + "\n\n" + "b" * 10
        assert split_text(text, limit=15) == ["a" * 10, "b" * 10]
        assert split_text("c" * 8 + "\n" + "d" * 8, limit=12) == ["c" * 8, "d" * 8]
        assert split_text("word " * 5, limit=12) == ["word word", "word word", "word"]
        assert split_text("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]

    def test_callback_data_fits_64_bytes_on_a_character_boundary(self) -> None:
        payload = "столько будут пользоваться ассистентом"  # 72 bytes in UTF-8
        data = callback_data(payload)
        assert len(data.encode()) <= 64 and payload.startswith(data)
        assert callback_data("всё верно") == "всё верно"


# Update JSON as Telegram posts it (after ../shared/api/telegram.md §3).
def _message(text: str | None = None, **extra: object) -> dict[str, object]:
    message: dict[str, object] = {
        "message_id": 42,
        "date": 1788000000,
        "from": {"id": CHAT, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
        "chat": {"id": CHAT, "type": "private", "first_name": "Анна"},
        **extra,
    }
    if text is not None:
        message["text"] = text
    return {"update_id": 900000001, "message": message}


def _press(data: str, *, query_id: str = "777", message_id: int = 44) -> dict[str, object]:
    """A callback query: the customer pressed a button of our message `message_id`."""
    return {
        "update_id": 900000003,
        "callback_query": {
            "id": query_id,
            "chat_instance": "-7712345678901234567",
            "from": {"id": CHAT, "is_bot": False, "first_name": "Анна"},
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1788000010,
                "chat": {"id": CHAT, "type": "private"},
                "text": "Проверьте, пожалуйста…",
            },
        },
    }


HEADERS = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_1"}


async def _post(
    client: httpx.AsyncClient, settings: Settings, texts: list[str], *, first_id: int
) -> None:
    """Each text posted to the webhook as Telegram would, answered and delivered in turn."""
    for number, text_ in enumerate(texts):
        update = _message(text_)
        update["update_id"] = first_id + number
        update["message"]["message_id"] = first_id % 1000 + number  # type: ignore[index]
        await client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        await drain(settings, rounds=4)


async def _conversation(database: Database, chat: int = CHAT) -> Conversation:
    async with database.transaction() as session:
        found = await session.scalar(
            select(Conversation).where(Conversation.external_chat_id == str(chat))
        )
    assert found is not None
    return found


class TestUpdates:
    def test_text_command_with_a_deep_link_and_the_ledger_key(
        self, telegram: TelegramChannel
    ) -> None:
        update = _message(
            "/start lead_4711", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
        )
        [inbound] = telegram.parse(update)
        assert inbound.text == "Здравствуйте" and inbound.metadata["source"] == "lead_4711"
        assert inbound.external_chat_id == str(CHAT)
        # Telegram numbers messages per chat: the chat makes the id unique
        assert inbound.channel_message_id == f"{CHAT}:42"
        assert telegram.event_id(update) == "900000001"
        [plain] = telegram.parse(_message("Нужен бот для продаж"))
        assert plain.text == "Нужен бот для продаж" and plain.sent_at is not None

    def test_a_button_press_says_its_payload(self, telegram: TelegramChannel) -> None:
        update = _press("всё верно", query_id="4382bfdwdsb323b2d9")
        [inbound] = telegram.parse(update)
        assert inbound.text == "всё верно"
        assert inbound.metadata["callback_query_id"] == "4382bfdwdsb323b2d9"

    def test_a_shared_contact_a_photo_and_other_updates(self, telegram: TelegramChannel) -> None:
        contact = _message(contact={"phone_number": "+79161234567", "first_name": "Анна"})
        [shared] = telegram.parse(contact)
        assert shared.text == "+79161234567"
        photo = _message(
            caption="вот наш прайс",
            photo=[
                {"file_id": "small", "file_unique_id": "s"},
                {"file_id": "big", "file_unique_id": "b"},
            ],
        )
        [with_photo] = telegram.parse(photo)
        assert with_photo.text == "вот наш прайс"
        assert [f.ref for f in with_photo.files] == ["big"]  # the largest size
        group = _message("всем привет")
        group["message"]["chat"]["type"] = "group"  # type: ignore[index]
        assert telegram.parse(group) == []
        assert telegram.parse({"update_id": 5, "edited_message": {}}) == []
        with pytest.raises(ValidationFailed):
            telegram.event_id({"message": {}})

    def test_the_secret_token_is_checked(self, telegram: TelegramChannel) -> None:
        telegram.verify({"x-telegram-bot-api-secret-token": "s3cret-token_1"}, None)
        for headers in ({"x-telegram-bot-api-secret-token": "wrong"}, {}):
            with pytest.raises(NotAuthenticated):
                telegram.verify(headers, None)


class TestThroughTheApp:
    async def test_an_update_is_verified_stored_once_answered_and_delivered(
        self,
        bot: Scene,
    ) -> None:
        update = _message("/start site_banner")
        refused = await bot.client.post(
            "/api/v1/webhooks/telegram",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
        )
        assert refused.status_code == 401
        first = await bot.client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        replay = await bot.client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        assert first.json() == {"ok": True, "duplicate": False}
        assert replay.json()["duplicate"] is True
        await drain(bot.settings, rounds=4)
        [greeting] = bot.fake.sent()
        assert greeting.params["chat_id"] == str(CHAT)
        assert "Здравствуйте" in greeting.params["text"]
        labels = [b["text"] for [b] in greeting.params["reply_markup"]["inline_keyboard"]]
        assert labels == ["ИИ-Менеджер", "ИИ-Юрист", "ИИ-Аналитик"]


class TestDeepLinks:
    async def test_the_start_payload_becomes_the_leads_source(self, bot: Scene) -> None:
        turns = ["/start vk_ads_december", "Нужен ИИ-Юрист", "/reset", "Нужен ИИ-Аналитик"]
        await _post(bot.client, bot.settings, turns, first_id=946000100)
        async with bot.database.transaction() as session:
            sources = list(await session.scalars(text("SELECT source FROM leads")))
        assert sources == ["vk_ads_december"]  # and /reset does not forget where they came from


class TestLongMessages:
    async def test_a_message_longer_than_the_chat_takes_is_kept_whole_in_parts(
        self,
        bot: Scene,
    ) -> None:
        # Telegram lets a customer send 4,096 characters; the chat takes 4,000 at a time
        paragraph = "Мы дистрибьютор стройматериалов, работаем с дилерами по всей стране. "
        words = "\n\n".join([paragraph * 8] * 8)[:4090]
        assert len(words) > bot.settings.max_message_length
        await _post(bot.client, bot.settings, [words], first_id=945000100)
        kept = await _customer_messages(bot.database)
        assert len(kept) == 2 and all(len(m.text) <= bot.settings.max_message_length for m in kept)
        assert " ".join(m.readable_text for m in kept).split() == words.split()  # nothing lost
        assert bot.fake.sent()  # and answered


class TestOrderPerChat:
    async def test_one_chats_updates_are_handled_one_at_a_time_in_arrival_order(
        self, client: httpx.AsyncClient, served: TelegramChannel, database: Database
    ) -> None:
        for number, chat in enumerate((CHAT, CHAT, 606060)):
            update = _message("Здравствуйте")
            update["update_id"] = 905000000 + number
            update["message"]["chat"]["id"] = chat  # type: ignore[index]
            await client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        async with database.transaction() as session:
            locks = list(
                await session.scalars(
                    text(
                        "SELECT lock FROM procrastinate_jobs "
                        "WHERE task_name = 'webhooks.process' ORDER BY id"
                    )
                )
            )
            keys = list(
                await session.scalars(
                    text("SELECT order_key FROM webhook_events ORDER BY external_id")
                )
            )
        # the queue runs jobs sharing a lock one at a time, in the order they were queued
        lock = f"webhook:telegram:{CHAT}"
        assert locks == [lock, lock, "webhook:telegram:606060"]
        assert keys == [str(CHAT), str(CHAT), "606060"]  # kept for a replay


# How customers open a chat when a post sends many at once: four quick messages each.
FLOOD_TURNS = [
    ["Здравствуйте", "хотим бота для отдела продаж", "у нас 12 менеджеров", "сколько стоит?"],
    ["/start", "Нужен юрист для проверки договоров", "юристов трое", "облако подойдёт"],
    ["добрый день", "интересует аналитика по продажам", "человек 40", "интеграция с 1С и амо"],
]


class TestFlood:
    async def test_200_updates_from_50_chats_answered_in_order_and_within_the_limits(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        fake: FakeTelegram,
        settings: Settings,
        database: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        limits = _configured(settings, fake)  # Telegram's own: 1 s a chat, 30 a second
        pacer = channel_pacer(limits.channel_pacing_max_wait_seconds, database=lambda: database)
        # When the pacer lets each message go, by this event loop's clock: the fake stamps
        # arrivals in its own thread, late by up to a second when both cores are busy (seen in
        # CI), which made gaps between two stamps look shorter than the pacer kept them.
        released: list[tuple[str, float]] = []
        paced = pacer.turn

        async def turn_noted(lanes: Sequence[Lane]) -> None:
            await paced(lanes)
            chat_lane = next(lane.key for lane in lanes if lane.key.startswith("telegram:chat:"))
            released.append((chat_lane.rsplit(":", 1)[1], time.monotonic()))

        monkeypatch.setattr(pacer, "turn", turn_noted)
        channel = TelegramChannel(limits, pacer=pacer)
        app.state.runtime.channels.add(channel)
        fake.calls.clear()
        chats = [760000 + n for n in range(50)]
        for turn in range(4):
            for number, chat in enumerate(chats):
                update = _message(FLOOD_TURNS[number % len(FLOOD_TURNS)][turn])
                update["update_id"] = 960000000 + turn * 100 + number
                update["message"]["message_id"] = turn  # type: ignore[index]
                update["message"]["chat"]["id"] = chat  # type: ignore[index]
                update["message"]["from"]["id"] = chat  # type: ignore[index]
                posted = await client.post(
                    "/api/v1/webhooks/telegram", json=update, headers=HEADERS
                )
                assert posted.status_code == 200
        workers = settings.model_copy(update={"worker_concurrency": 10})
        deadline = time.monotonic() + 240
        while await _undelivered(database) and time.monotonic() < deadline:
            await drain(workers, rounds=1)
        await channel.close()
        assert await _undelivered(database) == 0

        async with database.transaction() as session:
            rows = (
                await session.execute(
                    select(
                        Conversation.external_chat_id,
                        Message.author,
                        Message.channel_message_id,
                        Message.external_message_id,
                    )
                    .join(Conversation, Conversation.id == Message.conversation_id)
                    .where(Conversation.channel == "telegram")
                    .order_by(Message.seq)
                )
            ).all()
        for chat in chats:
            mine = [row for row in rows if row.external_chat_id == str(chat)]
            asked = [row.channel_message_id for row in mine if row.author == "customer"]
            assert asked == [f"{chat}:{turn}" for turn in range(4)]  # stored in the order sent
            answered = [int(row.external_message_id) for row in mine if row.author != "customer"]
            assert answered and answered == sorted(answered), chat  # delivered in order

        sends = fake.sent()
        assert {int(call.params["chat_id"]) for call in sends} == set(chats)
        assert len(released) >= len(sends)  # every send went through the pacer
        for chat in chats:
            moments = [at for key, at in released if key == str(chat)]
            gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
            # a second apart by the database's clock; a wake-up can be late by a busy loop's
            # tick; unpaced sends would go hundredths apart
            assert min(gaps, default=1.0) >= 0.75, (chat, gaps)
        moments = sorted(at for _, at in released)
        busiest = max(sum(1 for other in moments if 0 <= other - at < 1.0) for at in moments)
        assert busiest <= 31  # 30 a second (a window's two ends may each catch one)


async def _undelivered(database: Database) -> int:
    async with database.transaction() as session:
        count = await session.scalar(
            text(
                "SELECT count(*) FROM messages WHERE channel = 'telegram' AND author <> 'customer'"
                " AND delivery_status IN ('pending', 'failed')"
            )
        )
        jobs = await session.scalar(
            text("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")
        )
    return int(count or 0) + int(jobs or 0)


class TestTheWholeFunnel:
    async def test_from_start_to_an_offer_pdf_received_in_the_chat(
        self,
        bot: Scene,
    ) -> None:
        turns = [
            "/start",
            "Нужен ИИ-Юрист: 5 юристов, без интеграций, облако, SLA обычный",
            "всё верно",
            "Пришлите, пожалуйста, коммерческое предложение",
        ]
        await _post(bot.client, bot.settings, turns[:-1], first_id=910000100)
        # the offer's words go out, its PDF does not: the retry sends only the PDF
        bot.fake.fail_next(502, "Bad Gateway", method="sendDocument")
        await _post(bot.client, bot.settings, turns[-1:], first_id=910000200)
        texts = [call.params["text"] for call in bot.fake.sent()]
        assert any("Готов расчёт для ИИ-Юрист" in text for text in texts)
        assert len(texts) == len(set(texts))  # nothing said twice
        failed, document = bot.fake.sent("sendDocument")
        [(name, content)] = document.files.values()
        assert [n for n, _ in failed.files.values()] == [name]  # the same file, again
        assert name.startswith("Коммерческое предложение") and name.endswith(".pdf")
        assert content.startswith(b"%PDF")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
OGG = b"OggS\x00\x02" + b"\x00" * 100 + b"OpusHead"
EXE = b"MZ\x90\x00" + b"\x00" * 100


def _with_file(update_id: int, **content: object) -> dict[str, object]:
    update = _message(**content)
    update["update_id"] = update_id
    update["message"]["message_id"] = update_id % 1000  # type: ignore[index]
    return update


async def _customer_messages(database: Database) -> list[Message]:
    async with database.transaction() as session:
        rows = await session.scalars(
            select(Message).where(Message.author == "customer").order_by(Message.seq)
        )
        return list(rows)


class TestFilesIn:
    async def test_a_photo_a_document_and_a_voice_are_kept_as_attachments(
        self,
        bot: Scene,
    ) -> None:
        bot.fake.files.update(
            {
                "AgACphoto-big": ("photos/file_7.jpg", JPEG),
                "BQACdoc": ("documents/file_8.pdf", PDF),
                "AwACvoice": ("voice/file_9.oga", OGG),
            }
        )
        photo = _with_file(
            940000001,
            caption="вот так сейчас выглядит наш прайс",
            photo=[
                {"file_id": "AgACphoto-small", "file_unique_id": "s", "width": 90, "height": 60},
                {"file_id": "AgACphoto-big", "file_unique_id": "b", "width": 1280, "height": 853},
            ],
        )
        document = _with_file(
            940000002,
            document={
                "file_id": "BQACdoc",
                "file_unique_id": "d",
                "file_name": "ТЗ на бота.pdf",
                "mime_type": "application/pdf",
                "file_size": len(PDF),
            },
        )
        voice = _with_file(
            940000003,
            voice={
                "file_id": "AwACvoice",
                "file_unique_id": "v",
                "duration": 4,
                "mime_type": "audio/ogg",
                "file_size": len(OGG),
            },
        )
        for update in (photo, document, voice):
            posted = await bot.client.post(
                "/api/v1/webhooks/telegram", json=update, headers=HEADERS
            )
            assert posted.status_code == 200
        await drain(bot.settings, rounds=8)  # one chat's events run one after another
        kept = [
            [(a["name"], a["content_type"], a["size"]) for a in m.attachments]
            for m in await _customer_messages(bot.database)
        ]
        assert kept == [
            [("Фото.jpg", "image/jpeg", len(JPEG))],
            [("ТЗ на бота.pdf", "application/pdf", len(PDF))],
            [("Голосовое сообщение.ogg", "audio/ogg", len(OGG))],
        ]
        assert [c.params["file_id"] for c in bot.fake.sent("getFile")] == [
            "AgACphoto-big",  # the largest size of the photo
            "BQACdoc",
            "AwACvoice",
        ]
        replies = [c.params["text"] for c in bot.fake.sent()]
        assert not any("не сохранён" in r for r in replies)
        # a file without words is acknowledged; a voice message too, with a word on reading
        assert sum("файл получил" in r for r in replies) == 1, replies
        assert sum("голосовое сохранено" in r for r in replies) == 1, replies

    async def test_a_file_past_the_limits_is_refused_politely_and_the_words_kept(
        self,
        bot: Scene,
    ) -> None:
        bot.fake.files["BQACexe"] = ("documents/file_10.exe", EXE)
        too_big = _with_file(
            940000011,
            caption="это наша база клиентов",
            document={
                "file_id": "BQAChuge",
                "file_unique_id": "h",
                "file_name": "клиенты.pdf",
                "file_size": bot.settings.max_attachment_bytes + 1,
            },
        )
        program = _with_file(
            940000012,
            document={"file_id": "BQACexe", "file_unique_id": "e", "file_name": "setup.exe"},
        )
        for update in (too_big, program):
            await bot.client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        await drain(bot.settings, rounds=8)
        first, second = await _customer_messages(bot.database)
        assert first.readable_text == "это наша база клиентов" and first.attachments == []
        assert second.attachments == []
        assert [c.params["file_id"] for c in bot.fake.sent("getFile")] == [
            "BQACexe"
        ]  # not the huge
        notes = [c.params["text"] for c in bot.fake.sent() if "не сохранён" in c.params["text"]]
        assert len(notes) == 2
        assert "«клиенты.pdf»" in notes[0] and "не более 10 МБ" in notes[0]
        assert "«setup.exe»" in notes[1] and "PDF" in notes[1]


class TestManagers:
    async def test_a_take_over_and_a_managers_reply_reach_the_chat(
        self,
        bot: Scene,
    ) -> None:
        await _post(bot.client, bot.settings, ["/start"], first_id=930000100)
        conversation = await _conversation(bot.database)
        email, password = await create_user(bot.database)
        manager = {"Authorization": f"Bearer {await login(bot.client, email, password)}"}
        taken = await bot.client.post(
            f"/api/v1/conversations/{conversation.id}/takeover", headers=manager
        )
        assert taken.status_code < 300, taken.text
        reply = await bot.client.post(
            f"/api/v1/conversations/{conversation.id}/messages",
            json={"text": "Здравствуйте! Я Ольга, менеджер. Чем помочь?"},
            headers=manager,
        )
        assert reply.status_code < 300, reply.text
        await drain(bot.settings, rounds=3)
        texts = [
            call.params["text"] for call in bot.fake.sent() if call.params["chat_id"] == str(CHAT)
        ]
        assert texts[-1] == "Здравствуйте! Я Ольга, менеджер. Чем помочь?"
        # while she has it the bot keeps quiet; released, it answers again
        await _post(bot.client, bot.settings, ["Нужен ИИ-Юрист"], first_id=930000200)
        assert len(bot.fake.sent()) == len(texts)
        released = await bot.client.post(
            f"/api/v1/conversations/{conversation.id}/release", headers=manager
        )
        assert released.status_code < 300, released.text
        await _post(bot.client, bot.settings, ["юристов у нас пятеро"], first_id=930000300)
        assert len(bot.fake.sent()) > len(texts)


class TestSharePhone:
    async def test_asking_for_a_phone_offers_a_button_that_shares_it(
        self, bot: Scene, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A booked call needs a number: the assistant asks, with Telegram's button."""
        monkeypatch.setattr(booking_service, "utcnow", lambda: TUESDAY)
        monkeypatch.setattr(booking_dialog, "utcnow", lambda: TUESDAY)
        await _post(
            bot.client,
            bot.settings,
            ["Хочу записаться на консультацию в четверг в 11"],
            first_id=935000100,
        )
        [asking] = [c for c in bot.fake.sent() if "телефон" in c.params["text"]]
        markup = asking.params["reply_markup"]
        [[button]] = markup["keyboard"]
        assert button["request_contact"] is True and button["text"]
        assert markup["one_time_keyboard"] is True  # gone once pressed
        contact = _message(
            contact={"phone_number": "79161234567", "first_name": "Анна", "user_id": CHAT}
        )
        contact["update_id"] = 935000200
        await bot.client.post("/api/v1/webhooks/telegram", json=contact, headers=HEADERS)
        await drain(bot.settings, rounds=4)
        state = DialogState.load((await _conversation(bot.database)).state)
        assert state.contact_saved
        later = bot.fake.sent()[bot.fake.sent().index(asking) + 1 :]
        assert later and not any("keyboard" in c.params.get("reply_markup", {}) for c in later)


TUESDAY = datetime(2026, 12, 8, 14, 20, tzinfo=ZoneInfo("Europe/Moscow"))
TEAM = -1001234567890  # the managers' supergroup


def _team_press(data: str, *, chat: int = TEAM) -> dict[str, object]:
    """A manager pressed a button of the bot's post in the managers' group."""
    return {
        "update_id": 938000900,
        "callback_query": {
            "id": "team-press-1",
            "chat_instance": "-5512345678901234567",
            "from": {"id": 5550001, "is_bot": False, "first_name": "Ольга"},
            "data": data,
            "message": {
                "message_id": 77,
                "date": 1788000100,
                "chat": {"id": chat, "type": "supergroup", "title": "Продажи"},
                "text": "Клиент просит менеджера",
            },
        },
    }


class TestManagersGroup:
    @pytest.fixture
    def team(self, bot: Scene) -> Scene:
        bot.channel.settings = bot.channel.settings.model_copy(
            update={
                "telegram_managers_chat_id": TEAM,
                "telegram_group_seconds_between": 0.05,  # quick here; 3 s by default
                "public_url": "https://bot.example.ru",
            }
        )
        return bot

    async def test_a_hand_off_is_posted_and_a_press_there_takes_the_conversation(
        self,
        team: Scene,
    ) -> None:
        turns = ["Нужен ИИ-Юрист, юристов 5", "Позовите, пожалуйста, живого менеджера"]
        await _post(team.client, team.settings, turns, first_id=938000100)
        conversation = await _conversation(team.database)
        posts = [c for c in team.fake.sent() if c.params["chat_id"] == str(TEAM)]
        lead, handoff = posts  # the lead when it appeared, then the call for a person
        assert "Новый лид" in lead.params["text"] and "ИИ-Юрист" in lead.params["text"]
        assert "просит менеджера" in handoff.params["text"]
        link = f"https://bot.example.ru/app/inbox?c={conversation.id}"
        assert all(link in post.params["text"] for post in posts)
        [[button]] = handoff.params["reply_markup"]["inline_keyboard"]
        assert button == {"text": "Взять диалог", "callback_data": f"takeover:{conversation.id}"}

        await team.client.post(
            "/api/v1/webhooks/telegram", json=_team_press(button["callback_data"]), headers=HEADERS
        )
        await drain(team.settings, rounds=3)
        async with team.database.transaction() as session:
            taken = await session.get_one(Conversation, conversation.id)
            actor = await session.scalar(
                text(
                    "SELECT actor FROM conversation_events WHERE kind = 'takeover' "
                    "AND conversation_id = :id"
                ),
                {"id": conversation.id},
            )
        assert taken.owner == "human" and actor == "telegram:5550001"
        [answer] = team.fake.sent("answerCallbackQuery")
        assert answer.params["callback_query_id"] == "team-press-1"
        assert "ваш" in answer.params["text"]
        [edit] = team.fake.sent("editMessageReplyMarkup")
        assert edit.params["chat_id"] == str(TEAM)  # the button is gone for the others
        told = team.fake.sent()[-1]  # the group is told who took it
        assert told.params["chat_id"] == str(TEAM) and "Ольга взял(а) диалог" in told.params["text"]
        # a second press, by anyone, finds it taken
        second = _team_press(button["callback_data"])
        second["update_id"] = 938000901
        second["callback_query"]["id"] = "team-press-2"  # type: ignore[index]
        await team.client.post("/api/v1/webhooks/telegram", json=second, headers=HEADERS)
        await drain(team.settings, rounds=3)
        assert "уже взял(а) Ольга" in team.fake.sent("answerCallbackQuery")[-1].params["text"]

    async def test_a_press_from_another_group_changes_nothing(
        self,
        team: Scene,
    ) -> None:
        await _post(team.client, team.settings, ["Здравствуйте"], first_id=938000300)
        conversation = await _conversation(team.database)
        press = _team_press(f"takeover:{conversation.id}", chat=-100999)
        await team.client.post("/api/v1/webhooks/telegram", json=press, headers=HEADERS)
        await drain(team.settings, rounds=3)
        assert (await _conversation(team.database)).owner == "bot"


class TestTheDashboard:
    async def test_telegram_conversations_show_in_the_inbox_leads_and_analytics(
        self,
        client: httpx.AsyncClient,
        served: TelegramChannel,
        settings: Settings,
        database: Database,
    ) -> None:
        turns = ["Нужен ИИ-Аналитик, пользоваться будут 40 человек", "Позовите менеджера"]
        await _post(client, settings, turns, first_id=939000100)
        email, password = await create_user(database)
        manager = {"Authorization": f"Bearer {await login(client, email, password)}"}
        inbox = await client.get("/api/v1/conversations?channel=telegram", headers=manager)
        [item] = inbox.json()
        assert item["channel"] == "telegram" and item["handoff_requested"] is True
        opened = await client.get(f"/api/v1/conversations/{item['id']}", headers=manager)
        assert [m["text"] for m in opened.json()["messages"] if m["author"] == "customer"] == turns
        [lead] = (await client.get("/api/v1/leads", headers=manager)).json()
        assert lead["channel"] == "telegram"
        summary = await client.get("/api/v1/analytics/summary", headers=manager)
        rows = {row["channel"]: row for row in summary.json()["channels"]}
        assert rows["telegram"]["conversations"] == 1 and rows["telegram"]["leads"] == 1
        served_here = (await client.get("/api/v1/channels", headers=manager)).json()
        assert {"name": "telegram", "label": "Telegram"}.items() <= next(
            c for c in served_here if c["name"] == "telegram"
        ).items()  # the dashboard's badge and filter read the name from here


class TestCommands:
    async def test_help_lists_the_commands_and_reset_forgets_the_brief(
        self,
        bot: Scene,
    ) -> None:
        turns = ["Нужен ИИ-Аналитик на 40 человек", "/help", "/reset"]
        await _post(bot.client, bot.settings, turns, first_id=920000200)
        texts = [call.params["text"] for call in bot.fake.sent()]
        assert any("/manager — позвать менеджера" in t for t in texts)
        reset = next(i for i, t in enumerate(texts) if "начнём сначала" in t)
        assert any(t.startswith("Здравствуйте") for t in texts[reset + 1 :])  # greeted again
        state = DialogState.load((await _conversation(bot.database)).state)
        assert state.product is None and state.brief.users is None


class TestBlockedBot:
    async def test_a_blocked_bot_closes_the_conversation_and_stops_its_deliveries(
        self,
        bot: Scene,
    ) -> None:
        blocked = 515151
        bot.fake.blocked.add(blocked)
        update = _message("Нужен ИИ-Юрист для проверки договоров")
        update["message"]["chat"]["id"] = blocked  # type: ignore[index]
        await bot.client.post("/api/v1/webhooks/telegram", json=update, headers=HEADERS)
        await drain(bot.settings, rounds=4)
        conversation = await _conversation(bot.database, blocked)
        async with bot.database.transaction() as session:
            statuses = set(
                await session.scalars(
                    select(Message.delivery_status).where(
                        Message.conversation_id == conversation.id, Message.author == "bot"
                    )
                )
            )
        assert conversation.closed_at is not None and conversation.close_reason == "chat_closed"
        assert conversation.owner == "closed"
        assert statuses == {"dead"}  # every reply given up, none retried
        assert len(bot.fake.sent()) == 1  # one try: after it nothing more is sent to that chat


class TestButtonPresses:
    async def test_a_press_is_answered_and_its_keyboard_removed(
        self, telegram: TelegramChannel, fake: FakeTelegram
    ) -> None:
        press = _press("облако")
        await telegram.acknowledge(press)
        [answer] = fake.sent("answerCallbackQuery")
        assert answer.params["callback_query_id"] == "777"
        [edit] = fake.sent("editMessageReplyMarkup")
        assert edit.params["chat_id"] == str(CHAT) and edit.params["message_id"] == "44"
        await telegram.acknowledge(_message("просто текст"))  # a message: the bot is typing
        [typing] = fake.sent("sendChatAction")
        assert typing.params == {"chat_id": str(CHAT), "action": "typing"}
        group = _message("всем привет")
        group["message"]["chat"]["type"] = "group"  # type: ignore[index]
        await telegram.acknowledge(group)  # not a customer: nothing
        assert len(fake.calls) == 3


class TestWebhookCommands:
    def test_set_webhook_registers_the_url_with_a_secret_the_adapter_accepts(
        self, fake: FakeTelegram, settings: Settings
    ) -> None:
        from typer.testing import CliRunner

        from salesbot.cli import app as cli

        configured = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(TOKEN),
                "telegram_api_base": fake.origin,
                "telegram_webhook_url": "https://bot.example.ru/api/v1/webhooks/telegram",
            }
        )
        use_settings(configured)
        result = CliRunner().invoke(cli, ["telegram", "set-webhook"])
        assert result.exit_code == 0, result.output
        assert fake.webhook["url"] == "https://bot.example.ru/api/v1/webhooks/telegram"
        assert fake.webhook["allowed_updates"] == ["message", "callback_query"]
        secret = fake.webhook["secret_token"]
        TelegramChannel(configured).verify({"x-telegram-bot-api-secret-token": secret}, None)
        assert CliRunner().invoke(cli, ["telegram", "delete-webhook"]).exit_code == 0
        assert fake.webhook == {}

        use_settings(configured.model_copy(update={"telegram_webhook_url": None}))
        missing = CliRunner().invoke(cli, ["telegram", "set-webhook"])
        assert missing.exit_code == 1 and "TELEGRAM_WEBHOOK_URL" in missing.output
        use_settings(settings)


class TestIntegrationBoard:
    async def test_the_bot_is_probed_with_get_me(
        self, fake: FakeTelegram, settings: Settings, database: Database
    ) -> None:
        from salesbot.integrations.base import ProbeContext, ProbeFailed
        from salesbot.integrations.telegram import TelegramBot

        bot = TelegramBot()
        assert not bot.configured(settings)
        configured = settings.model_copy(
            update={"telegram_bot_token": SecretStr(TOKEN), "telegram_api_base": fake.origin}
        )
        assert bot.configured(configured)
        await bot.probe(ProbeContext(configured, database, None))
        assert fake.sent("getMe")
        wrong = configured.model_copy(update={"telegram_bot_token": SecretStr("1:wrong")})
        with pytest.raises(ProbeFailed, match="Unauthorized"):
            await bot.probe(ProbeContext(wrong, database, None))
        assert TOKEN not in str(bot.details(configured))  # no secret on the board


class TestPolling:
    async def test_fetched_updates_go_through_the_ledger_once(
        self, fake: FakeTelegram, telegram: TelegramChannel, database: Database, clean_db: None
    ) -> None:
        from salesbot.channels.telegram.polling import poll_once

        fake.webhook = {"url": "https://bot.example.ru/api/v1/webhooks/telegram"}
        await telegram.delete_webhook()  # poll() does this first: Telegram refuses otherwise
        first, second = _message("Здравствуйте"), _message("Нужен ИИ-Юрист")
        second["update_id"] = 900000002
        fake.pending = [first, second]
        offset, new = await poll_once(telegram, database, None, wait=0)
        assert (offset, new) == (900000003, 2)
        _, repeated = await poll_once(telegram, database, None, wait=0)  # the offset lost
        assert repeated == 0  # the ledger knows them
        offset, new = await poll_once(telegram, database, offset, wait=0)
        assert new == 0 and fake.pending == []  # the offset confirmed them
        async with database.transaction() as session:
            payloads = list(
                await session.scalars(
                    text("SELECT payload FROM webhook_events WHERE provider = 'telegram'")
                )
            )
        assert len(payloads) == 2
        parsed = [telegram.parse(payload)[0] for payload in payloads]  # as the job will
        assert {p.text for p in parsed} == {"Здравствуйте", "Нужен ИИ-Юрист"}
        assert all(p.external_user_id == str(CHAT) for p in parsed)


@pytest.fixture(scope="module")
def yookassa() -> Iterator[FakeYooKassa]:
    server = FakeYooKassa().start()
    yield server
    server.stop()


class TestToAPaidLead:
    """From "Здравствуйте" to a booked call and a paid order, all in Telegram."""

    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path, yookassa: FakeYooKassa) -> Settings:
        yookassa.reset()
        return process_settings(
            database_url,
            tmp_path,
            job_retry_base_seconds=0.05,
            working_hours="10:00-19:00",
            yookassa_shop_id=YOOKASSA_SHOP,
            yookassa_secret_key=SecretStr(YOOKASSA_SECRET),
            yookassa_api_base=yookassa.origin,
        )

    async def test_from_hello_to_a_booked_call_and_a_paid_lead(
        self,
        bot: Scene,
        yookassa: FakeYooKassa,
        app: FastAPI,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(booking_service, "utcnow", lambda: TUESDAY)
        monkeypatch.setattr(booking_dialog, "utcnow", lambda: TUESDAY)
        said = [
            "Здравствуйте!",
            "Нужен ИИ-Менеджер для отдела продаж",
            "у нас 30 менеджеров",
            "интеграция с амо и 1С",
            "облако",
            "стандартный sla",
            "Всё верно",
            "Хочу созвониться с менеджером",
        ]
        await _post(bot.client, bot.settings, said, first_id=936000100)
        texts = [c.params["text"] for c in bot.fake.sent()]
        assert any("рекомендуем" in t for t in texts)  # the quote
        offer = next(c for c in bot.fake.sent() if "Ближайшее свободное время" in c.params["text"])
        slot = offer.params["reply_markup"]["inline_keyboard"][0][0]
        press = _press(slot["callback_data"], query_id="funnel-1")
        press["update_id"] = 936000200
        await bot.client.post("/api/v1/webhooks/telegram", json=press, headers=HEADERS)
        await drain(bot.settings, rounds=4)
        assert any("записал вас на консультацию" in c.params["text"] for c in bot.fake.sent())

        await _post(bot.client, bot.settings, ["Хочу оплатить"], first_id=936000300)
        [link] = re.findall(r"https?://\S+", bot.fake.sent()[-1].params["text"])
        [payment] = list(yookassa.payments)
        assert link.startswith(yookassa.origin)
        yookassa.succeed(payment)
        transport = httpx.ASGITransport(app=app, client=(YOOKASSA_IP, 443))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as ykassa:
            notice = yookassa.notification(payment, "payment.succeeded")
            posted = await ykassa.post("/api/v1/webhooks/yookassa", json=notice)
        assert posted.status_code == 200
        await drain(bot.settings, rounds=4)
        assert "Оплата получена" in bot.fake.sent()[-1].params["text"]
        async with bot.database.transaction() as session:
            lead = (await session.execute(select(Lead))).scalar_one()
        assert lead.status == "won" and lead.source == "telegram"
