from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base


class AssistantTokenUse(Base):
    """A disposable token of amoCRM's that has been spent: amoCRM does not enforce single
    use, so a replayed `jti` is refused here. Rows are useless after `expires_at`."""

    __tablename__ = "assistant_token_uses"

    jti: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, index=True
    )


class AssistantSession(Base):
    """An amoCRM user's conversation with the assistant: what it is waiting for (a missing
    detail, a choice among matches), so the next message can answer it."""

    __tablename__ = "assistant_sessions"

    account_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
