from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class SessionOut(BaseModel):
    session_id: uuid.UUID
    token: str


class MessageIn(BaseModel):
    text: str = Field("", description="Checked against MAX_MESSAGE_LENGTH; may be empty with files")
    client_message_id: str | None = Field(
        None, max_length=100, description="Makes a resend idempotent"
    )
    attachment_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=50, description="Files uploaded to this session"
    )


class ButtonOut(BaseModel):
    text: str
    payload: str


class AttachmentOut(BaseModel):
    name: str
    content_type: str
    url: str | None


class AttachmentUploadOut(BaseModel):
    id: uuid.UUID
    name: str
    content_type: str
    size: int
    url: str


class ChatMessageOut(BaseModel):
    """One message as the visitor sees it: in replies, the history and socket events."""

    id: uuid.UUID
    seq: int = Field(description="Grows with every stored message (a global order)")
    author: str = Field(description="customer, bot, manager or system")
    text: str
    created_at: datetime
    buttons: list[ButtonOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)


class RepliesOut(BaseModel):
    replies: list[ChatMessageOut]


class RatingIn(BaseModel):
    value: Literal["up", "down"]


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
    messages: list[dict[str, Any]]
