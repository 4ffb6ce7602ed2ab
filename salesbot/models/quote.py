from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey, utcnow


class QuoteRecord(UUIDPrimaryKey, Base):
    """A computed quote: the brief it was asked for, the result, and the price-list version."""

    __tablename__ = "quotes"

    price_list_version: Mapped[int] = mapped_column(
        ForeignKey("price_list_versions.version"), nullable=False
    )
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    product: Mapped[str] = mapped_column(String(50), nullable=False)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    recommended: Mapped[str | None] = mapped_column(String(50))
    recommended_total: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    computed_on: Mapped[date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
