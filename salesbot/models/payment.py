from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey


class Payment(UUIDPrimaryKey, Timestamps, Base):
    """A payment of a quote: a YooKassa link, or an invoice a manager confirms as paid.

    The idempotence key is ours and stored first: the provider returns the same payment for
    it however often the call is retried."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'waiting_for_capture', 'succeeded', 'canceled')",
            name="status_known",
        ),
        Index("ix_payments_conversation_id", "conversation_id"),
        Index("uq_payments_provider_payment", "provider", "provider_payment_id", unique=True),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    quote_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("quotes.id", ondelete="SET NULL"))
    provider: Mapped[str] = mapped_column(String(32), nullable=False)  # yookassa, invoice
    provider_payment_id: Mapped[str | None] = mapped_column(String(64))
    idempotence_key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)  # 1.. per quote
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    package: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(24), nullable=False, default="pending")
    confirmation_url: Mapped[str | None] = mapped_column(String(2048))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancellation_reason: Mapped[str | None] = mapped_column(String(64))
    confirmed_by: Mapped[str | None] = mapped_column(String(320))  # a manager, for an invoice
