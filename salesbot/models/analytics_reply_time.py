from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class AnalyticsReplyTime(Base):
    """How many bot answers of a day and channel took `bucket_ms` (10 ms steps up to 10 s,
    100 ms up to a minute, then whole seconds): percentiles over any period read a few
    thousand rows instead of every answer."""

    __tablename__ = "analytics_reply_times"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    bucket_ms: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    replies: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
