from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey

# The funnel, in order: a lead's status only moves forward along it.
LEAD_STATUSES = ("new", "qualified", "brief_completed", "quote_sent", "won", "lost")
# As the dashboard names them (frontend/src/i18n/common.ts).
LEAD_STATUS_TITLES = {
    "new": "Новый",
    "qualified": "Квалифицирован",
    "brief_completed": "Бриф заполнен",
    "quote_sent": "КП отправлено",
    "won": "Выигран",
    "lost": "Проигран",
}


class Lead(UUIDPrimaryKey, Timestamps, Base):
    """A prospective sale born in a conversation: new → qualified → brief_completed →
    quote_sent → won | lost."""

    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_created_at", "created_at"),
        Index("ix_leads_updated_at", "updated_at"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="new", index=True)
    source: Mapped[str] = mapped_column(String(64), nullable=False)
    product: Mapped[str | None] = mapped_column(String(50))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL")
    )
    quote_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("quotes.id", ondelete="SET NULL"))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    tags: Mapped[list[str]] = mapped_column(JSONB, nullable=False, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
