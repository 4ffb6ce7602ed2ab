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
from salesbot.security.pii import EncryptedString


class MailStatus(StrEnum):
    pending = "pending"  # queued; its send job is waiting or retrying
    sent = "sent"  # the SMTP server accepted it; never sent again
    failed = "failed"  # given up for now: `retryable` ones are resent while young enough


class OutgoingMail(UUIDPrimaryKey, Base):
    """One mail in the outbox, written in the transaction of the change it tells about and
    sent by a job. `dedupe_key` names the logical mail: queuing it again keeps this row."""

    __tablename__ = "outgoing_mails"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status_known"),
        # The periodic resend and the admins look at failed mails only.
        Index(
            "ix_outgoing_mails_failed_created_at",
            "created_at",
            postgresql_where=text("status = 'failed'"),
        ),
    )

    dedupe_key: Mapped[str] = mapped_column(String(255), nullable=False)
    template: Mapped[str] = mapped_column(String(40), nullable=False)
    # Addresses, one per line; a customer's address is personal data.
    recipients: Mapped[str] = mapped_column(EncryptedString, nullable=False)
    # What the template needs that is not in the database: ids and non-personal values only.
    context: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    attachment_ids: Mapped[list[str]] = mapped_column(JSONB, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=MailStatus.pending)
    attempts: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    # The last failure may pass by itself (the server was away), so the mail is resent.
    retryable: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=text("false")
    )
    last_error: Mapped[str | None] = mapped_column(Text)  # masked
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=text("now()")
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(line for line in self.recipients.splitlines() if line)
