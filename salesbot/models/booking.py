from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey


class BookingStatus(StrEnum):
    booked = "booked"
    cancelled = "cancelled"


class Booking(UUIDPrimaryKey, Timestamps, Base):
    """A consultation booked by a customer with one of the managers who take calls.

    Two partial unique indexes do the arbitration no code can: a manager has one booking a
    start, and a conversation one booking at a time (a new time moves it)."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("status IN ('booked', 'cancelled')", name="status_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index(
            "uq_bookings_manager_start",
            "manager",
            "starts_at",
            unique=True,
            postgresql_where=text("status = 'booked'"),
        ),
        Index(
            "uq_bookings_conversation",
            "conversation_id",
            unique=True,
            postgresql_where=text("status = 'booked'"),
        ),
        Index("ix_bookings_starts_at", "starts_at"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    manager: Mapped[str] = mapped_column(String(320), nullable=False)  # an e-mail, or "team"
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    customer_zone: Mapped[str] = mapped_column(String(64), nullable=False)  # shown in their time
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="booked")
    reminded: Mapped[list[str]] = mapped_column(JSONB, nullable=False, default=list)  # "24h", "1h"
    event: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)  # calendar's
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # "буду"
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
