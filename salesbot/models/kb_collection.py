from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey


class KbCollection(UUIDPrimaryKey, Timestamps, Base):
    """A searchable set of documents: the company knowledge base, or a throwaway eval set.

    `generation` grows with every change, so caches keyed by it go stale at once.
    `embedder` is the one serving queries; `pending_embedder` is being filled in the
    background after the configured embedder changed.
    """

    __tablename__ = "kb_collections"

    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    embedder: Mapped[str] = mapped_column(String(100), nullable=False)
    pending_embedder: Mapped[str | None] = mapped_column(String(100))
    generation: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
