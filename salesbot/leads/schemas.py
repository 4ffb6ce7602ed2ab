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
