from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

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


class ReadIn(BaseModel):
    seq: int = Field(ge=0, description="seq of the last message the team has read")


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
    text: str = Field(min_length=1, max_length=10_000, description="What the manager writes")
