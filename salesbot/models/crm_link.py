from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, Timestamps, UUIDPrimaryKey


class CrmLink(UUIDPrimaryKey, Timestamps, Base):
    """Our lead in an outside system (amoCRM): its id there, and what was sent, so a retry
    never creates the lead twice and an unchanged lead costs no call."""

    __tablename__ = "crm_links"
    __table_args__ = (
        UniqueConstraint("service", "lead_id", name="uq_crm_links_service_lead"),
        UniqueConstraint("service", "external_id", name="uq_crm_links_service_external"),
    )

    lead_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), nullable=False
    )
    service: Mapped[str] = mapped_column(String(32), nullable=False)
    # Our reference, sent in the lead's name: found again if a create's answer was lost.
    request_key: Mapped[str] = mapped_column(String(64), nullable=False)
    external_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(500))
    create_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # {"card": fingerprint of the last card sent, "status": our status last pushed,
    #  "notes": [keys of the notes posted]}
    pushed: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
