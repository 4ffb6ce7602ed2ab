"""The deterministic tools both brains use. Prices come only from the pricing engine, facts
only from the knowledge base; every change lands in the conversation's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from loguru import logger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.booking.service import BookingService
from salesbot.conversations.documents import make_document
from salesbot.conversations.state import DialogState, Stage
from salesbot.conversations.types import Attachment
from salesbot.crm.cards import lead_key
from salesbot.db.base import utcnow
from salesbot.documents.service import DocumentService
from salesbot.integrations.calendar import get_calendar
from salesbot.integrations.calendar.base import Busy
from salesbot.integrations.errors import OutsideServiceError
from salesbot.integrations.payments import get_payment_provider
from salesbot.knowledge.backend import KnowledgeBackend
from salesbot.knowledge.service import SearchHit
from salesbot.leads import service as leads
from salesbot.leads.dashboard import HANDOFF_REASONS
from salesbot.models import (
    Booking,
    Contact,
    Conversation,
    ConversationEvent,
    Document,
    Owner,
    Payment,
    QuoteRecord,
)
from salesbot.notifications.service import (
    mail_enabled,
    queue_booking_invite,
    queue_customer_documents,
)
from salesbot.notifications.team import tell_the_team
from salesbot.payments.service import PaymentService
from salesbot.pricing.domain import Brief, Hosting, Sla
from salesbot.pricing.service import PricingService
from salesbot.security.pii import pii_hash
from salesbot.settings import Settings


@dataclass(frozen=True)
class MailedDocuments:
    to: str | None  # None: the contact has no e-mail yet; nothing was queued
    documents: tuple[Document, ...]
    mail_on: bool  # False: no SMTP server is configured; nothing was queued

    @property
    def queued(self) -> bool:
        return self.to is not None and self.mail_on


@dataclass
class Tools:
    """Tools bound to one conversation and its transaction (the tenant never comes from
    the model's arguments)."""

    session: AsyncSession
    settings: Settings
    conversation: Conversation
    state: DialogState
    knowledge: KnowledgeBackend  # our own index or AnythingLLM, per KNOWLEDGE_BACKEND
    pricing: PricingService
    documents: DocumentService
    # PDFs made during this turn: the reply carries them as attachments.
    created: list[Attachment] = field(default_factory=list)
    quoted_now: bool = False  # a quote was calculated during this turn

    async def search_knowledge(
        self, query: str, *, category: str | None = None, k: int = 3
    ) -> list[SearchHit]:
        return await self.knowledge.search(
            self.session, self.settings.kb_collection, query, k=k, category=category
        )

    def update_brief(self, **slots: Any) -> list[str]:
        """Set the given brief slots; returns the names whose value changed."""
        changed = []
        for name, value in slots.items():
            if value is None or name not in type(self.state.brief).model_fields:
                continue
            if getattr(self.state.brief, name) != value:
                setattr(self.state.brief, name, value)
                changed.append(name)
        return changed

    async def note_brief_progress(self, *, complete: bool) -> None:
        """The lead's status follows the brief: qualified, then brief_completed."""
        status = "brief_completed" if complete else "qualified"
        await leads.advance(self.session, self.conversation, status=status)

    async def set_product(self, product: str) -> None:
        self.state.product = product
        await leads.advance(self.session, self.conversation, status="qualified", product=product)

    async def calculate_quote(self) -> QuoteRecord:
        brief = self.state.brief
        assert self.state.product and not brief.missing()
        self.quoted_now = True
        record = await self.pricing.quote(
            self.session,
            Brief(
                self.state.product,
                int(brief.users or 0),
                int(brief.integrations or 0),
                Hosting(str(brief.hosting)),
                Sla(str(brief.sla)),
                brief.deadline_days,
            ),
            conversation_id=self.conversation.id,
        )
        if self.state.quote_id is not None:
            self.state.recalculations += 1
        self.state.quote_id = str(record.id)
        self.state.stage = Stage.quote
        await leads.advance(
            self.session,
            self.conversation,
            status="quote_sent",
            quote_id=record.id,
            amount=record.recommended_total,
        )
        return record

    async def base_prices(self, product: str) -> list[tuple[str, str, Decimal]]:
        """(package code, package name, base price) of a product in the price list in force,
        cheapest package first."""
        price_list = await self.pricing.current(self.session)
        return [
            (package.code, package.name, price_list.base_prices[(product, package.code)])
            for package in price_list.packages
        ]

    async def amounts_in_force(self) -> set[Decimal]:
        """Roubles the assistant may name: the base prices of the price list in force and
        the package totals of this conversation's quote."""
        price_list = await self.pricing.current(self.session)
        amounts = {price.quantize(Decimal(1)) for price in price_list.base_prices.values()}
        if self.state.quote_id is not None:
            record = await self.session.get(QuoteRecord, uuid.UUID(self.state.quote_id))
            if record is not None:
                amounts |= {
                    Decimal(p["total"]).quantize(Decimal(1)) for p in record.result["packages"]
                }
        return amounts

    async def create_document(self, kind: str) -> tuple[str, str]:
        """(number, signed download URL) of a new PDF for the current quote."""
        record, attachment = await make_document(
            self.session, self.documents, self.conversation, self.state, kind
        )
        self.created.append(attachment)
        assert attachment.url is not None
        return record.number, attachment.url

    async def save_contact(
        self, *, name: str | None = None, phone: str | None = None, email: str | None = None
    ) -> Contact:
        contact = await self._contact()
        if contact is None:
            # given in the chat to get an offer and a contract: 152-FZ art. 6 part 1 item 5
            contact = Contact(id=uuid.uuid4(), legal_basis="contract")
            self.session.add(contact)
            self.conversation.contact_id = contact.id
        if name:
            contact.name, contact.name_hash = name, pii_hash("name", name)
        if phone:
            contact.phone, contact.phone_hash = phone, pii_hash("phone", phone)
        if email:
            contact.email, contact.email_hash = email, pii_hash("email", email)
        await self.session.flush()
        self.state.contact_saved = True
        await leads.advance(self.session, self.conversation, status="new", contact_id=contact.id)
        return contact

    async def email_documents(self, kind: str | None = None) -> MailedDocuments:
        """Mail the customer the current quote's documents (the outbox sends them).

        `kind` named and not made yet, or no document at all: it is made first (an offer when
        none is named). Without an e-mail address on the contact nothing is queued: the brain
        asks for one. The quote must exist."""
        assert self.state.quote_id is not None
        documents = await self._quote_documents()
        if (kind and kind not in {d.kind for d in documents}) or not documents:
            await self.create_document(kind or "offer")
            documents = await self._quote_documents()
        wanted = [d for d in documents if d.kind == kind] if kind else documents
        contact = await self._contact()
        email = contact.email if contact else None
        if email and mail_enabled(self.settings):
            await queue_customer_documents(
                self.session,
                conversation_id=self.conversation.id,
                to=email,
                document_ids=[d.id for d in wanted],
            )
        return MailedDocuments(email, tuple(wanted), mail_enabled(self.settings))

    async def _quote_documents(self) -> list[Document]:
        """The current quote's documents, the newest of each kind."""
        rows = await self.session.scalars(
            select(Document)
            .where(Document.quote_id == uuid.UUID(str(self.state.quote_id)))
            .order_by(Document.created_at.desc())
        )
        newest: dict[str, Document] = {}
        for document in rows:
            newest.setdefault(document.kind, document)
        return list(newest.values())

    # --- payments ---------------------------------------------------------------------------------
    async def payment_link(self) -> Payment | None:
        """The current quote's payment link (YooKassa), the one made before while it lasts;
        None without YooKassa (the invoice is the way). Raises `TooManyAttempts`."""
        provider = get_payment_provider(self.settings)
        if provider is None:
            return None
        assert self.state.quote_id is not None
        quote = await self.session.get_one(QuoteRecord, uuid.UUID(self.state.quote_id))
        lead = await leads.for_conversation(self.session, self.conversation.id)
        contact = await self._contact()
        try:
            return await PaymentService(self.settings, provider).link(
                self.session,
                self.conversation.id,
                quote,
                lead_key=lead_key(lead.id) if lead else str(self.conversation.id),
                email=contact.email if contact else None,
                phone=contact.phone if contact else None,
            )
        finally:
            await provider.close()

    # --- consultations ---------------------------------------------------------------------------
    @property
    def bookings(self) -> BookingService:
        return BookingService(self.settings)

    async def free_slots(
        self, *, after: datetime | None = None, before: datetime | None = None
    ) -> list[datetime]:
        """The nearest free starts for a consultation (BOOKING_SLOTS_OFFERED at most), clear
        of the team calendar's busy time when Google Calendar is connected."""
        return await self.bookings.free_slots(
            self.session,
            after=after,
            before=before,
            limit=self.settings.booking_slots_offered,
            outside=await self._calendar_busy(),
        )

    async def _calendar_busy(self) -> list[Busy]:
        calendar = get_calendar(self.settings)
        if calendar is None:
            return []
        now = utcnow()
        try:
            return await calendar.busy(now, now + timedelta(days=self.settings.booking_days_ahead))
        except OutsideServiceError as error:  # our own bookings still keep slots apart
            logger.bind(conversation_id=str(self.conversation.id)).warning(
                "calendar busy time unavailable: {}", type(error).__name__
            )
            return []
        finally:
            await calendar.close()

    async def current_booking(self) -> Booking | None:
        return await self.bookings.current(self.session, self.conversation.id)

    async def book(self, start: datetime) -> Booking:
        """Book (or move the booking to) `start`; raises `SlotTaken` when it went meanwhile.
        The team hears of a new booking on every route."""
        moved = await self.current_booking() is not None
        booking = await self.bookings.book(
            self.session, self.conversation.id, start, customer_zone=self.state.timezone
        )
        await leads.advance(self.session, self.conversation, status="new")  # a call: a lead
        await tell_the_team(
            self.session,
            self.settings,
            "booking",
            conversation_id=self.conversation.id,
            reason="moved" if moved else "booked",
            reason_label="клиент перенёс консультацию" if moved else "клиент записался",
            extra={"when": _moscow(booking.starts_at, self.settings)},
            dedupe_key=f"team:booking:{booking.id}:{booking.starts_at.isoformat()}",
        )
        await analytics.booked(self.session, self.conversation.id, moved=moved)
        await self._invite(booking, booking.starts_at.isoformat())
        await self._show_on_the_lead()
        return booking

    async def _show_on_the_lead(self) -> None:
        """The lead's CRM deal and tracker cards show what changed beside the lead itself
        (a consultation, a call for a person): their syncs are queued."""
        if (lead := await leads.for_conversation(self.session, self.conversation.id)) is not None:
            await leads.schedule_sync(self.session, lead)

    async def _invite(self, booking: Booking, change: str) -> None:
        """The invitation (.ics) by mail: a service account's calendar cannot invite."""
        contact = await self._contact()
        if contact is not None and contact.email and mail_enabled(self.settings):
            await queue_booking_invite(
                self.session, booking_id=booking.id, to=contact.email, change=change
            )

    async def confirm_booking(self) -> Booking | None:
        booking = await self.current_booking()
        if booking is not None and booking.confirmed_at is None:
            booking.confirmed_at = utcnow()
        return booking

    async def cancel_booking(self) -> Booking | None:
        booking = await self.bookings.cancel(self.session, self.conversation.id)
        if booking is not None:
            await self._invite(booking, "cancelled")
            await self._show_on_the_lead()
        return booking

    async def request_handoff(self, reason: str) -> None:
        """A manager takes over: the bot stops answering and the team is notified."""
        self.conversation.owner = Owner.human.value
        self.state.stage, self.state.handoff_reason = Stage.handed_off, reason
        await self._call_the_team("handoff", reason)
        await analytics.handed_off(self.session, self.conversation.id, by="bot", reason=reason)

    async def alert_managers(self, reason: str) -> None:
        """The team should look at this conversation (a large deal), while the bot goes on
        serving the customer until a manager takes over."""
        await self._call_the_team("alert", reason)

    async def _call_the_team(self, kind: str, reason: str) -> None:
        """The conversation waits for a person («Просят менеджера»): an event, and the team
        told through every route (Telegram group, mail), all in the same transaction."""
        self.conversation.handoff_requested_at = utcnow()
        event = ConversationEvent(
            conversation_id=self.conversation.id, kind=kind, actor="bot", data={"reason": reason}
        )
        self.session.add(event)
        await self.session.flush()
        await self._show_on_the_lead()  # who waits for a person
        await tell_the_team(
            self.session,
            self.settings,
            kind,
            conversation_id=self.conversation.id,
            reason=reason,
            reason_label=HANDOFF_REASONS.get(reason, reason),
            dedupe_key=f"team:{kind}:{event.id}",  # each call for a person is its own mail
        )
        logger.bind(conversation_id=str(self.conversation.id)).info("{}: {}", kind, reason)

    async def record_unanswered(self, question: str) -> None:
        from salesbot.knowledge import unanswered

        await unanswered.record(self.session, self.settings, question)

    async def record_nps(self, score: int) -> None:
        self.state.nps = max(0, min(10, score))
        self.state.stage = Stage.finished
        await analytics.nps_recorded(self.session, self.conversation.id, score=self.state.nps)

    async def contact(self) -> Contact | None:
        """The customer's contact, when they left one."""
        return await self._contact()

    async def _contact(self) -> Contact | None:
        if self.conversation.contact_id is None:
            return None
        return await self.session.get(Contact, self.conversation.contact_id)


def _moscow(moment: datetime, settings: Settings) -> str:
    """A moment as the team reads it: "10.12.2026 11:00 (Europe/Moscow)"."""
    return f"{moment.astimezone(ZoneInfo(settings.timezone)):%d.%m.%Y %H:%M} ({settings.timezone})"
