"""Telegram as a channel adapter, on aiogram 3: replies go out through the Bot API (text in
parts of 4,096 characters, quick replies as an inline keyboard), and updates arrive as
webhooks checked by the secret token Telegram sends back."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.base import (
    Capabilities,
    ChatClosedError,
    ChatRef,
    FileRefused,
    Outbound,
    OutboundFile,
    Part,
    PermanentDeliveryError,
    RetryableDeliveryError,
    send_parts,
)
from salesbot.channels.pacing import Lane, SendPacer
from salesbot.channels.split import split_text
from salesbot.channels.telegram.setup import ALLOWED_UPDATES, webhook_secret, webhook_url
from salesbot.channels.telegram.team import handle_team_press
from salesbot.channels.telegram.text import MAX_TEXT, as_html, callback_data
from salesbot.channels.telegram.updates import chat_of, event_id, parse_update
from salesbot.conversations.types import Button, InboundMessage, RemoteFile
from salesbot.models import Channel
from salesbot.security.webhook_secrets import require_secret
from salesbot.settings import Settings

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
_NOT_HANDED_OVER = "Telegram не отдал этот файл. Пришлите его, пожалуйста, ещё раз."


@dataclass
class TelegramChannel:
    settings: Settings
    name: str = Channel.telegram.value
    label: str = "Telegram"
    label_en: str = "Telegram"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(
            buttons=True, files=True, markdown=True, max_text_length=MAX_TEXT, typing=True
        )
    )
    delivered_on_store: bool = False
    # Keeps every worker's sends within Telegram's limits; None sends at once (unit tests).
    pacer: SendPacer | None = None
    # One Bot (and its HTTP session) per event loop: the web process and the worker each
    # run their own loop.
    _bots: dict[int, Bot] = field(default_factory=dict, repr=False)

    def bot(self) -> Bot:
        loop = id(asyncio.get_running_loop())
        if loop not in self._bots:
            token = self.settings.telegram_bot_token
            assert token is not None, "TELEGRAM_BOT_TOKEN is not set"
            session = AiohttpSession(
                api=TelegramAPIServer.from_base(self.settings.telegram_api_base),
                timeout=self.settings.telegram_timeout_seconds,
            )
            self._bots[loop] = Bot(token=token.get_secret_value(), session=session)
        return self._bots[loop]

    async def close(self) -> None:
        bots, self._bots = list(self._bots.values()), {}
        for bot in bots:
            await bot.session.close()

    # --- out ---------------------------------------------------------------------------------
    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        """Each part of the text as a message (the keyboard goes with the last part), then
        each file as a document; the parts an earlier attempt delivered are skipped. Returns
        the Bot API id of the last message sent."""
        texts = split_text(outbound.text, MAX_TEXT)  # none for a file sent without words
        keyboard = _keyboard(outbound.buttons) or _contact_keyboard(outbound.contact_button)
        calls: list[Part] = [
            partial(self._send_text, chat, text, keyboard if number == len(texts) else None)
            for number, text in enumerate(texts, start=1)
        ]
        calls += [partial(self._send_file, chat, file) for file in outbound.files]
        parts = [partial(self._paced, chat, call) for call in calls]
        sent = await send_parts(parts, outbound.parts_delivered)
        logger.bind(channel=self.name, parts=len(parts), message_id=str(outbound.message_id)).info(
            "telegram message sent"
        )
        return sent

    async def _paced(self, chat: ChatRef, call: Part) -> str:
        await self._pace(chat)
        return await call()

    async def _pace(self, chat: ChatRef) -> None:
        """Telegram's limits: about one message a second in a chat (20 a minute in a
        group), 30 a second for the bot as a whole."""
        if self.pacer is None:
            return
        settings = self.settings
        group = chat.external_chat_id.startswith("-")  # groups have negative ids
        per_chat = (
            settings.telegram_group_seconds_between
            if group
            else settings.telegram_chat_seconds_between
        )
        await self.pacer.turn(
            [
                Lane(f"telegram:chat:{chat.external_chat_id}", per_chat),
                Lane("telegram:bot", 1 / settings.telegram_messages_per_second),
            ]
        )

    async def _send_file(self, chat: ChatRef, file: OutboundFile) -> str:
        """The offer, the contract, the invoice: a document, uploaded."""
        return await self._call(
            self.bot().send_document(
                chat_id=int(chat.external_chat_id),
                document=FSInputFile(file.path, filename=file.name),
            )
        )

    async def _send_text(
        self, chat: ChatRef, text: str, markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None
    ) -> str:
        chat_id = int(chat.external_chat_id)
        try:
            return await self._call(
                self.bot().send_message(
                    chat_id=chat_id, text=as_html(text), parse_mode="HTML", reply_markup=markup
                )
            )
        except PermanentDeliveryError as error:
            if "can't parse entities" not in str(error):
                raise
            # the markup was refused: the same words, as plain text
            return await self._call(
                self.bot().send_message(chat_id=chat_id, text=text, reply_markup=markup)
            )

    async def _call(self, request: Awaitable[Message]) -> str:
        """One Bot API call; its errors as the outbox's delivery errors."""
        try:
            message = await request
        except TelegramRetryAfter as error:
            raise RetryableDeliveryError(
                "Telegram просит подождать перед следующим сообщением.",
                retry_after=float(error.retry_after),
            ) from error
        except TelegramForbiddenError as error:
            if re.search(r"blocked|deactivated|kicked", error.message):
                raise ChatClosedError(f"Клиент закрыл чат с ботом: {error.message}") from error
            raise PermanentDeliveryError(
                f"Telegram не доставит сообщение: {error.message}"
            ) from error
        except (TelegramBadRequest, TelegramUnauthorizedError, TelegramNotFound) as error:
            raise PermanentDeliveryError(f"Telegram отклонил сообщение: {error.message}") from error
        except (TelegramServerError, TelegramNetworkError) as error:
            raise RetryableDeliveryError(f"Telegram недоступен: {error.message}") from error
        return str(message.message_id)

    # --- the managers' group ---------------------------------------------------------------------
    async def handle_other(self, session: AsyncSession, payload: dict[str, Any]) -> None:
        """What is no customer's message: a press of "Взять диалог" in the managers' group."""
        await handle_team_press(self, session, payload)

    async def confirm_press(
        self, query_id: str, answer: str, chat_id: int, message_id: int
    ) -> None:
        """Answer a press with a short note and take the button away from the post."""
        bot = self.bot()
        await bot.answer_callback_query(callback_query_id=query_id, text=answer[:200])
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=None
        )

    # --- files customers send ------------------------------------------------------------------
    async def download(self, file: RemoteFile) -> bytes:
        """getFile, then the file's bytes. Telegram hands bots files up to 20 MB."""
        bot = self.bot()
        try:
            found = await bot.get_file(file.ref)
            content = await bot.download_file(found.file_path) if found.file_path else None
        except TelegramBadRequest as error:
            if "too big" in error.message:
                raise FileRefused(
                    "Файл слишком большой: Telegram отдаёт ботам файлы не больше 20 МБ."
                ) from error
            raise FileRefused(_NOT_HANDED_OVER) from error
        if content is None:
            raise FileRefused(_NOT_HANDED_OVER)
        return content.read()

    # --- the webhook -------------------------------------------------------------------------
    async def set_webhook(self) -> str:
        """Register TELEGRAM_WEBHOOK_URL with the secret token and the updates we read."""
        url = webhook_url(self.settings)
        await self.bot().set_webhook(
            url=url, secret_token=webhook_secret(self.settings), allowed_updates=ALLOWED_UPDATES
        )
        return url

    async def delete_webhook(self) -> None:
        await self.bot().delete_webhook()

    # --- in ----------------------------------------------------------------------------------
    def verify(self, headers: Mapping[str, str], secret: str | None) -> None:
        require_secret(
            headers.get(SECRET_HEADER),
            webhook_secret(self.settings),
            refusal="Запрос не от Telegram: секретный токен вебхука не совпадает.",
        )

    def event_id(self, payload: dict[str, Any]) -> str:
        return event_id(payload)

    def order_key(self, payload: dict[str, Any]) -> str | None:
        return chat_of(payload)

    def parse(self, payload: dict[str, Any]) -> list[InboundMessage]:
        return parse_update(payload)

    async def acknowledge(self, payload: dict[str, Any]) -> None:
        """A customer's message is met with "typing…" while its answer is made; a pressed
        button is answered (Telegram shows a spinner until then) and its keyboard taken
        away, so an old choice cannot be pressed again."""
        bot = self.bot()
        message = payload.get("message") or {}
        if (message.get("chat") or {}).get("type") == "private":
            await bot.send_chat_action(chat_id=message["chat"]["id"], action="typing")
        query = payload.get("callback_query")
        if not query or ((query.get("message") or {}).get("chat") or {}).get("type") != "private":
            return  # a press in the managers' group is answered by its own handler
        await bot.answer_callback_query(callback_query_id=str(query["id"]))
        message = query.get("message") or {}
        if message.get("date"):  # an inaccessible (too old) message has date 0
            await bot.edit_message_reply_markup(
                chat_id=message["chat"]["id"], message_id=message["message_id"], reply_markup=None
            )


def _contact_keyboard(label: str | None) -> ReplyKeyboardMarkup | None:
    """One button under the input field that sends the customer's own number (Telegram
    asks them to confirm); hidden once pressed."""
    if not label:
        return None
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=label, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """Quick replies as an inline keyboard, one button a row."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=callback_data(b.payload))]
            for b in buttons
        ]
    )
