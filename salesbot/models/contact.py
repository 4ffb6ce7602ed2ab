from __future__ import annotations

from sqlalchemy import String
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
