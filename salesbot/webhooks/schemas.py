from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class WebhookEventOut(BaseModel):
    """An event as listed: its payload (personal data) is left out."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider: str
    external_id: str
    status: str
    attempts: int
    last_error: str | None
    received_at: datetime
    processed_at: datetime | None


class WebhookEventDetail(WebhookEventOut):
    payload: dict[str, Any]


class ReplayedCount(BaseModel):
    replayed: int
