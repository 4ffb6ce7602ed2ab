"""The CRM port: the lead, with what the bot learned, goes where the sales team works.

Writes run in jobs, at least once, so each is idempotent on our side: the lead's reference
(`LeadCard.key`) travels in the CRM lead's name, and a create whose answer was lost is found
again with `find_lead` before anything is created twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from salesbot.integrations.base import Adapter

# Our lead statuses the CRM's stages follow (leads.service.STATUS_ORDER is the funnel).
WON, LOST = "won", "lost"


@dataclass(frozen=True)
class CrmContact:
    name: str | None = None
    phone: str | None = None  # E.164, +79161234567
    email: str | None = None
    company: str | None = None


@dataclass(frozen=True)
class LeadCard:
    key: str  # our reference, e.g. "SB-1a2b3c4d5e6f": the same key is always the same lead
    title: str  # e.g. "ИИ-Менеджер — Иван"
    contact: CrmContact
    status: str  # ours: new, qualified, brief_completed, quote_sent, won, lost
    amount: Decimal | None = None  # roubles: the recommended package's total
    tags: tuple[str, ...] = ()
    # What the brief and the quote say, by card field (industry, users, recommended_package…):
    # the CRM's field mapping decides which of them it keeps, and where.
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CrmRef:
    id: str  # the CRM's own id (amoCRM: an integer, kept as text)
    url: str | None = None  # where a manager opens it


@dataclass(frozen=True)
class CrmStage:
    """Where the lead is in the CRM now, and which of our statuses that stage stands for
    (None: a stage of the CRM's own that maps to none of ours)."""

    stage_id: str
    pipeline_id: str | None
    status: str | None
    name: str | None = None  # what managers call the stage, e.g. «Переговоры»


class CrmTaskKind(StrEnum):
    call = "call"
    meeting = "meeting"


@dataclass(frozen=True)
class CrmTask:
    text: str
    due: datetime  # timezone-aware
    kind: CrmTaskKind = CrmTaskKind.call


class Crm(Adapter, Protocol):
    async def find_lead(self, key: str) -> CrmRef | None:
        """The lead made before for `key`, if a create's answer was lost."""
        ...

    async def create_lead(self, card: LeadCard) -> CrmRef:
        """The lead with its contact (an existing contact with the same phone or email is
        reused) and company, at the stage of `card.status`."""
        ...

    async def update_lead(self, ref: CrmRef, card: LeadCard, *, move: bool) -> None:
        """Bring the lead up to `card`; its stage too when `move` (our status changed)."""
        ...

    async def add_note(self, ref: CrmRef, text: str) -> None:
        """A plain-text note on the lead (the brief, the quote, the documents' links)."""
        ...

    async def lead_stage(self, ref: CrmRef) -> CrmStage | None:
        """The lead's stage as the CRM has it now; None when the lead is gone."""
        ...

    async def create_task(self, ref: CrmRef, task: CrmTask) -> CrmRef:
        """A task for the lead's responsible manager."""
        ...
