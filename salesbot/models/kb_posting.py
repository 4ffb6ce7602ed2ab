from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class KbPosting(Base):
    """Inverted index of live chunks for BM25: one row per (term, chunk).

    Scoring reads only the postings of the query's terms, so a query costs what its terms
    occur, not what the whole tsvector of every candidate chunk holds.
    """

    __tablename__ = "kb_postings"
    __table_args__ = (Index("ix_kb_postings_chunk", "chunk_id"),)

    collection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_collections.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    chunk_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("kb_chunks.id", ondelete="CASCADE"), primary_key=True
    )
    tf: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    doc_len: Mapped[int] = mapped_column(Integer, nullable=False)
