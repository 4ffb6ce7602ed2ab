"""A person's data under 152-FZ: found by phone, e-mail or contact, exported, erased; and
the retention periods applied to everybody.

Erasing a conversation removes what identifies or was said by the person: its messages,
attached files, generated documents, the mails sent to them, events and the brief's words;
what stays are numbers (the lead's amount and status, quotes, payments, analytics facts),
which accounting and the reports need and which identify nobody once the contact is gone.
The `delete` retention action removes the conversation row itself, with everything that
hangs on it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from loguru import logger
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.service import AttachmentService
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.errors import NotFound, ValidationFailed
from salesbot.models import (
    Booking,
    Contact,
    Conversation,
    ConversationEvent,
    Document,
    Lead,
    Message,
    OutgoingMail,
    QuoteRecord,
    StoredFile,
)
from salesbot.notifications.templates import CUSTOMER_TEMPLATES
from salesbot.security.pii import normalise, pii_hash
from salesbot.settings import Settings

ERASED = "erased"  # what an erased conversation's chat id starts with


@dataclass(frozen=True)
class Person:
    """Whom a request is about: the matching contacts and every conversation of theirs."""

    contacts: list[Contact]
    conversations: list[Conversation]


@dataclass
class Erased:
    contacts: int = 0
    conversations: int = 0
    messages: int = 0
    files: int = 0
    documents: int = 0
    mails: int = 0
    deleted_conversations: int = 0
    missing_files: list[str] = field(default_factory=list)

    def add(self, other: Erased) -> None:
        for item in fields(self):  # counts add up, and so do the lists of missing files
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


async def find_person(
    session: AsyncSession,
    *,
    phone: str | None = None,
    email: str | None = None,
    contact_id: uuid.UUID | None = None,
) -> Person:
    """Contacts with this phone, e-mail or id, and their conversations, including those
    where the person only typed the phone or e-mail in a message. NotFound when there are
    none."""
    hashes: dict[str, str] = {}
    if phone:
        if len(normalise("phone", phone)) < 10:
            raise ValidationFailed("Телефон указан не полностью.", code="invalid_phone")
        hashes["phone_hash"] = pii_hash("phone", phone)
    if email:
        if "@" not in email:
            raise ValidationFailed("Проверьте адрес почты.", code="invalid_email")
        hashes["email_hash"] = pii_hash("email", email)
    if not hashes and contact_id is None:
        raise ValidationFailed(
            "Укажите телефон, почту или идентификатор контакта.", code="person_not_named"
        )
    conditions = [getattr(Contact, column) == value for column, value in hashes.items()]
    if contact_id is not None:
        conditions.append(Contact.id == contact_id)
    contacts = list((await session.scalars(select(Contact).where(or_(*conditions)))).all())
    ids = [contact.id for contact in contacts]
    typed = select(Message.conversation_id).where(
        Message.contact_hashes.overlap(list(hashes.values()))
    )
    which = [Conversation.id.in_(typed)] if hashes else []
    if ids:
        which.append(Conversation.contact_id.in_(ids))
    conversations = (
        list(
            (
                await session.scalars(
                    select(Conversation).where(or_(*which)).order_by(Conversation.created_at)
                )
            ).all()
        )
        if which
        else []
    )
    if not contacts and not conversations:
        raise NotFound(
            "Данных об этом человеке нет: проверьте телефон или почту.", code="person_not_found"
        )
    return Person(contacts, conversations)


async def export_person(session: AsyncSession, person: Person) -> dict[str, Any]:
    """Everything kept about the person, readable (decrypted), as one JSON-ready document."""
    conversations = []
    for conversation in person.conversations:
        messages = await session.scalars(
            select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq)
        )
        lead = await session.scalar(select(Lead).where(Lead.conversation_id == conversation.id))
        bookings = await session.scalars(
            select(Booking).where(Booking.conversation_id == conversation.id)
        )
        documents = await session.scalars(
            select(Document).where(Document.conversation_id == conversation.id)
        )
        conversations.append(
            {
                "id": str(conversation.id),
                "channel": conversation.channel,
                "started_at": conversation.created_at.isoformat(),
                "last_message_at": conversation.last_message_at.isoformat(),
                "brief": conversation.state.get("brief", {}),
                "messages": [
                    {
                        "at": message.created_at.isoformat(),
                        "author": message.author,
                        "text": message.readable_text,
                        "files": [a.get("name") for a in message.attachments],
                    }
                    for message in messages
                ],
                "lead": None
                if lead is None
                else {
                    "status": lead.status,
                    "product": lead.product,
                    "amount": str(lead.amount) if lead.amount is not None else None,
                },
                "bookings": [
                    {"starts_at": b.starts_at.isoformat(), "status": b.status} for b in bookings
                ],
                "documents": [
                    {"kind": d.kind, "number": d.number, "made_at": d.created_at.isoformat()}
                    for d in documents
                ],
            }
        )
    return {
        "contacts": [
            {
                "id": str(contact.id),
                "name": contact.name,
                "phone": contact.phone,
                "email": contact.email,
                "legal_basis": contact.legal_basis,
                "consent_text": contact.consent_text,
                "consented_at": contact.consented_at.isoformat() if contact.consented_at else None,
                "created_at": contact.created_at.isoformat(),
            }
            for contact in person.contacts
        ],
        "conversations": conversations,
    }


async def erase_person(session: AsyncSession, settings: Settings, person: Person) -> Erased:
    """The person's contacts deleted and their conversations erased (see the module's note)."""
    erased = Erased()
    for conversation in person.conversations:
        erased.add(await erase_conversation(session, settings, conversation))
    for contact in person.contacts:
        await session.delete(contact)  # conversations and leads keep no link (SET NULL)
        erased.contacts += 1
    await session.flush()
    logger.info(
        "erased a person on request: {} contacts, {} conversations",
        erased.contacts,
        erased.conversations,
    )
    return erased


async def erase_conversation(
    session: AsyncSession, settings: Settings, conversation: Conversation
) -> Erased:
    """The conversation's words and files gone; its numbers kept (see the module's note)."""
    erased = Erased(conversations=1)
    files = (
        await session.scalars(
            select(StoredFile).where(StoredFile.conversation_id == conversation.id)
        )
    ).all()
    for stored in files:
        erased.missing_files += _remove(AttachmentService(settings).path_of(stored.storage_key))
        await session.delete(stored)
        erased.files += 1
    documents = (
        await session.scalars(select(Document).where(Document.conversation_id == conversation.id))
    ).all()
    for document in documents:
        erased.missing_files += _remove(settings.documents_dir / document.path)
        await session.delete(document)
        erased.documents += 1
    result = await session.execute(
        delete(Message).where(Message.conversation_id == conversation.id)
    )
    erased.messages = int(result.rowcount or 0)  # type: ignore[attr-defined]
    erased.mails = await _erase_customer_mails(session, conversation.id)
    await session.execute(
        delete(ConversationEvent).where(ConversationEvent.conversation_id == conversation.id)
    )
    await session.execute(
        update(Lead)
        .where(Lead.conversation_id == conversation.id)
        .values(contact_id=None, details={}, tags=[])
    )
    await session.execute(
        update(QuoteRecord).where(QuoteRecord.conversation_id == conversation.id).values(inputs={})
    )
    await session.execute(
        update(Booking).where(Booking.conversation_id == conversation.id).values(event={})
    )
    conversation.external_chat_id = f"{ERASED}:{conversation.id}"
    conversation.external_user_id = None
    conversation.contact_id = None
    conversation.state = {"stage": conversation.state.get("stage"), ERASED: True}
    if conversation.closed_at is None:
        conversation.closed_at, conversation.close_reason = utcnow(), ERASED
        conversation.owner = "closed"
    await session.flush()
    return erased


async def _erase_customer_mails(session: AsyncSession, conversation_id: uuid.UUID) -> int:
    """The mails to the customer (their documents, their invitations) hold their address:
    deleted, sent or not; one still waiting is thereby never sent. The team's mails about
    the conversation hold no customer data and stay."""
    booking_ids = [
        str(booking_id)
        for booking_id in await session.scalars(
            select(Booking.id).where(Booking.conversation_id == conversation_id)
        )
    ]
    result = await session.execute(
        delete(OutgoingMail).where(
            OutgoingMail.template.in_(CUSTOMER_TEMPLATES),
            or_(
                OutgoingMail.context["conversation_id"].astext == str(conversation_id),
                OutgoingMail.context["booking_id"].astext.in_(booking_ids),
            ),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _remove(path: Path) -> list[str]:
    """Deletes a file; returns its name when it was already gone (reported, not fatal)."""
    try:
        path.unlink()
    except FileNotFoundError:
        return [path.name]
    return []


async def apply_retention(
    session: AsyncSession, settings: Settings, now: datetime, *, batch: int = 500
) -> Erased:
    """Up to `batch` conversations silent longer than RETENTION_CONVERSATION_DAYS anonymised
    or deleted, and up to `batch` contacts none of whose conversations moved for
    RETENTION_CONTACT_DAYS deleted."""
    erased = Erased()
    if settings.retention_conversation_days:
        before = now - timedelta(days=settings.retention_conversation_days)
        stale = (
            await session.scalars(
                select(Conversation)
                .where(
                    Conversation.last_message_at < before,
                    ~Conversation.external_chat_id.startswith(f"{ERASED}:"),
                )
                .limit(batch)
            )
        ).all()
        for conversation in stale:
            erased.add(await erase_conversation(session, settings, conversation))
            if settings.retention_conversation_action == "delete":
                await session.delete(conversation)
                erased.deleted_conversations += 1
    if settings.retention_contact_days:
        before = now - timedelta(days=settings.retention_contact_days)
        recent = select(Conversation.contact_id).where(
            Conversation.contact_id.is_not(None), Conversation.last_message_at >= before
        )
        contacts = (
            await session.scalars(
                select(Contact)
                .where(Contact.updated_at < before, Contact.id.not_in(recent))
                .limit(batch)
            )
        ).all()
        for contact in contacts:
            await session.delete(contact)
            erased.contacts += 1
    await session.flush()
    return erased


RETENTION_BATCH = 500


async def apply_retention_in_batches(database: Database, settings: Settings) -> Erased:
    """Batches of RETENTION_BATCH per kind, each its own transaction, until none is left:
    a backlog after the first start never holds one long transaction."""
    total = Erased()
    while True:
        async with database.transaction() as session:
            erased = await apply_retention(session, settings, utcnow(), batch=RETENTION_BATCH)
        total.add(erased)
        if erased.conversations < RETENTION_BATCH and erased.contacts < RETENTION_BATCH:
            return total
