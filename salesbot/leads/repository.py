"""SQL of leads: the filtered list (one statement with the contact and the channel), the
export stream, and what a lead's card gathers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Select, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.models import (
    Author,
    Booking,
    Contact,
    Conversation,
    ConversationEvent,
    Document,
    Lead,
    Message,
    Payment,
    QuoteRecord,
)
from salesbot.models.lead import LEAD_STATUSES

STATUS_ORDER = list(LEAD_STATUSES)
SORTABLE = ("updated_at", "created_at", "amount", "status")


@dataclass(frozen=True)
class LeadFilter:
    status: str | None = None
    channel: str | None = None
    product: str | None = None
    created_from: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    contact_hashes: dict[str, str] = field(default_factory=dict)  # column → keyed hash

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.status:
            found.append(Lead.status == self.status)
        if self.channel:
            found.append(Conversation.channel == self.channel)
        if self.product:
            found.append(Lead.product == self.product)
        if self.created_from is not None:
            found.append(Lead.created_at >= self.created_from)
        if self.created_before is not None:
            found.append(Lead.created_at < self.created_before)
        if self.contact_hashes:
            by_hash = or_(*(getattr(Contact, c) == h for c, h in self.contact_hashes.items()))
            found.append(Lead.contact_id.in_(select(Contact.id).where(by_hash)))
        return found


def order_by(sort: str) -> list[ColumnElement[Any]]:
    """`sort` is one of SORTABLE with an optional leading `-` (descending)."""
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    if name == "status":  # the funnel's order, not the alphabet's
        column: ColumnElement[Any] = case(
            {status: n for n, status in enumerate(STATUS_ORDER)}, value=Lead.status, else_=99
        )
    else:
        column = getattr(Lead, name)
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    then = Lead.created_at.desc() if descending else Lead.created_at.asc()
    return [first, then, Lead.id.asc()]


def _select() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Lead,
            Conversation.channel.label("channel"),
            Contact.name.label("contact_name"),
            Contact.phone.label("contact_phone"),
            Contact.email.label("contact_email"),
        )
        .join(Conversation, Conversation.id == Lead.conversation_id)
        .outerjoin(Contact, Contact.id == Lead.contact_id)
    )


async def page(
    session: AsyncSession, where: LeadFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[Row[Any]], int]:
    conditions = where.conditions()
    total = await session.scalar(
        select(func.count())
        .select_from(Lead)
        .join(Conversation, Conversation.id == Lead.conversation_id)
        .where(*conditions)
    )
    rows = await session.execute(
        _select().where(*conditions).order_by(*order_by(sort)).limit(limit).offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def stream(
    session: AsyncSession, where: LeadFilter, *, sort: str, batch: int = 500
) -> AsyncIterator[Row[Any]]:
    """Every matching lead through a server-side cursor, `batch` rows at a time."""
    result = await session.stream(
        _select()
        .where(*where.conditions())
        .order_by(*order_by(sort))
        .execution_options(yield_per=batch)
    )
    async for row in result:
        yield row


async def one(session: AsyncSession, lead_id: uuid.UUID) -> Row[Any] | None:
    result = await session.execute(
        _select().where(Lead.id == lead_id).execution_options(populate_existing=True)
    )
    return result.first()


_Row = TypeVar("_Row", QuoteRecord, Document, ConversationEvent, Payment, Booking)


async def quotes(session: AsyncSession, conversation_id: uuid.UUID) -> list[QuoteRecord]:
    return await _of_conversation(session, QuoteRecord, conversation_id)


async def documents(session: AsyncSession, conversation_id: uuid.UUID) -> list[Document]:
    return await _of_conversation(session, Document, conversation_id)


async def payments(session: AsyncSession, conversation_id: uuid.UUID) -> list[Payment]:
    return await _of_conversation(session, Payment, conversation_id)


async def bookings(session: AsyncSession, conversation_id: uuid.UUID) -> list[Booking]:
    return await _of_conversation(session, Booking, conversation_id)


async def events(session: AsyncSession, conversation_id: uuid.UUID) -> list[ConversationEvent]:
    return await _of_conversation(session, ConversationEvent, conversation_id)


async def _of_conversation(
    session: AsyncSession, model: type[_Row], conversation_id: uuid.UUID
) -> list[_Row]:
    """A conversation's rows of `model`, oldest first."""
    result = await session.execute(
        select(model).where(model.conversation_id == conversation_id).order_by(model.created_at)
    )
    return list(result.scalars())


async def first_and_last_messages(
    session: AsyncSession, conversation_id: uuid.UUID
) -> tuple[Message | None, Message | None]:
    """The customer's first message and the conversation's last one."""
    first = await session.scalar(
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.author == Author.customer.value,
        )
        .order_by(Message.seq)
        .limit(1)
    )
    last = await session.scalar(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.seq.desc())
        .limit(1)
    )
    return first, last
