from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class Channel(StrEnum):
    web = "web"
    telegram = "telegram"
    avito = "avito"
    amocrm_widget = "amocrm_widget"
    terminal = "terminal"  # `salesbot chat`
    memory = "memory"  # the in-memory channel of tests and demos


class Owner(StrEnum):
    """Who answers the conversation right now."""

    bot = "bot"
    human = "human"
    closed = "closed"


class Conversation(UUIDPrimaryKey, Timestamps, Base):
    """One customer's dialog in one channel; a new one opens after SESSION_TTL_DAYS of silence."""

    __tablename__ = "conversations"
    __table_args__ = (
        # At most one open conversation per chat; closed ones stay for history.
        Index(
            "uq_conversations_open_chat",
            "channel",
            "external_chat_id",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
        ),
        CheckConstraint("owner IN ('bot', 'human', 'closed')", name="owner_known"),
        Index("ix_conversations_channel_last_message_at", "channel", "last_message_at"),
        Index("ix_conversations_stage", text("(state ->> 'stage')")),
        # Conversations whose customer waits for a turn (the answer backstop's look-up):
        # a handful at any moment, whatever the number of conversations.
        Index(
            "ix_conversations_unanswered",
            "last_message_at",
            postgresql_where=text(
                "closed_at IS NULL AND owner = 'bot' AND last_customer_seq > "
                "COALESCE((state ->> 'answered_through')::bigint, 0)"
            ),
        ),
        Index(
            "ix_conversations_handoff_requested_at",
            "handoff_requested_at",
            postgresql_where=text("handoff_requested_at IS NOT NULL"),
        ),
    )

    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    external_chat_id: Mapped[str] = mapped_column(String(255), nullable=False)
    external_user_id: Mapped[str | None] = mapped_column(String(255))
    owner: Mapped[str] = mapped_column(String(16), nullable=False, default=Owner.bot.value)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    language: Mapped[str] = mapped_column(String(8), nullable=False, default="ru")
    last_message_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, index=True
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(String(64))
    # The team has read the customer's messages up to this seq (never moves back).
    operator_read_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default=text("0")
    )
    # seq of the newest customer message: unread = last_customer_seq > operator_read_seq.
    last_customer_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default=text("0")
    )
    # How many messages the customer wrote (the website chat's cap reads it).
    customer_messages: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    # The bot asked for a manager and none has answered yet.
    handoff_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
