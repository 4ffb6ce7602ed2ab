from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey
from salesbot.security.pii import EncryptedString


class Contact(UUIDPrimaryKey, Timestamps, Base):
    """A customer's personal data: encrypted at rest, found by keyed hashes (phone, email,
    name)."""

    __tablename__ = "contacts"

    name: Mapped[str | None] = mapped_column(EncryptedString)
    phone: Mapped[str | None] = mapped_column(EncryptedString)
    email: Mapped[str | None] = mapped_column(EncryptedString)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Normalised name (lower case, single spaces, ё → е): the inbox finds a contact by name.
    name_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Why we may keep it (152-FZ, art. 6): "consent" (the form's box, with the text as shown)
    # or "contract" (given in the chat to get an offer and a contract at the person's request).
    legal_basis: Mapped[str | None] = mapped_column(String(16))
    consent_text: Mapped[str | None] = mapped_column(Text)
    consented_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
