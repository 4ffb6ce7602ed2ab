from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from salesbot.models import Message
from salesbot.security.text import BIGINT_MAX, StorableStr


class ConversationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    channel: str
    external_chat_id: str
    owner: str
    language: str
    created_at: datetime
    last_message_at: datetime
    closed_at: datetime | None
    close_reason: str | None


class LastMessageOut(BaseModel):
    author: str
    text: str = Field(description="At most 200 characters")
    created_at: datetime


class ConversationListItem(ConversationOut):
    """A row of the inbox: the conversation and what the dashboard shows beside it."""

    stage: str
    product: str | None
    contact_name: str | None
    last_message: LastMessageOut | None
    unread: int = Field(description="Customer messages after the team's read marker")
    handoff_requested: bool = Field(description="The bot asked for a manager; none answered yet")
    handoff_reason: str | None
    lead_id: uuid.UUID | None
    lead_status: str | None
    read_seq: int = Field(description="The team's read marker (a message seq)")
    undelivered: int = Field(
        description="Outbound messages the channel did not take after every retry"
    )


class ReadIn(BaseModel):
    seq: int = Field(ge=0, le=BIGINT_MAX, description="seq of the last message the team has read")


class DocumentKindIn(BaseModel):
    kind: Literal["offer", "contract", "invoice"]


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    author: str
    text: str
    attachments: list[dict[str, Any]]
    meta: dict[str, Any] = Field(serialization_alias="metadata")
    created_at: datetime


class ManagerMessageIn(BaseModel):
    text: StorableStr = Field(
        min_length=1, max_length=10_000, description="What the manager writes"
    )


class ButtonOut(BaseModel):
    text: str
    payload: str


class AttachmentOut(BaseModel):
    name: str
    content_type: str
    url: str | None


class ChatMessageOut(BaseModel):
    """One message as the visitor sees it: in replies, the history and socket events."""

    id: uuid.UUID
    seq: int = Field(description="Grows with every stored message (a global order)")
    author: str = Field(description="customer, bot, manager or system")
    text: str
    created_at: datetime
    buttons: list[ButtonOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)
    delivery_status: str | None = Field(
        None,
        description="Outbound messages: pending, sent, failed or dead (not delivered after "
        "every retry); null for the customer's own",
    )


class ConversationContact(BaseModel):
    name: str | None
    phone: str | None
    email: str | None


class ConversationDocument(BaseModel):
    id: uuid.UUID
    kind: str
    number: str


class ConversationHandoff(BaseModel):
    reason: str | None


class ListingOut(BaseModel):
    id: int
    title: str
    price: str = Field(description="As Avito writes it, e.g. «150 000 ₽»; empty when none")
    url: str


class ConversationDetail(BaseModel):
    id: uuid.UUID
    channel: str
    owner: str
    stage: str
    product: str | None
    brief: dict[str, Any]
    contact: ConversationContact | None
    quote: dict[str, Any] | None
    documents: list[ConversationDocument]
    lead_id: uuid.UUID | None
    lead_status: str | None
    handoff: ConversationHandoff | None = Field(
        description="While a manager owns the conversation: why the bot handed it over"
    )
    listing: ListingOut | None = Field(
        None, description="The Avito listing the customer writes about"
    )
    messages: list[dict[str, Any]]


def message_out(
    message: Message, file_link: Callable[[uuid.UUID], str] | None = None
) -> ChatMessageOut:
    """A message as the customer sees it; `file_link` signs fresh links to uploaded files."""
    attachments = []
    for item in message.attachments:
        key = str(item.get("storage_key") or "")
        url = item.get("url")
        if key.startswith("file:") and file_link is not None:
            url = file_link(uuid.UUID(key.removeprefix("file:")))
        attachments.append(
            AttachmentOut(name=item["name"], content_type=item["content_type"], url=url)
        )
    return ChatMessageOut(
        id=message.id,
        seq=message.seq,
        author=message.author,
        text=message.readable_text,
        created_at=message.created_at,
        buttons=[ButtonOut(**b) for b in message.meta.get("buttons", [])],
        attachments=attachments,
        delivery_status=message.delivery_status,
    )
