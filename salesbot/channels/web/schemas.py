from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from salesbot.conversations.schemas import ChatMessageOut
from salesbot.security.text import StorableStr


class SessionOut(BaseModel):
    session_id: uuid.UUID
    token: str


class MessageIn(BaseModel):
    text: StorableStr = Field(
        "", description="Checked against MAX_MESSAGE_LENGTH; may be empty with files"
    )
    client_message_id: str | None = Field(
        None, max_length=100, description="Makes a resend idempotent"
    )
    attachment_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=50, description="Files uploaded to this session"
    )


class AttachmentUploadOut(BaseModel):
    id: uuid.UUID
    name: str
    content_type: str
    size: int
    url: str


class RepliesOut(BaseModel):
    replies: list[ChatMessageOut]


class RatingIn(BaseModel):
    value: Literal["up", "down"]
