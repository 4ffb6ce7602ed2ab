from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class ServiceToken(Base):
    """An outside service's access token shared by every process (Avito's), encrypted with
    the PII key, when there is no Redis to keep it in (salesbot.channels.avito.tokens)."""

    __tablename__ = "service_tokens"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=text("now()")
    )
