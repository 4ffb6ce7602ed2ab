from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class ConversationDay(Base):
    """What one conversation did on one day (in TIMEZONE): opened (0/1), became a lead (0/1),
    was handed to a person (hand-offs that day) and its messages by author. The dashboard's
    daily chart sums these rows. Only the conversation's own transactions write its rows, so
    the counters never contend across conversations."""

    __tablename__ = "conversation_days"
    __table_args__ = (
        # The counters stay out of indexes, so bumping them is a HOT update.
        Index("ix_conversation_days_day_channel", "day", "channel"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    conversations: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    leads: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    handoffs: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    customer_messages: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    bot_messages: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    manager_messages: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
