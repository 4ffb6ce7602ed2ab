"""The channel port: what every customer channel (website, Telegram, Avito, a terminal, the
tests' memory) offers the core, and the errors a delivery may end with.

A channel adapter sends one stored outbound message and says what it can show. Webhook
channels also check an inbound request and turn its payload into `InboundMessage`s; the
webhook ledger stores the payload first, so parsing happens in a job, never in the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from salesbot.conversations.types import Attachment, Button, InboundMessage, RemoteFile
from salesbot.errors import SalesbotError


@dataclass(frozen=True)
class Capabilities:
    buttons: bool = False  # quick replies shown as buttons (otherwise numbered options)
    files: bool = False  # PDFs and images sent as files (otherwise links in the text)
    markdown: bool = False
    max_text_length: int = 4096
    typing: bool = False  # can show "typing…"


@dataclass(frozen=True)
class ChatRef:
    """Which outside chat a message goes to."""

    conversation_id: uuid.UUID
    channel: str
    external_chat_id: str
    external_user_id: str | None = None


@dataclass(frozen=True)
class OutboundFile:
    """An attachment's bytes on this server, for channels that upload files (Telegram)."""

    name: str
    content_type: str
    path: Path


@dataclass(frozen=True)
class Outbound:
    """One stored outbound message, as the delivery job hands it to a channel."""

    message_id: uuid.UUID
    author: str  # bot, manager or system
    text: str
    buttons: tuple[Button, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    files: tuple[OutboundFile, ...] = ()  # the attachments found on disk, in their order
    # A message a channel sends in several parts (Telegram: text parts, then each file):
    # how many an earlier attempt delivered, so a retry sends only the rest.
    parts_delivered: int = 0
    contact_button: str | None = None  # a "share my phone" button's label, if asked


class DeliveryError(Exception):
    """A channel could not deliver; `retryable` says whether trying again may help."""

    retryable = True
    counts_as_attempt = True  # False: not a failure, only "later" (a channel's pacing)

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.parts_delivered = 0  # the parts of the message that did go out before it
        self.attempt: int | None = None  # which delivery attempt of the message this was


class RetryableDeliveryError(DeliveryError):
    """A timeout, a 5xx, a rate limit (with `retry_after` seconds when the channel says)."""


class PermanentDeliveryError(DeliveryError):
    """The channel refused for good: the bot was blocked, the chat is gone, bad credentials."""

    retryable = False


class ChatClosedError(PermanentDeliveryError):
    """The customer closed the chat to us (blocked the bot): the conversation is closed and
    nothing more is sent to it."""


Part = Callable[[], Awaitable[str]]  # one call that sends one part; the channel's id of it


async def send_parts(parts: Sequence[Part], delivered: int) -> str | None:
    """Send the parts an earlier attempt did not deliver, in order; the id of the last one.
    A failure says how many parts went out, so the next attempt resumes after them."""
    sent: str | None = None
    for number, part in enumerate(parts[delivered:], start=delivered):
        try:
            sent = await part()
        except DeliveryError as error:
            error.parts_delivered = number
            raise
    return sent


@runtime_checkable
class ChannelAdapter(Protocol):
    name: str  # the value stored in conversations.channel
    label: str  # the one source of the channel's name people read («Сайт», «Telegram»)
    label_en: str  # the same in the dashboard's English
    capabilities: Capabilities
    # True when the customer's client reads new messages from our own store (the website
    # widget syncs by seq): storing is delivering, and realtime is only a faster path.
    delivered_on_store: bool

    async def send(self, chat: ChatRef, outbound: Outbound) -> str | None:
        """Deliver one message; the channel's id of it (None when it has none).

        Raises `RetryableDeliveryError` or `PermanentDeliveryError`."""
        ...


class FileRefused(SalesbotError):
    """A file a customer sent is not kept (too big, a type we take no, the channel will not
    hand it over); the message says why, for the customer."""

    status_code = 422
    code = "file_refused"


@runtime_checkable
class FileSource(Protocol):
    """A channel that holds the files customers send until asked (Telegram)."""

    async def download(self, file: RemoteFile) -> bytes:
        """The file's bytes; raises `FileRefused` when the channel will not hand it over,
        anything else when the download failed (the event is then tried again)."""
        ...


@runtime_checkable
class WebhookChannel(ChannelAdapter, Protocol):
    """A channel whose customers' messages arrive as webhooks."""

    def verify(self, headers: Mapping[str, str], secret: str | None) -> None:
        """Raise `salesbot.errors.NotAuthenticated` unless the request comes from the
        channel (a secret header, a secret path token, …)."""
        ...

    def event_id(self, payload: dict[str, Any]) -> str:
        """The provider's id of the event, the ledger's key (a replay has the same one)."""
        ...

    def order_key(self, payload: dict[str, Any]) -> str | None:
        """The chat the event belongs to: one chat's events are handled one at a time, in
        the order they arrived (None: the event may run alongside any other)."""
        ...

    def parse(self, payload: dict[str, Any]) -> list[InboundMessage]:
        """The customers' messages in the payload (none for events that carry none)."""
        ...
