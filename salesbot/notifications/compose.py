"""A queued mail made ready to send: its template rendered with what the database says now,
its documents read from disk."""

from __future__ import annotations

import asyncio
import email.utils
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking.ics import invitation
from salesbot.booking.words import day_and_time
from salesbot.documents.kinds import DOCUMENT_TITLES, document_file_name
from salesbot.documents.service import DocumentService
from salesbot.integrations.mail import Mail, MailAttachment
from salesbot.models import Booking, Conversation, Document, Lead, OutgoingMail
from salesbot.notifications.templates import TEAM_TEMPLATES, render
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

# What a managers' template may show; each is None unless the alert or its lead has it.
TEAM_FIELDS = (
    "product",
    "amount",
    "reason",
    "channel",
    "link",
    "when",
    "invoice",
    "task",
    "job_id",
    "error",
)


class MissingAttachment(Exception):
    """A document to attach is gone (deleted, or its file is missing)."""


def dashboard_link(settings: Settings, conversation_id: uuid.UUID | str) -> str:
    return f"{settings.public_url.rstrip('/')}/app/inbox?c={conversation_id}"


def message_id(mail_id: uuid.UUID, settings: Settings) -> str:
    """Stable for the row, so a mail sent twice after a crash is recognisably one."""
    domain = email.utils.parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "salesbot.local"
    return f"<{mail_id}@{domain}>"


async def compose(session: AsyncSession, settings: Settings, mail: OutgoingMail) -> Mail:
    documents = DocumentService(settings, PricingService(settings))
    requisites = await documents.requisites(session)
    context: dict[str, Any] = {
        "company": requisites["short_name"],
        "public_url": settings.public_url.rstrip("/"),
    }
    attachments: tuple[MailAttachment, ...] = ()
    reply_to = None
    if mail.template in TEAM_TEMPLATES:
        context |= await _team_values(session, settings, mail.context)
    elif mail.template == "booking_invite":
        context |= {k: requisites[k] for k in ("phone", "email", "website")}
        invite, values = await _invitation(
            session, settings, mail, requisites["email"], requisites["short_name"]
        )
        context |= values
        attachments = (invite,)
        reply_to = requisites["email"]
    else:
        records = await _documents(session, mail.attachment_ids)
        context |= {
            "phone": requisites["phone"],
            "email": requisites["email"],
            "website": requisites["website"],
            "documents": [
                {"title": DOCUMENT_TITLES.get(d.kind, d.kind), "number": d.number} for d in records
            ],
        }
        attachments = tuple([await _attachment(documents, d) for d in records])
        reply_to = requisites["email"]  # a customer's answer reaches the sales team
    rendered = render(settings.templates_dir, mail.template, context)
    return Mail(
        to=mail.addresses,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        message_id=message_id(mail.id, settings),
        reply_to=reply_to,
        attachments=attachments,
    )


async def _team_values(
    session: AsyncSession, settings: Settings, stored: dict[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {**dict.fromkeys(TEAM_FIELDS), **stored}
    conversation_id = stored.get("conversation_id")
    if not conversation_id:
        return values
    values["link"] = dashboard_link(settings, conversation_id)
    conversation = await session.get(Conversation, uuid.UUID(conversation_id))
    if conversation is None:
        return values
    if values["channel"] is None:
        values["channel"] = conversation.channel
    query = select(Lead).where(Lead.conversation_id == conversation.id)
    lead = (await session.execute(query)).scalar_one_or_none()
    if lead is None:
        return values
    if values["amount"] is None and lead.amount is not None:
        values["amount"] = format_roubles(lead.amount)
    if values["product"] is None and lead.product:
        products = (await PricingService(settings).current(session)).products
        values["product"] = {p.code: p.name for p in products}.get(lead.product, lead.product)
    return values


async def _invitation(
    session: AsyncSession, settings: Settings, mail: OutgoingMail, organizer: str, company: str
) -> tuple[MailAttachment, dict[str, Any]]:
    """The booking as it is now, as an .ics file and the words of the mail."""
    booking = await session.get(Booking, uuid.UUID(str(mail.context["booking_id"])))
    if booking is None:
        raise MissingAttachment(f"booking {mail.context['booking_id']} not found")
    local = booking.starts_at.astimezone(ZoneInfo(settings.timezone))
    when = f"{day_and_time(local)} по Москве"
    content = invitation(
        booking,
        title=f"Консультация: {company}",
        description="Консультация с менеджером. Перенести или отменить — в чате.",
        organizer=organizer,
        sequence=int(mail.context.get("sequence", 0)),
    )
    attachment = MailAttachment("invite.ics", content, "text/calendar")
    minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
    return attachment, {"when": when, "minutes": minutes, "cancelled": booking.status != "booked"}


async def _documents(session: AsyncSession, ids: list[str]) -> list[Document]:
    wanted = [uuid.UUID(i) for i in ids]
    found = {
        d.id: d
        for d in (await session.execute(select(Document).where(Document.id.in_(wanted)))).scalars()
    }
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise MissingAttachment(f"documents not found: {', '.join(missing)}")
    return [found[i] for i in wanted]


async def _attachment(documents: DocumentService, document: Document) -> MailAttachment:
    path = documents.file_path(document)
    try:
        content = await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError as exc:
        raise MissingAttachment(f"the file of document {document.id} is missing") from exc
    return MailAttachment(
        filename=document_file_name(document.kind, document.number),
        content=content,
        content_type="application/pdf",
    )
