from __future__ import annotations

from datetime import datetime

from pgvector.sqlalchemy import Vector
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, UUIDPrimaryKey, utcnow


class UnansweredQuestion(UUIDPrimaryKey, Base):
    """A customer question the knowledge base could not answer; questions that mean the same
    are counted on one row, for the dashboard to turn into new FAQ entries."""

    __tablename__ = "unanswered_questions"

    text: Mapped[str] = mapped_column(Text, nullable=False)
    embedder: Mapped[str] = mapped_column(String(100), nullable=False)
    embedding: Mapped[list[float]] = mapped_column(Vector(), nullable=False)
    times_asked: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    first_asked_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    last_asked_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
