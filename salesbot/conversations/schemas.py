from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    author: str
    text: str
    attachments: list[dict[str, Any]]
    meta: dict[str, Any] = Field(serialization_alias="metadata")
    created_at: datetime


class ManagerMessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=10_000, description="What the manager writes")
