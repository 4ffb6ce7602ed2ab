from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from salesbot.integrations.base import Kind


class IntegrationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="Stable id, e.g. openai, database, amocrm")
    title: str
    kind: Kind
    configured: bool = Field(description="Its settings are present")
    checkable: bool = Field(description="A check can be run now (configured, and a probe exists)")
    healthy: bool | None = Field(description="Outcome of the last check or call; null: unknown")
    last_error: str | None = Field(description="The last error seen, scrubbed of secrets")
    last_error_at: datetime | None
    last_checked_at: datetime | None
    details: dict[str, Any] = Field(
        description="Non-secret facts: model, host, masked ids; never a key, token or password"
    )
