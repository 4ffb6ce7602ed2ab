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
    Identity,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey, utcnow
from salesbot.security.pii import EncryptedString


class Author(StrEnum):
    customer = "customer"
    bot = "bot"
    manager = "manager"
    system = "system"


class Delivery(StrEnum):
    """Where an outbound message is on its way to the customer (the outbox)."""

    pending = "pending"  # stored, its delivery job is queued
    sent = "sent"  # the channel accepted it
    failed = "failed"  # an attempt failed; another one is scheduled
    dead = "dead"  # gave up after MAX_RETRIES (or a permanent refusal); a manager may retry
    withheld = "withheld"  # a bot reply a manager's take-over overtook: never sent


_CURRENT_TRANSACTION = text("(pg_current_xact_id()::text)::bigint")


class Message(UUIDPrimaryKey, Base):
    __tablename__ = "messages"
    __table_args__ = (
        # A replayed webhook carries the same channel message id: store it once.
        Index(
            "uq_messages_channel_message",
            "channel",
            "channel_message_id",
            unique=True,
            postgresql_where=text("channel_message_id IS NOT NULL"),
        ),
        Index("ix_messages_conversation_seq", "conversation_id", "seq"),
        # Words of the messages for the inbox search (Russian stemming).
        Index(
            "ix_messages_text_russian",
            text("to_tsvector('russian', text)"),
            postgresql_using="gin",
        ),
        # The inbox finds a conversation by a phone or e-mail typed in it (keyed hashes).
        Index("ix_messages_contact_hashes", "contact_hashes", postgresql_using="gin"),
        # Rows stored before sealing existed, waiting for `pii.seal_messages`.
        Index("ix_messages_unsealed", "id", postgresql_where=text("contact_hashes IS NULL")),
        CheckConstraint("author IN ('customer', 'bot', 'manager', 'system')", name="author_known"),
        CheckConstraint(
            "delivery_status IS NULL OR delivery_status IN "
            "('pending', 'sent', 'failed', 'dead', 'withheld')",
            name="delivery_status_known",
        ),
        # The analytics fold finds the messages of transactions finished since its last run.
        Index("ix_messages_xact", "xact", postgresql_where=text("xact IS NOT NULL")),
        Index(
            "ix_messages_undelivered",
            "conversation_id",
            postgresql_where=text("delivery_status IN ('failed', 'dead')"),
        ),
    )

    # Arrival order, strict even for messages stored in the same microsecond.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), nullable=False, unique=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    channel_message_id: Mapped[str | None] = mapped_column(String(255))
    author: Mapped[str] = mapped_column(String(16), nullable=False)
    # The text with phones and e-mails masked (security/sealing.py); what SQL searches.
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The text as written, encrypted, when masking changed it.
    sealed_text: Mapped[str | None] = mapped_column(EncryptedString)
    contact_hashes: Mapped[list[str] | None] = mapped_column(ARRAY(String(64)), default=list)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    # The outbox (NULL for customer messages): state, attempts, last error, the channel's id.
    delivery_status: Mapped[str | None] = mapped_column(String(16))
    delivery_attempts: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    delivery_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    external_message_id: Mapped[str | None] = mapped_column(String(255))
    # The transaction that stored it (PostgreSQL's 64-bit id), so the analytics fold counts
    # each message once, after its commit; NULL for rows counted some other way (imports).
    xact: Mapped[int | None] = mapped_column(
        BigInteger,
        server_default=_CURRENT_TRANSACTION,
        deferred=True,
    )

    @property
    def readable_text(self) -> str:
        """The text as the person wrote it: for managers, the customer and the brain."""
        return self.sealed_text if self.sealed_text is not None else self.text
