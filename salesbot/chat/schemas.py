from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class SessionOut(BaseModel):
    session_id: uuid.UUID
    token: str


class MessageIn(BaseModel):
    text: str = Field(min_length=1, description="Checked against MAX_MESSAGE_LENGTH")
    client_message_id: str | None = Field(
        None, max_length=100, description="Makes a resend idempotent"
    )


class ButtonOut(BaseModel):
    text: str
    payload: str


class AttachmentOut(BaseModel):
    name: str
    content_type: str
    url: str | None


class ReplyOut(BaseModel):
    id: uuid.UUID
    text: str
    buttons: list[ButtonOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)


class RepliesOut(BaseModel):
    replies: list[ReplyOut]


class HistoryItemOut(BaseModel):
    id: uuid.UUID
    author: str
    text: str
    created_at: datetime
    buttons: list[ButtonOut] = Field(default_factory=list)


class RatingIn(BaseModel):
    value: Literal["up", "down"]


class ConversationDetail(BaseModel):
    id: uuid.UUID
    channel: str
    owner: str
    stage: str
    product: str | None
    brief: dict[str, Any]
    contact: dict[str, str | None] | None
    quote: dict[str, Any] | None
    documents: list[dict[str, Any]]
    lead_id: uuid.UUID | None
    lead_status: str | None
    handoff: dict[str, Any] | None
    messages: list[dict[str, Any]]
