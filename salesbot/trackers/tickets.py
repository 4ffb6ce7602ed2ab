"""What a tracker's card says about a lead, read from our rows at the moment of the sync: the
client, the channel, the product, the brief, the latest quote's packages and the
recommendation, the documents and the conversation, in Markdown; a priority and a due date;
and the comments (each status the lead reached, each document sent).

Built on the CRM's card (`crm.cards.snapshot`) so both say the same things."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.crm.cards import BRIEF_LABELS, Note, quote_text, snapshot
from salesbot.db.base import utcnow
from salesbot.documents.kinds import DOCUMENT_TITLES
from salesbot.documents.service import DocumentService
from salesbot.integrations.trackers.base import LeadTicket, Priority
from salesbot.leads import repository
from salesbot.models import Booking, Conversation, Lead
from salesbot.models.lead import LEAD_STATUS_TITLES
from salesbot.pricing.serialization import format_roubles
from salesbot.settings import Settings

CHANNEL_NAMES = {"web": "сайт", "telegram": "Telegram", "avito": "Авито"}


@dataclass(frozen=True)
class Ticket:
    data: LeadTicket
    comments: tuple[Note, ...]

    def fingerprint(self) -> str:
        """Changes when anything on the card but its status changes (the status and the
        comments are followed on their own)."""
        card = {**asdict(self.data), "status": None}
        text = json.dumps(card, default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


async def ticket(
    session: AsyncSession, settings: Settings, documents: DocumentService, lead: Lead
) -> Ticket:
    crm = (await snapshot(session, settings, documents, lead)).card
    conversation = await session.get_one(Conversation, lead.conversation_id)
    booked = await _next_consultation(session, lead)
    zone = ZoneInfo(settings.timezone)
    fields = crm.fields
    channel = CHANNEL_NAMES.get(conversation.channel, conversation.channel)
    contact = crm.contact

    lines = [f"**Клиент:** {contact.name or 'не представился'}"]
    if contact.company:
        lines[0] += f", {contact.company}"
    reach = " · ".join(x for x in (contact.phone, contact.email) if x)
    if reach:
        lines.append(f"**Контакты:** {reach}")
    lines.append(f"**Канал:** {channel}")
    if fields.get("product"):
        lines.append(f"**Продукт:** {fields['product']}")
    if booked is not None:
        where = "МСК" if settings.timezone == "Europe/Moscow" else settings.timezone
        lines.append(f"**Консультация:** {booked.astimezone(zone):%d.%m.%Y %H:%M} ({where})")
    brief = [
        f"- {label}: {fields[name]}" for name, label in BRIEF_LABELS.items() if fields.get(name)
    ]
    if brief:
        lines += ["", "### Бриф", *brief]
    quotes = await repository.quotes(session, conversation.id)
    latest = next((q for q in reversed(quotes) if q.id == lead.quote_id), None) or (
        quotes[-1] if quotes else None
    )
    if latest is not None:
        lines += ["", "### Расчёт", quote_text(latest.result, latest.sequence)]
    sent = await repository.documents(session, conversation.id)
    if sent:
        lines += ["", "### Документы"]
        for document in sent:
            # Signed from the document's own time, so the text (and the card) stay unchanged.
            url, expires = documents.signed_url(document, now=document.created_at.timestamp())
            title = DOCUMENT_TITLES.get(document.kind, document.kind)
            until = datetime.fromtimestamp(expires, zone).strftime("%d.%m.%Y")
            lines.append(f"- [{title} № {document.number}]({url}) (ссылка до {until})")
    link = fields.get("dashboard_link", "")
    lines += ["", f"[Диалог в Salesbot]({link})"]

    amount = f"{crm.amount:.2f}" if crm.amount is not None else ""
    data = LeadTicket(
        key=crm.key,
        title=crm.title,
        description="\n".join(lines),
        status=lead.status,
        priority=priority(lead, conversation, booked),
        due=due(settings, lead, booked),
        labels=crm.tags,
        fields={
            "product": fields.get("product", ""),
            "channel": channel,
            "amount": amount,
            "package": fields.get("recommended_package", ""),
            "phone": contact.phone or "",
            "email": contact.email or "",
        },
        link=link,
    )
    comments = []
    if lead.status != "new":  # a new card says as much; later statuses are news to the team
        comments.append(Note(f"status:{lead.status}", _status_comment(lead)))
    comments += [
        Note(
            f"document:{document.id}",
            f"Клиенту отправлен документ: {DOCUMENT_TITLES.get(document.kind, document.kind)} "
            f"№ {document.number}",
        )
        for document in sent
    ]
    return Ticket(data, tuple(comments))


def priority(lead: Lead, conversation: Conversation, booked: datetime | None) -> Priority:
    """Urgent: the customer asked for a person (until the conversation is back with the bot).
    High: a consultation or a quote is on the table. Low: the lead is closed. Normal: the
    rest."""
    if lead.status in ("won", "lost"):
        return Priority.low
    if conversation.handoff_requested_at is not None:
        return Priority.urgent
    if booked is not None or lead.status in ("brief_completed", "quote_sent"):
        return Priority.high
    return Priority.normal


def due(settings: Settings, lead: Lead, booked: datetime | None) -> datetime | None:
    """The consultation, when one is booked; else a follow-up after the lead last moved;
    none for a closed lead."""
    if lead.status in ("won", "lost"):
        return None
    if booked is not None:
        return booked
    return lead.updated_at + timedelta(hours=settings.tracker_follow_up_hours)


async def _next_consultation(session: AsyncSession, lead: Lead) -> datetime | None:
    starts: datetime | None = await session.scalar(
        select(Booking.starts_at)
        .where(
            Booking.conversation_id == lead.conversation_id,
            Booking.status == "booked",
            Booking.starts_at > utcnow(),
        )
        .order_by(Booking.starts_at)
        .limit(1)
    )
    return starts


def _status_comment(lead: Lead) -> str:
    text = f"Статус лида: «{LEAD_STATUS_TITLES.get(lead.status, lead.status)}»."
    if lead.status == "won" and lead.amount is not None:
        text += f" Сумма сделки: {format_roubles(lead.amount)}."
    return text
