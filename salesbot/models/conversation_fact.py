from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from salesbot.db.base import Base, utcnow


class ConversationFact(Base):
    """What one conversation achieved, kept current as its analytics events are recorded: the
    dashboard counts these rows instead of replaying events.

    `furthest_stage` is the rank of the furthest funnel stage ever reached (0 contact,
    1 qualified, 2 brief completed, 3 quote sent, 4 documents, 5 won); each `*_at` is the
    first time the conversation got there. A lead is a row with `lead_at`; an application a
    lead with documents, a booked consultation or a won deal.
    """

    __tablename__ = "conversation_facts"
    __table_args__ = (
        Index("ix_conversation_facts_started_at", "started_at"),
        Index("ix_conversation_facts_channel_started_at", "channel", "started_at"),
        Index(
            "ix_conversation_facts_lead_at",
            "lead_at",
            postgresql_where=text("lead_at IS NOT NULL"),
        ),
        Index(
            "ix_conversation_facts_handed_off_at",
            "handed_off_at",
            postgresql_where=text("handed_off_at IS NOT NULL"),
        ),
        Index(
            "ix_conversation_facts_nps_at",
            "nps_at",
            postgresql_where=text("nps_at IS NOT NULL"),
        ),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    furthest_stage: Mapped[int] = mapped_column(
        SmallInteger, nullable=False, default=0, server_default="0"
    )
    lead_status: Mapped[str | None] = mapped_column(String(20))
    lead_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    qualified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    brief_completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    quote_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    documents_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    booked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    won_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lost_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The first hand-off to a person: the bot asked for one, or a manager took over.
    handed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handoff_reason: Mapped[str | None] = mapped_column(String(64))
    nps: Mapped[int | None] = mapped_column(SmallInteger)
    nps_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
