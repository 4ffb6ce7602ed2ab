from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LeadOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    conversation_id: uuid.UUID
    status: str
    source: str
    product: str | None
    quote_id: uuid.UUID | None
    amount: Decimal | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime


class LeadOutcome(BaseModel):
    status: Literal["won", "lost"]
    tags: list[str] = Field(default_factory=list, max_length=20)
    reason: str | None = Field(None, max_length=500)


class ContactFormIn(BaseModel):
    """Lengths are checked by the service, which answers in Russian, field by field."""

    name: str = Field("", max_length=1000)
    phone: str = Field("", max_length=1000)
    email: str = Field("", max_length=1000)
    company: str = Field("", max_length=1000)
    message: str = Field("", max_length=10_000)
    consent: bool = False
    website: str = Field("", max_length=1000, description="Leave empty (spam trap)")


class ContactFormOut(BaseModel):
    # No lead id: a spam bot must not tell a dropped submission from an accepted one.
    message: str
