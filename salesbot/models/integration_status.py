from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class IntegrationStatus(Base):
    """The latest known outcome of talking to one outside service (a check or a real call).

    Never holds secrets: errors are scrubbed of every configured key before they are stored.
    """

    __tablename__ = "integration_status"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    healthy: Mapped[bool] = mapped_column(Boolean, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
