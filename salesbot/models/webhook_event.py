from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey, utcnow


class WebhookStatus(StrEnum):
    received = "received"  # stored; its processing job is queued
    processed = "processed"  # the provider's handler ran and committed
    failed = "failed"  # the last attempt raised; the job retries, then an admin may replay


class WebhookEvent(UUIDPrimaryKey, Base):
    """One inbound webhook call, stored once per (provider, the provider's event id) before it
    is answered, so a replay from the provider is recognised and a crash loses nothing."""

    __tablename__ = "webhook_events"
    __table_args__ = (
        UniqueConstraint("provider", "external_id"),
        CheckConstraint("status IN ('received', 'processed', 'failed')", name="status_known"),
        # Admins and `webhooks replay --failed` look for failed events only, oldest first.
        Index(
            "ix_webhook_events_failed_received_at",
            "received_at",
            postgresql_where=text("status = 'failed'"),
        ),
    )

    provider: Mapped[str] = mapped_column(String(32), nullable=False)
    external_id: Mapped[str] = mapped_column(String(255), nullable=False)
    # The request body as the provider sent it; holds personal data, so it is never logged.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    # Events sharing a key (one chat's) are handled one at a time, in the order received.
    order_key: Mapped[str | None] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=text("now()")
    )
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default=WebhookStatus.received.value
    )
    attempts: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    # The last failure may pass by itself (a service away): the periodic catch-up retries it.
    retryable: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=text("false")
    )
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
