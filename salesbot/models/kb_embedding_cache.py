from __future__ import annotations

from pgvector.sqlalchemy import Vector
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class KbEmbeddingCache(Base):
    """Embeddings by (embedder, text hash): an unchanged chunk is never embedded twice."""

    __tablename__ = "kb_embedding_cache"

    embedder: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    embedding: Mapped[list[float]] = mapped_column(Vector(), nullable=False)
