"""The CRM port: the lead, with what the bot learned, goes where the sales team works.

Writes run in jobs, at least once, so each is idempotent: `upsert_lead` finds the lead it
made before by our key (amoCRM: a custom field or tag holding it) instead of making another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from salesbot.integrations.base import Adapter


@dataclass(frozen=True)
class CrmContact:
    name: str
    phone: str | None = None  # E.164, +79161234567
    email: str | None = None
    company: str | None = None


@dataclass(frozen=True)
class LeadCard:
    key: str  # our lead's id: the same key always lands on the same CRM lead
    title: str  # e.g. "ИИ-Менеджер, 30 пользователей — Ромашка"
    contact: CrmContact
    amount: Decimal | None = None  # roubles, the quoted total
    source: str | None = None  # the channel: web, telegram, avito
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrmRef:
    id: str  # the CRM's own id (amoCRM: an integer, kept as text)
    url: str | None = None  # where a manager opens it


class CrmTaskKind(StrEnum):
    call = "call"
    meeting = "meeting"


@dataclass(frozen=True)
class CrmTask:
    text: str
    due: datetime  # timezone-aware
    kind: CrmTaskKind = CrmTaskKind.call


class Crm(Adapter, Protocol):
    async def upsert_lead(self, lead: LeadCard) -> CrmRef:
        """Create the lead (and its contact), or update the one made before for `lead.key`."""
        ...

    async def add_note(self, lead: CrmRef, text: str) -> CrmRef:
        """A plain-text note on the lead (the brief, a conversation summary)."""
        ...

    async def create_task(self, lead: CrmRef, task: CrmTask) -> CrmRef:
        """A task for the lead's responsible manager."""
        ...
