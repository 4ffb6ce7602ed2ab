"""Telegram updates as customers' messages: text and commands, button presses (callback
queries), a shared contact, photos, documents and voice messages (with their captions).
Only private chats are customers; other updates carry no message for the assistant."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from salesbot.conversations.types import InboundMessage, RemoteFile
from salesbot.errors import ValidationFailed
from salesbot.models import Channel

# "/start lead_4711" (a deep link t.me/<bot>?start=lead_4711), "/help@sales_bot"
_COMMAND = re.compile(r"^/([a-z_]+)(?:@\w+)?(?:\s+(\S.*))?$", re.IGNORECASE | re.DOTALL)
# What a command says to the assistant: /start opens the conversation like a greeting.
COMMAND_TEXT = {"start": "Здравствуйте", "manager": "позовите менеджера"}


def event_id(payload: dict[str, Any]) -> str:
    """The webhook ledger's key: `update_id`, increasing, the same on a replay."""
    update_id = payload.get("update_id")
    if not isinstance(update_id, int):
        raise ValidationFailed(
            "В обновлении Telegram нет update_id.", code="telegram_update_invalid"
        )
    return str(update_id)


def chat_of(payload: dict[str, Any]) -> str | None:
    """The id of the chat an update comes from (a message's, or a pressed button's)."""
    message = payload.get("message") or (payload.get("callback_query") or {}).get("message")
    chat_id = ((message or {}).get("chat") or {}).get("id")
    return str(chat_id) if isinstance(chat_id, int) else None


def parse_update(payload: dict[str, Any]) -> list[InboundMessage]:
    if (message := payload.get("message")) is not None:
        return _from_message(message)
    if (query := payload.get("callback_query")) is not None:
        return _from_callback(query)
    return []  # edits, channel posts, member changes: nothing for the assistant


def _from_message(message: dict[str, Any]) -> list[InboundMessage]:
    chat = message.get("chat") or {}
    if chat.get("type") != "private":
        return []
    metadata: dict[str, Any] = {}
    text = message.get("text") or message.get("caption") or ""
    if command := _COMMAND.match(text):
        name, argument = command.group(1).lower(), command.group(2)
        metadata["command"] = name
        if name == "start" and argument:
            metadata["source"] = argument.strip()[:64]  # the deep link's payload
        text = COMMAND_TEXT.get(name, text)
    if contact := message.get("contact"):
        metadata["contact"] = {"phone": contact.get("phone_number")}
        text = contact.get("phone_number") or text
    files = _files(message)
    return [
        InboundMessage(
            channel=Channel.telegram,
            external_chat_id=str(chat["id"]),
            text=text,
            # message ids count per chat: two customers' first messages share one
            channel_message_id=f"{chat['id']}:{message['message_id']}",
            external_user_id=_user(message),
            metadata=metadata,
            sent_at=_at(message.get("date")),
            files=files,
        )
    ]


def _files(message: dict[str, Any]) -> tuple[RemoteFile, ...]:
    """A photo (its largest size), a document or a voice message: Telegram keeps the file,
    the pipeline downloads it by its id."""
    found = []
    if photo := message.get("photo"):
        found.append(_remote(photo[-1], "Фото.jpg"))
    if document := message.get("document"):
        found.append(_remote(document, document.get("file_name") or "Документ"))
    if voice := message.get("voice"):
        found.append(_remote(voice, "Голосовое сообщение.ogg"))
    return tuple(found)


def _remote(file: dict[str, Any], name: str) -> RemoteFile:
    size = file.get("file_size")
    return RemoteFile(str(file["file_id"]), name, size if isinstance(size, int) else None)


def _from_callback(query: dict[str, Any]) -> list[InboundMessage]:
    """A pressed button says its payload, as a pressed button on the website does."""
    message = query.get("message") or {}
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or not query.get("data"):
        return []
    return [
        InboundMessage(
            channel=Channel.telegram,
            external_chat_id=str(chat["id"]),
            text=str(query["data"]),
            channel_message_id=f"callback:{query['id']}",
            external_user_id=_user(query),
            metadata={"callback_query_id": str(query["id"])},
        )
    ]


def _user(item: dict[str, Any]) -> str | None:
    sender = item.get("from") or {}
    return str(sender["id"]) if "id" in sender else None


def _at(timestamp: Any) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if isinstance(timestamp, int) else None
