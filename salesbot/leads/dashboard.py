"""Leads as the dashboard shows them: the filtered list, the CSV export, a manager's status
change, and a lead's card with its timeline."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.db.base import utcnow
from salesbot.documents.kinds import DOCUMENT_TITLES
from salesbot.documents.service import DocumentService
from salesbot.errors import NotFound
from salesbot.integrations.crm.factory import CRM_SERVICE
from salesbot.leads import repository
from salesbot.leads.schemas import (
    BookingSummary,
    CrmState,
    DocumentSummary,
    LeadContact,
    LeadDetail,
    LeadItem,
    PaymentSummary,
    QuoteSummary,
    TimelineEntry,
    TrackerCard,
)
from salesbot.leads.search import search_terms
from salesbot.leads.service import record_status_change, schedule_sync
from salesbot.models import Conversation, ConversationEvent, CrmLink, Lead
from salesbot.pricing.serialization import format_roubles

STATUS_LABELS = {
    "new": "новый",
    "qualified": "квалифицирован",
    "brief_completed": "бриф заполнен",
    "quote_sent": "расчёт отправлен",
    "won": "сделка",
    "lost": "отказ",
}
HANDOFF_REASONS = {
    "customer_request": "клиент попросил менеджера",
    "negative_emotion": "клиент недоволен",
    "repeated_misunderstanding": "ассистент не понял клиента",
    "recalculation_limit": "слишком много пересчётов",
    "large_deal": "крупная сделка",
    "internal_error": "техническая ошибка",
    "manager_takeover": "менеджер взял диалог",
    "contact_form": "заявка с формы на сайте",
    "payment_attempts": "не получается оплатить",
    "no_free_slots": "нет свободного времени для консультации",
}


def period(
    date_from: date | None, date_to: date | None, timezone: str
) -> tuple[datetime | None, datetime | None]:
    """Inclusive local dates → [start, end) instants."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(date_from, time.min, zone) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, zone) if date_to else None
    return start, end


def lead_filter(
    *,
    timezone: str,
    status: str | None = None,
    channel: str | None = None,
    product: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str | None = None,
) -> repository.LeadFilter:
    start, end = period(date_from, date_to, timezone)
    hashes = search_terms(q)["contact_hashes"] if q and q.strip() else {}
    return repository.LeadFilter(
        status=status,
        channel=channel,
        product=product,
        created_from=start,
        created_before=end,
        contact_hashes=hashes,
    )


def item(row: Row[Any]) -> LeadItem:
    lead: Lead = row[0]
    contact = (
        LeadContact(name=row.contact_name, phone=row.contact_phone, email=row.contact_email)
        if lead.contact_id is not None
        else None
    )
    return LeadItem(
        id=lead.id,
        conversation_id=lead.conversation_id,
        status=lead.status,
        source=lead.source,
        product=lead.product,
        quote_id=lead.quote_id,
        amount=lead.amount,
        tags=lead.tags,
        created_at=lead.created_at,
        updated_at=lead.updated_at,
        channel=row.channel,
        contact=contact,
    )


async def page(
    session: AsyncSession, where: repository.LeadFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[LeadItem], int]:
    rows, total = await repository.page(session, where, sort=sort, limit=limit, offset=offset)
    return [item(row) for row in rows], total


async def get_item(session: AsyncSession, lead_id: uuid.UUID) -> LeadItem:
    row = await repository.one(session, lead_id)
    if row is None:
        raise NotFound("Лид не найден.", code="lead_not_found")
    return item(row)


# --- CSV ------------------------------------------------------------------------------------
CSV_HEADERS = [
    "ID",
    "Создан",
    "Обновлён",
    "Статус",
    "Канал",
    "Источник",
    "Продукт",
    "Сумма, ₽",
    "Имя",
    "Телефон",
    "Почта",
    "Теги",
    "Диалог",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula: those starting like one get a quote."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_row(
    lead: LeadItem,
    zone: ZoneInfo,
    product_names: dict[str, str],
    channel_labels: Mapping[str, str],
) -> list[str]:
    contact = lead.contact
    cells = [
        str(lead.id),
        _local(lead.created_at, zone),
        _local(lead.updated_at, zone),
        STATUS_LABELS.get(lead.status, lead.status),
        channel_labels.get(lead.channel, lead.channel),
        lead.source,
        product_names.get(lead.product or "", lead.product or ""),
        _amount(lead.amount),
        (contact.name if contact else None) or "",
        (contact.phone if contact else None) or "",
        (contact.email if contact else None) or "",
        ", ".join(lead.tags),
        str(lead.conversation_id),
    ]
    return [safe_cell(cell) for cell in cells]


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _amount(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")  # as Russian Excel reads


async def csv_chunks(
    session: AsyncSession,
    where: repository.LeadFilter,
    *,
    sort: str,
    timezone: str,
    product_names: dict[str, str],
    channel_labels: Mapping[str, str],
) -> AsyncIterator[bytes]:
    """The export, UTF-8 with a BOM (Excel then reads Cyrillic right), `;`-separated;
    products by their names in the price list in force."""
    zone = ZoneInfo(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    yield "\ufeff".encode() + buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    count = 0
    async for row in repository.stream(session, where, sort=sort):
        writer.writerow(_csv_row(item(row), zone, product_names, channel_labels))
        count += 1
        if count % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


# --- status -----------------------------------------------------------------------------------
async def set_status(
    session: AsyncSession, lead_id: uuid.UUID, *, status: str, reason: str | None, actor: str
) -> Lead:
    """A manager sets any status; the change goes to the conversation's events (the
    timeline), with who made it and why."""
    lead = await session.get(Lead, lead_id, with_for_update=True)
    if lead is None:
        raise NotFound("Лид не найден.", code="lead_not_found")
    previous = lead.status
    if previous != status:
        lead.status = status
        lead.updated_at = utcnow()
        record_status_change(session, lead, previous, actor=actor, reason=reason)
        await analytics.lead_status(session, lead.conversation_id, status=status, actor="manager")
    if reason and status in ("won", "lost"):
        lead.details = {**lead.details, "close_reason": reason}
    await session.flush()
    await schedule_sync(session, lead)
    return lead


# --- the card ---------------------------------------------------------------------------------
async def detail(
    session: AsyncSession,
    lead_id: uuid.UUID,
    documents_service: DocumentService,
    channel_labels: Mapping[str, str],
) -> LeadDetail:
    lead = await get_item(session, lead_id)
    conversation = await session.get_one(Conversation, lead.conversation_id)
    quotes = await repository.quotes(session, lead.conversation_id)
    documents = await repository.documents(session, lead.conversation_id)
    events = await repository.events(session, lead.conversation_id)
    first, last = await repository.first_and_last_messages(session, lead.conversation_id)

    timeline = [
        TimelineEntry(
            at=lead.created_at,
            kind="lead_created",
            actor=None,
            summary=f"Лид создан ({channel_labels.get(lead.channel, lead.channel)})",
            data={"source": lead.source},
        )
    ]
    timeline += [_event_entry(e) for e in events]
    for quote in quotes:
        total = quote.recommended_total
        summary = f"Расчёт: {quote.result['product']['name']}"
        if total is not None:
            summary += f", рекомендуемый пакет — {format_roubles(total)}"
        timeline.append(
            TimelineEntry(
                at=quote.created_at,
                kind="quote",
                actor=None,
                summary=summary,
                data={"quote_id": str(quote.id), "recommended": quote.recommended},
            )
        )
    for document in documents:
        timeline.append(
            TimelineEntry(
                at=document.created_at,
                kind="document",
                actor=None,
                summary=f"{DOCUMENT_TITLES.get(document.kind, 'Документ')} № {document.number}",
                data={"document_id": str(document.id), "kind": document.kind},
            )
        )
    if first is not None:
        timeline.append(
            TimelineEntry(
                at=first.created_at,
                kind="first_message",
                actor="customer",
                summary=f"Первое сообщение клиента: «{_short(first.readable_text)}»",
                data={"message_id": str(first.id), "seq": first.seq},
            )
        )
    if last is not None and (first is None or last.id != first.id):
        timeline.append(
            TimelineEntry(
                at=last.created_at,
                kind="last_message",
                actor=last.author,
                summary=f"Последнее сообщение ({_author(last.author)}): "
                f"«{_short(last.readable_text)}»",
                data={"message_id": str(last.id), "seq": last.seq},
            )
        )
    timeline.sort(key=lambda entry: entry.at)

    return LeadDetail(
        lead=lead,
        crm=await _crm_state(session, lead_id),
        trackers=await _tracker_cards(session, lead_id),
        payments=[
            PaymentSummary.model_validate(p, from_attributes=True)
            for p in await repository.payments(session, lead.conversation_id)
        ],
        bookings=[
            BookingSummary.model_validate(b, from_attributes=True)
            for b in await repository.bookings(session, lead.conversation_id)
        ],
        brief=dict((conversation.state or {}).get("brief") or {}),
        quotes=[
            QuoteSummary(
                id=q.id,
                created_at=q.created_at,
                product=q.product,
                recommended=q.recommended,
                total=q.recommended_total,
                valid_until=q.valid_until,
                packages=list(q.result.get("packages", [])),
            )
            for q in quotes
        ],
        documents=[
            DocumentSummary(
                id=d.id,
                kind=d.kind,
                number=d.number,
                created_at=d.created_at,
                url=documents_service.signed_url(d)[0],
            )
            for d in documents
        ],
        timeline=timeline,
    )


async def _crm_state(session: AsyncSession, lead_id: uuid.UUID) -> CrmState | None:
    link = await session.scalar(
        select(CrmLink).where(CrmLink.lead_id == lead_id, CrmLink.service == CRM_SERVICE)
    )
    if link is None:
        return None
    reported = ((await session.get_one(Lead, lead_id)).details or {}).get("crm") or {}
    moved_at = reported.get("moved_at")
    return CrmState(
        service=link.service,
        url=link.url,
        stage=reported.get("stage"),
        moved_at=datetime.fromisoformat(moved_at) if moved_at else None,
        synced_at=link.synced_at,
        error=link.last_error,
    )


async def _tracker_cards(session: AsyncSession, lead_id: uuid.UUID) -> list[TrackerCard]:
    rows = await session.scalars(
        select(CrmLink)
        .where(CrmLink.lead_id == lead_id, CrmLink.service != CRM_SERVICE)
        .order_by(CrmLink.service)
    )
    return [
        TrackerCard(service=r.service, url=r.url, synced_at=r.synced_at, error=r.last_error)
        for r in rows
    ]


def _event_entry(event: ConversationEvent) -> TimelineEntry:
    data = event.data or {}
    summaries = {
        "takeover": "Менеджер взял диалог",
        "release": "Диалог возвращён ассистенту",
        "handoff": "Ассистент передал диалог менеджеру: "
        + HANDOFF_REASONS.get(str(data.get("reason")), str(data.get("reason") or "без причины")),
        "document_resent": f"Документ № {data.get('number', '')} отправлен клиенту повторно",
    }
    if event.kind == "lead_status":
        old, new = data.get("from", ""), data.get("to", "")
        summary = f"Статус: {STATUS_LABELS.get(old, old)} → {STATUS_LABELS.get(new, new)}" + (
            f" ({data['reason']})" if data.get("reason") else ""
        )
    else:
        summary = summaries.get(event.kind, f"Событие: {event.kind}")
    return TimelineEntry(
        at=event.created_at, kind=event.kind, actor=event.actor, summary=summary, data=data
    )


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _author(author: str) -> str:
    return {"customer": "клиент", "bot": "ассистент", "manager": "менеджер"}.get(author, "система")
