from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, utcnow


class AnalyticsEvent(Base):
    """One thing that happened, for the dashboard's numbers: a conversation opened, a bot
    answer (value = milliseconds the customer waited), a lead status, a document, a hand-off,
    an NPS score. Written in the transaction of the change that caused it."""

    __tablename__ = "analytics_events"
    __table_args__ = (
        # Period scans of one kind (reply times, NPS) read the index alone.
        Index(
            "ix_analytics_events_kind_occurred_at",
            "kind",
            "occurred_at",
            postgresql_include=["channel", "value"],
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
