from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey


class KbDocument(UUIDPrimaryKey, Timestamps, Base):
    """One source file (by its path relative to the ingested folder, or its upload name)."""

    __tablename__ = "kb_documents"
    __table_args__ = (UniqueConstraint("collection_id", "source_key"),)

    collection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_collections.id", ondelete="CASCADE"), nullable=False
    )
    source_key: Mapped[str] = mapped_column(String(500), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    category: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    active_version: Mapped[int | None] = mapped_column()
