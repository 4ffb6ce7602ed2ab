from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey, utcnow
from salesbot.security.pii import EncryptedString


class Document(UUIDPrimaryKey, Base):
    """A generated PDF (offer, contract, invoice) kept under DOCUMENTS_PATH."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("kind", "number"),)

    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    number: Mapped[str] = mapped_column(String(50), nullable=False)
    quote_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quotes.id", ondelete="SET NULL"), index=True
    )
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    client_name: Mapped[str | None] = mapped_column(EncryptedString)
    template_version: Mapped[int] = mapped_column(Integer, nullable=False)
    path: Mapped[str] = mapped_column(String(500), nullable=False)  # relative to DOCUMENTS_PATH
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
