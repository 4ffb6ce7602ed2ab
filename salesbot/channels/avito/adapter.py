"""Avito Messenger as a channel adapter: customers write about a listing, Avito posts each
new message to a webhook whose path carries our secret (Avito signs nothing documented), and
replies go out through the messenger API. Avito shows no buttons, so quick replies become
numbered options (a number typed back chooses one), and documents go as signed links."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from loguru import logger

from salesbot.channels.avito.client import TEXT_LIMIT, AvitoClient, listing_of
from salesbot.channels.avito.tokens import DatabaseTokenStore, RedisTokenStore, TokenStore
from salesbot.channels.base import (
    Capabilities,
    ChatRef,
    FileRefused,
    Outbound,
    OutboundFile,
    Part,
    PermanentDeliveryError,
    RetryableDeliveryError,
    send_parts,
)
from salesbot.channels.split import split_text
from salesbot.conversations.types import InboundMessage, RemoteFile, Reply, as_plain_text
from salesbot.db.runtime import get_database
from salesbot.errors import ValidationFailed
from salesbot.integrations.errors import OutsideServiceError
from salesbot.models import Channel
from salesbot.security.webhook_secrets import derived_secret, require_secret
from salesbot.settings import Settings, secret_value


def webhook_secret(settings: Settings) -> str:
    """AVITO_WEBHOOK_SECRET, or one derived from the client secret (the same in every
    process, and changed with it)."""
    given = secret_value(settings.avito_webhook_secret)
    if given:
        return given
    return derived_secret(
        secret_value(settings.avito_client_secret) or "", "salesbot avito webhook"
    )


def webhook_url(settings: Settings) -> str:
    base = settings.public_url.rstrip("/")
    return f"{base}/api/v1/webhooks/avito/messages/{webhook_secret(settings)}"


@dataclass
class AvitoChannel:
    settings: Settings
    store: TokenStore | None = None  # where the token is kept; by REDIS_URL when None
    name: str = Channel.avito.value
    label: str = "Avito"
    label_en: str = "Avito"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(max_text_length=TEXT_LIMIT)
    )
    delivered_on_store: bool = False
    _clients: dict[int, AvitoClient] = field(default_factory=dict, repr=False)

    def client(self) -> AvitoClient:
        """One client (and HTTP connection pool) per event loop."""
        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            store = self.store or (
                RedisTokenStore(self.settings.redis_url)
                if self.settings.redis_url
                else DatabaseTokenStore(get_database)
            )
            self._clients[loop] = AvitoClient(self.settings, store)
        return self._clients[loop]

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.close()

    # --- out ---------------------------------------------------------------------------------
    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        """The text (numbered options, the documents' links) in parts of 1,000 characters,
        then each image, uploaded and sent as an image; the parts an earlier attempt
        delivered are skipped."""
        images = [f for f in outbound.files if f.content_type.startswith("image/")]
        client = self.client()
        # one try each here: the outbox retries with back-off (MAX_RETRIES)
        calls: list[Part] = [
            partial(client.send_text, chat.external_chat_id, text, retries=0)
            for text in split_text(self._text(outbound, images), TEXT_LIMIT)
        ]
        calls += [
            partial(client.send_image, chat.external_chat_id, image.name, image.path, retries=0)
            for image in images
        ]
        parts = [partial(_as_delivery, call) for call in calls]
        sent = await send_parts(parts, outbound.parts_delivered)
        logger.bind(channel=self.name, parts=len(parts), message_id=str(outbound.message_id)).info(
            "avito message sent"
        )
        return sent

    def _text(self, outbound: Outbound, images: list[OutboundFile]) -> str:
        """Options numbered (a number typed back chooses one), and each document that does
        not go as an image as its signed link, made absolute with PUBLIC_URL."""
        text = as_plain_text(Reply(outbound.text, outbound.buttons))
        base = self.settings.public_url.rstrip("/")
        shown = {image.name for image in images}
        links = [
            f"{a.name}: {base + a.url if a.url.startswith('/') else a.url}"
            for a in outbound.attachments
            if a.url and a.name not in shown
        ]
        return "\n\n".join([text, *links]) if links else text

    # --- in ----------------------------------------------------------------------------------
    def verify(self, headers: Mapping[str, str], secret: str | None) -> None:
        require_secret(
            secret,
            webhook_secret(self.settings),
            refusal="Запрос не от Avito: секрет в адресе вебхука не совпадает.",
        )

    def event_id(self, payload: dict[str, Any]) -> str:
        message_id = _value(payload).get("id")
        if not message_id:
            raise ValidationFailed(
                "В уведомлении Avito нет id сообщения.", code="avito_event_invalid"
            )
        return str(message_id)

    def order_key(self, payload: dict[str, Any]) -> str | None:
        chat_id = _value(payload).get("chat_id")
        return str(chat_id) if chat_id else None

    def parse(self, payload: dict[str, Any]) -> list[InboundMessage]:
        """A customer's text message. The account's own messages come back too (Avito echoes
        what we send), and Avito's system messages are no customer's words: both skipped."""
        value = _value(payload)
        if (payload.get("payload") or {}).get("type") != "message" or not value.get("chat_id"):
            return []
        if value.get("author_id") == value.get("user_id") or value.get("type") == "system":
            return []
        content = value.get("content") or {}
        text = str(content.get("text") or "").strip()
        files = _image(content) if value.get("type") == "image" else ()
        if not text and not files:
            logger.bind(channel=self.name, kind=value.get("type")).info(
                "avito message of a kind the assistant does not read yet"
            )
            return []
        metadata: dict[str, Any] = {"chat_type": value.get("chat_type")}
        if value.get("item_id"):
            metadata["item_id"] = int(value["item_id"])
        created = value.get("created")
        return [
            InboundMessage(
                channel=Channel.avito,
                external_chat_id=str(value["chat_id"]),
                external_user_id=str(value.get("author_id")),
                text=text,
                channel_message_id=str(value["id"]),
                metadata=metadata,
                sent_at=datetime.fromtimestamp(created, UTC) if isinstance(created, int) else None,
                files=files,
            )
        ]

    async def download(self, file: RemoteFile) -> bytes:
        """A customer's image, by the link of its largest size."""
        try:
            return await self.client().download(file.ref)
        except OutsideServiceError as error:
            if error.retryable:
                raise
            raise FileRefused(
                "Avito не отдал это изображение. Пришлите его, пожалуйста, ещё раз."
            ) from error

    async def chat_context(self, inbound: InboundMessage) -> dict[str, Any] | None:
        """The listing the customer writes about, as the chat's context shows it (the Items
        API's own item info carries no title or price). None for a chat about no listing."""
        if not inbound.metadata.get("item_id"):
            return None
        return listing_of(await self.client().chat(inbound.external_chat_id))

    async def acknowledge(self, payload: dict[str, Any]) -> None:
        """The customer's message is marked read, as a person reading it would."""
        value = _value(payload)
        if self.parse(payload):
            await self.client().mark_read(str(value["chat_id"]))


async def _as_delivery(call: Part) -> str:
    """Avito's refusals as the outbox's delivery errors."""
    try:
        return await call()
    except OutsideServiceError as error:
        kind = RetryableDeliveryError if error.retryable else PermanentDeliveryError
        raise kind(str(error)) from error


def _image(content: dict[str, Any]) -> tuple[RemoteFile, ...]:
    """An image message's largest size ("1280x960" over "140x105")."""
    sizes: dict[str, str] = (content.get("image") or {}).get("sizes") or {}

    def area(size: str) -> int:
        width, _, height = size.partition("x")
        return int(width) * int(height) if width.isdigit() and height.isdigit() else 0

    if not sizes:
        return ()
    return (RemoteFile(sizes[max(sizes, key=area)], "Фото.jpg"),)


def _value(payload: dict[str, Any]) -> dict[str, Any]:
    return dict((payload.get("payload") or {}).get("value") or {})
