"""The shapes of messages every channel and the core agree on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from salesbot.models.conversation import Channel


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    size: int
    url: str | None = None
    storage_key: str | None = None


@dataclass(frozen=True)
class RemoteFile:
    """A file a customer sent that the channel still holds (Telegram keeps it until a bot
    asks for it): the inbound pipeline downloads it and keeps it as an attachment."""

    ref: str  # the channel's id of the file
    name: str | None = None  # as the customer's app named it
    size: int | None = None  # as the channel announced it, before any download


@dataclass(frozen=True)
class InboundMessage:
    """A customer's message as a channel adapter hands it over."""

    channel: Channel
    external_chat_id: str
    text: str
    channel_message_id: str | None = None
    external_user_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    sent_at: datetime | None = None
    files: tuple[RemoteFile, ...] = ()  # still to be downloaded from the channel


@dataclass(frozen=True)
class Button:
    text: str
    payload: str


@dataclass(frozen=True)
class Source:
    """A knowledge-base passage an answer relies on (stored in the message's metadata)."""

    document: str  # the document's key, e.g. "faq/pricing.md"
    title: str
    category: str
    score: float
    excerpt: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    sources: tuple[Source, ...] = ()
    # The label of a "share my phone" button, where the channel has one (Telegram).
    contact_button: str | None = None


def as_plain_text(reply: Reply) -> str:
    """A reply for channels without buttons (Avito, SMS, a terminal): numbered options."""
    if not reply.buttons:
        return reply.text
    options = "\n".join(f"{n}. {button.text}" for n, button in enumerate(reply.buttons, start=1))
    return f"{reply.text}\n{options}"


def option_chosen(text: str, buttons: tuple[Button, ...]) -> str:
    """The payload of a numbered option the customer typed ("2"), or the text as it is."""
    stripped = text.strip().rstrip(".")
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1].payload
    return text


@dataclass(frozen=True)
class HistoryItem:
    author: str
    text: str
    created_at: datetime
