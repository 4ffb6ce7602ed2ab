"""What the sales team's CRM is told about a lead: the card (title, contact, amount, stage,
tags, brief fields) and the notes (the brief, each quote, each document), read from our
rows at the moment of the sync."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.state import DialogState
from salesbot.documents.kinds import DOCUMENT_TITLES
from salesbot.documents.service import DocumentService
from salesbot.integrations.crm.base import CrmContact, LeadCard
from salesbot.leads import repository
from salesbot.leads.service import source_tag
from salesbot.models import Contact, Conversation, Lead
from salesbot.pricing.domain import HOSTING_LABELS, SLA_LABELS, Hosting, Sla
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

# Card fields an admin may map to CRM fields, with the labels of the brief note.
BRIEF_LABELS = {
    "industry": "Отрасль",
    "company_size": "Размер компании",
    "goals": "Задачи",
    "users": "Пользователей",
    "integrations": "Интеграций",
    "systems": "Системы",
    "security": "Требования безопасности",
    "hosting": "Размещение",
    "sla": "SLA",
    "deadline": "Срок запуска",
}
CARD_FIELDS = (
    "product",
    "channel",
    "source",
    *BRIEF_LABELS,
    "recommended_package",
    "dashboard_link",
)


@dataclass(frozen=True)
class Note:
    key: str  # what makes it this note: posted once per key
    text: str


@dataclass(frozen=True)
class LeadSnapshot:
    card: LeadCard
    notes: tuple[Note, ...]

    def fingerprint(self) -> str:
        """Changes when anything on the card but its status changes (the status and the notes
        are followed on their own)."""
        card = {**asdict(self.card), "status": None}
        data = json.dumps(card, default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:32]


def lead_key(lead_id: uuid.UUID) -> str:
    """Our reference in the CRM: short enough for a lead's name, unique enough (48 bits)."""
    return f"SB-{lead_id.hex[:12]}"


async def snapshot(
    session: AsyncSession, settings: Settings, documents: DocumentService, lead: Lead
) -> LeadSnapshot:
    conversation = await session.get_one(Conversation, lead.conversation_id)
    state = DialogState.load(conversation.state)
    contact = await session.get(Contact, lead.contact_id) if lead.contact_id else None
    products = {p.code: p.name for p in (await PricingService(settings).current(session)).products}
    product = products.get(lead.product or "", lead.product or "")
    quotes = await repository.quotes(session, conversation.id)
    quote = next((q for q in reversed(quotes) if q.id == lead.quote_id), None)
    recommended = recommended_name(quote.result if quote else None)
    link = f"{settings.public_url.rstrip('/')}/app/leads/view?id={lead.id}"
    brief = _brief_values(state)
    name = contact.name if contact else None
    card = LeadCard(
        key=lead_key(lead.id),
        title=" — ".join(part for part in (product or "Заявка", name) if part),
        contact=CrmContact(
            name=name,
            phone=contact.phone if contact else None,
            email=contact.email if contact else None,
            company=state.brief.company,
        ),
        status=lead.status,
        amount=lead.amount,
        tags=tuple(dict.fromkeys([source_tag(conversation.channel), *lead.tags])),
        fields={
            "product": product,
            "channel": conversation.channel,
            "source": lead.source,
            **brief,
            "recommended_package": recommended or "",
            "dashboard_link": link,
        },
    )
    zone = ZoneInfo(settings.timezone)
    notes: list[Note] = []
    if brief:
        text = "Бриф клиента\n" + "\n".join(f"{BRIEF_LABELS[k]}: {v}" for k, v in brief.items())
        notes.append(Note("brief:" + _digest(text), text + f"\n\nДиалог в Salesbot: {link}"))
    for quote in quotes:
        notes.append(Note(f"quote:{quote.id}", quote_text(quote.result, quote.sequence)))
    for document in await repository.documents(session, conversation.id):
        url, expires = documents.signed_url(document)
        until = datetime.fromtimestamp(expires, zone).strftime("%d.%m.%Y")
        title = DOCUMENT_TITLES.get(document.kind, document.kind)
        text = f"{title} № {document.number}\nСкачать (ссылка действует до {until}): {url}"
        notes.append(Note(f"document:{document.id}", text))
    return LeadSnapshot(card, tuple(notes))


def _brief_values(state: DialogState) -> dict[str, str]:
    brief = state.brief
    values: dict[str, str | int | None] = {
        "industry": brief.industry,
        "company_size": brief.company_size,
        "goals": brief.goals,
        "users": brief.users,
        "integrations": brief.integrations,
        "systems": ", ".join(brief.systems) or None,
        "security": brief.security,
        "hosting": HOSTING_LABELS.get(Hosting(brief.hosting)) if brief.hosting else None,
        "sla": SLA_LABELS.get(Sla(brief.sla)) if brief.sla else None,
        "deadline": brief.deadline_text
        or (f"{brief.deadline_days} дн." if brief.deadline_days else None),
    }
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def recommended_name(result: dict[str, object] | None) -> str | None:
    if not result:
        return None
    packages = result.get("packages")
    code = result.get("recommended")
    if not isinstance(packages, list):
        return None
    return next((str(p["name"]) for p in packages if p.get("code") == code), None)


def quote_text(result: dict[str, object], sequence: int) -> str:
    lines = [f"Расчёт № {sequence}: {_name(result.get('product'))}"]
    packages = result.get("packages")
    for package in packages if isinstance(packages, list) else []:
        if not package.get("available", True):
            continue
        mark = " — рекомендуем" if package.get("code") == result.get("recommended") else ""
        lines.append(f"• {package['name']}: {format_roubles(Decimal(package['total']))}{mark}")
    if reason := result.get("recommendation_reason"):
        lines.append(f"Почему: {reason}")
    if valid := result.get("valid_until"):
        lines.append(f"Действует до {datetime.fromisoformat(str(valid)).strftime('%d.%m.%Y')}")
    return "\n".join(lines)


def _name(product: object) -> str:
    return str(product.get("name")) if isinstance(product, dict) else str(product or "")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
