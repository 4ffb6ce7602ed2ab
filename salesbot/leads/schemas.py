from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from salesbot.security.text import StorableStr


class LeadOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    conversation_id: uuid.UUID
    status: str
    source: str
    product: str | None
    quote_id: uuid.UUID | None
    amount: Decimal | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime


LeadStatus = Literal["new", "qualified", "brief_completed", "quote_sent", "won", "lost"]


class LeadContact(BaseModel):
    name: str | None
    phone: str | None
    email: str | None


class LeadItem(LeadOut):
    """A lead with its customer's contact (decrypted for operators) and channel."""

    channel: str
    contact: LeadContact | None


class LeadStatusIn(BaseModel):
    status: LeadStatus
    reason: str | None = Field(None, max_length=500)


class QuoteSummary(BaseModel):
    id: uuid.UUID
    created_at: datetime
    product: str
    recommended: str | None
    total: Decimal | None
    valid_until: date
    packages: list[dict[str, Any]]


class DocumentSummary(BaseModel):
    id: uuid.UUID
    kind: str
    number: str
    created_at: datetime
    url: str = Field(description="A signed download link (expires)")


class TimelineEntry(BaseModel):
    at: datetime
    kind: str
    actor: str | None
    summary: str = Field(description="One line in Russian")
    data: dict[str, Any] = Field(default_factory=dict)


class CrmState(BaseModel):
    """The lead's deal in the CRM, as the last sync and the CRM's last stage hook left it."""

    service: str = Field(description="amocrm")
    url: str | None = Field(description="The deal in the CRM")
    stage: str | None = Field(description="The deal's stage there, when the CRM told us")
    moved_at: datetime | None = Field(description="When the CRM last reported a stage change")
    synced_at: datetime | None
    error: str | None = Field(description="Why the last sync failed (it is retried)")


class TrackerCard(BaseModel):
    """The lead's card on a task tracker, as the last sync left it."""

    service: str = Field(description="trello, clickup, shortcut or github")
    url: str | None = Field(description="The card on the tracker, when it has an address")
    synced_at: datetime | None
    error: str | None = Field(description="Why the last sync failed (it is retried)")


class PaymentSummary(BaseModel):
    id: uuid.UUID
    provider: str = Field(description="yookassa, or invoice")
    attempt: int
    amount: Decimal
    package: str | None
    status: str = Field(description="pending, waiting_for_capture, succeeded or canceled")
    cancellation_reason: str | None
    created_at: datetime
    paid_at: datetime | None


class BookingSummary(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    manager: str
    status: str = Field(description="booked or cancelled")
    confirmed_at: datetime | None


class LeadDetail(BaseModel):
    lead: LeadItem
    crm: CrmState | None = Field(None, description="Null: the lead is not in a CRM (yet)")
    trackers: list[TrackerCard] = Field(
        default_factory=list, description="Its cards on the task trackers, by service"
    )
    payments: list[PaymentSummary] = Field(default_factory=list, description="Oldest first")
    bookings: list[BookingSummary] = Field(default_factory=list, description="Oldest first")
    brief: dict[str, Any]
    quotes: list[QuoteSummary]
    documents: list[DocumentSummary]
    timeline: list[TimelineEntry] = Field(description="Oldest first")


class LeadOutcome(BaseModel):
    status: Literal["won", "lost"]
    tags: list[str] = Field(default_factory=list, max_length=20)
    reason: str | None = Field(None, max_length=500)


class ContactFormIn(BaseModel):
    """Lengths are checked by the service, which answers in Russian, field by field."""

    name: StorableStr = Field("", max_length=1000)
    phone: StorableStr = Field("", max_length=1000)
    email: StorableStr = Field("", max_length=1000)
    company: StorableStr = Field("", max_length=1000)
    message: StorableStr = Field("", max_length=10_000)
    consent: bool = False
    website: StorableStr = Field("", max_length=1000, description="Leave empty (spam trap)")


class ContactFormOut(BaseModel):
    # No lead id: a spam bot must not tell a dropped submission from an accepted one.
    message: str
