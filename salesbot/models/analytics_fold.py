from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class AnalyticsFold(Base):
    """How far the messages have been counted into the analytics (analytics/fold.py): the
    PostgreSQL snapshot of the last fold, as text. Its one row is also the fold's lock."""

    __tablename__ = "analytics_fold"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    snapshot: Mapped[str] = mapped_column(Text, nullable=False)
    folded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # Messages counted by all folds so far; with folded_at, what an operator checks.
    messages: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")
