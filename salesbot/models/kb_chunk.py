from __future__ import annotations

import uuid

from pgvector.sqlalchemy import Vector
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey

# One column per embedding size, so a new embedder can be filled in the background while the
# old one keeps serving: 512 = USE multilingual (default), 1536 = OpenAI text-embedding-3-small.
EMBEDDING_COLUMNS = {512: "embedding_512", 1536: "embedding_1536"}


class KbChunk(UUIDPrimaryKey, Base):
    """A searchable piece of a document version. `is_live` marks chunks of active versions."""

    __tablename__ = "kb_chunks"
    __table_args__ = (
        Index("ix_kb_chunks_collection_live", "collection_id", postgresql_where=text("is_live")),
        Index(
            "ix_kb_chunks_embedding_512",
            "embedding_512",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding_512": "vector_cosine_ops"},
            postgresql_where=text("is_live"),
        ),
        Index(
            "ix_kb_chunks_embedding_1536",
            "embedding_1536",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding_1536": "vector_cosine_ops"},
            postgresql_where=text("is_live"),
        ),
    )

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_document_versions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    collection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_collections.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    section_path: Mapped[str] = mapped_column(String(1000), nullable=False)
    category: Mapped[str] = mapped_column(String(100), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    text_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    lexemes: Mapped[str] = mapped_column(TSVECTOR, nullable=False)
    n_terms: Mapped[int] = mapped_column(Integer, nullable=False)
    is_live: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    embedding_512: Mapped[list[float] | None] = mapped_column(Vector(512))
    embedding_1536: Mapped[list[float] | None] = mapped_column(Vector(1536))
