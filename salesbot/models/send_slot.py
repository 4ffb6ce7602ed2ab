from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class SendSlot(Base):
    """The next moment a message may go to one chat (or through one channel at all), so
    every worker keeps to the channel's limits together (see salesbot.channels.pacing)."""

    __tablename__ = "send_slots"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
