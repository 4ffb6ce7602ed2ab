"""SQL of conversations and messages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnClause,
    ColumnElement,
    Row,
    Select,
    String,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics import recorder as analytics
from salesbot.models import (
    Author,
    Contact,
    Conversation,
    ConversationEvent,
    Delivery,
    Lead,
    Message,
    Owner,
)


async def find_open(
    session: AsyncSession, channel: str, external_chat_id: str
) -> Conversation | None:
    result = await session.execute(
        select(Conversation)
        .where(
            Conversation.channel == channel,
            Conversation.external_chat_id == external_chat_id,
            Conversation.closed_at.is_(None),
        )
        .with_for_update()
    )
    return result.scalar_one_or_none()


async def open_conversation(
    session: AsyncSession,
    *,
    channel: str,
    external_chat_id: str,
    external_user_id: str | None,
    now: datetime,
) -> Conversation:
    """Open a conversation, or return the one a concurrent request just opened."""
    statement = (
        insert(Conversation)
        .values(
            id=uuid.uuid4(),
            channel=channel,
            external_chat_id=external_chat_id,
            external_user_id=external_user_id,
            owner=Owner.bot.value,
            state={},
            language="ru",
            last_message_at=now,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["channel", "external_chat_id"],
            index_where=text("closed_at IS NULL"),
        )
    )
    await session.execute(statement)
    conversation = await find_open(session, channel, external_chat_id)
    assert conversation is not None  # inserted above or by the concurrent winner
    await analytics.conversation_opened(session, conversation.id, at=conversation.created_at)
    return conversation


async def close(
    session: AsyncSession, conversation: Conversation, *, reason: str, now: datetime
) -> None:
    conversation.closed_at = now
    conversation.close_reason = reason
    conversation.owner = Owner.closed.value
    await session.flush()


async def insert_message_once(session: AsyncSession, values: dict[str, Any]) -> Message | None:
    """Insert a message; None when the channel already delivered this message id."""
    statement = (
        insert(Message)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["channel", "channel_message_id"],
            index_where=text("channel_message_id IS NOT NULL"),
        )
        .returning(Message)
    )
    return (await session.scalars(statement)).one_or_none()


async def find_by_channel_id(
    session: AsyncSession, channel: str, channel_message_id: str
) -> Message | None:
    result = await session.execute(
        select(Message).where(
            Message.channel == channel, Message.channel_message_id == channel_message_id
        )
    )
    return result.scalar_one_or_none()


async def last_messages(
    session: AsyncSession, conversation_id: uuid.UUID, limit: int
) -> Sequence[Message]:
    result = await session.execute(
        select(Message)
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.seq.desc())
        .limit(limit)
    )
    return list(reversed(result.scalars().all()))


# seq of the last customer message a turn covered (kept in the dialog state).
answered_through: ColumnElement[int] = func.coalesce(
    Conversation.state["answered_through"].astext.cast(BigInteger), 0
)


async def unanswered_conversations(
    session: AsyncSession, *, waiting_since: datetime, oldest: datetime, limit: int = 500
) -> list[uuid.UUID]:
    """Open, bot-owned conversations whose newest customer message arrived between `oldest`
    and `waiting_since` and is not covered by a turn (ix_conversations_unanswered holds only
    them)."""
    result = await session.execute(
        select(Conversation.id)
        .where(
            Conversation.closed_at.is_(None),
            Conversation.owner == Owner.bot.value,
            Conversation.last_customer_seq > answered_through,
            Conversation.last_message_at < waiting_since,
            Conversation.last_message_at >= oldest,
        )
        .order_by(Conversation.last_message_at)
        .limit(limit)
    )
    return list(result.scalars())


async def taken_over_since(
    session: AsyncSession, conversation_id: uuid.UUID, moment: datetime
) -> bool:
    """Did a manager take the conversation over after `moment`? (The bot's own hand-off is
    not a take-over: the reply that announces it still goes out.)"""
    found = await session.scalar(
        select(ConversationEvent.id)
        .where(
            ConversationEvent.conversation_id == conversation_id,
            ConversationEvent.kind == "takeover",
            ConversationEvent.created_at > moment,
        )
        .limit(1)
    )
    return found is not None


async def close_idle(session: AsyncSession, *, idle_before: datetime, now: datetime) -> int:
    result = await session.execute(
        update(Conversation)
        .where(Conversation.closed_at.is_(None), Conversation.last_message_at < idle_before)
        .values(closed_at=now, close_reason="expired", owner=Owner.closed.value, updated_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def list_recent(
    session: AsyncSession, *, include_closed: bool, limit: int, offset: int
) -> Sequence[Conversation]:
    statement = select(Conversation).order_by(Conversation.last_message_at.desc())
    if not include_closed:
        statement = statement.where(Conversation.closed_at.is_(None))
    result = await session.execute(statement.limit(limit).offset(offset))
    return result.scalars().all()


# --- the inbox ------------------------------------------------------------------------------
LAST_MESSAGE_CHARS = 200
# The expression of ix_conversations_stage, spelled the same so the planner uses it.
stage_column: ColumnClause[str] = literal_column("conversations.state ->> 'stage'", String)
RUSSIAN: ColumnClause[str] = literal_column("'russian'", String)


TYPED_CONTACTS = ("phone_hash", "email_hash")


@dataclass(frozen=True)
class InboxFilter:
    channel: str | None = None
    stage: str | None = None
    owner: str | None = None
    handoff: bool | None = None
    unread: bool | None = None
    include_closed: bool = False
    # Opening the widget opens a conversation; until the customer writes it is only noise.
    include_silent: bool = False
    contact_hashes: dict[str, str] = field(default_factory=dict)  # column → keyed hash
    words: str | None = None  # words of the messages (Russian full-text search)

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if not self.include_closed:
            found.append(Conversation.closed_at.is_(None))
        if not self.include_silent:
            found.append(Conversation.last_customer_seq > 0)
        if self.channel:
            found.append(Conversation.channel == self.channel)
        if self.stage:
            found.append(stage_column == self.stage)
        if self.owner:
            found.append(Conversation.owner == self.owner)
        if self.handoff is not None:
            requested = Conversation.handoff_requested_at
            found.append(requested.is_not(None) if self.handoff else requested.is_(None))
        if self.unread is not None:
            fresh = Conversation.last_customer_seq > Conversation.operator_read_seq
            found.append(fresh if self.unread else ~fresh)
        matches: list[ColumnElement[bool]] = []
        if self.contact_hashes:
            by_hash = or_(*(getattr(Contact, c) == h for c, h in self.contact_hashes.items()))
            matches.append(Conversation.contact_id.in_(select(Contact.id).where(by_hash)))
            # A phone or e-mail typed in a message (security/sealing.py) has the same hash.
            typed = [h for c, h in self.contact_hashes.items() if c in TYPED_CONTACTS]
            if typed:
                in_messages = select(Message.conversation_id).where(
                    Message.contact_hashes.overlap(typed)
                )
                matches.append(Conversation.id.in_(in_messages))
        if self.words:
            vector = func.to_tsvector(RUSSIAN, Message.text)
            query = func.websearch_to_tsquery(RUSSIAN, self.words)
            matches.append(
                Conversation.id.in_(select(Message.conversation_id).where(vector.op("@@")(query)))
            )
        if matches:
            found.append(or_(*matches))
        return found


def _inbox_select() -> Select[*tuple[Any, ...]]:
    """Conversations with what a row of the inbox shows, in one statement: the contact's
    name, the lead, the last message (a lateral look-up by the (conversation, seq) index)
    and the unread count (counted only when the read marker is behind)."""
    last = (
        select(
            Message.author,
            func.left(Message.text, LAST_MESSAGE_CHARS).label("text"),
            Message.created_at,
        )
        .where(Message.conversation_id == Conversation.id)
        .order_by(Message.seq.desc())
        .limit(1)
        .lateral("last_message")
    )
    unread = (
        select(func.count())
        .where(
            Message.conversation_id == Conversation.id,
            Message.author == Author.customer.value,
            Message.seq > Conversation.operator_read_seq,
        )
        .correlate(Conversation)
        .scalar_subquery()
    )
    undelivered = (
        select(func.count())
        .where(
            Message.conversation_id == Conversation.id,
            Message.delivery_status == Delivery.dead.value,
        )
        .correlate(Conversation)
        .scalar_subquery()
    )
    return (
        select(
            Conversation,
            Contact.name.label("contact_name"),
            Lead.id.label("lead_id"),
            Lead.status.label("lead_status"),
            last.c.author.label("last_author"),
            last.c.text.label("last_text"),
            last.c.created_at.label("last_created_at"),
            case(
                (Conversation.last_customer_seq > Conversation.operator_read_seq, unread),
                else_=0,
            ).label("unread"),
            undelivered.label("undelivered"),
        )
        .outerjoin(Contact, Contact.id == Conversation.contact_id)
        .outerjoin(Lead, Lead.conversation_id == Conversation.id)
        .outerjoin(last, true())
    )


async def inbox_page(
    session: AsyncSession, where: InboxFilter, *, limit: int, offset: int
) -> tuple[list[Row[Any]], int]:
    """One page of the inbox (newest activity first) and the total matching."""
    conditions = where.conditions()
    total = await session.scalar(select(func.count()).select_from(Conversation).where(*conditions))
    rows = await session.execute(
        _inbox_select()
        .where(*conditions)
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def inbox_rows(session: AsyncSession, conversation_ids: list[uuid.UUID]) -> list[Row[Any]]:
    result = await session.execute(
        _inbox_select()
        .where(Conversation.id.in_(conversation_ids))
        .execution_options(populate_existing=True)
    )
    return list(result.all())


async def mark_read(session: AsyncSession, conversation_id: uuid.UUID, seq: int) -> int | None:
    """Move the team's read marker forward to `seq` (at most the conversation's newest
    message); the new marker, or None when it did not move (or there is no conversation)."""
    target = func.least(
        seq,
        select(func.coalesce(func.max(Message.seq), 0))
        .where(Message.conversation_id == conversation_id)
        .scalar_subquery(),
    )
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.operator_read_seq < target)
        .values(operator_read_seq=target)
        .returning(Conversation.operator_read_seq)
        .execution_options(synchronize_session=False)
    )
    marker = result.scalar_one_or_none()
    return int(marker) if marker is not None else None


async def waiting_for_a_person(
    session: AsyncSession, *, requested_before: datetime, limit: int = 200
) -> list[Conversation]:
    """Conversations handed to a person before `requested_before` that no manager has
    answered yet (a manager's message clears `handoff_requested_at`), locked for the caller;
    rows another worker holds are skipped."""
    rows = await session.scalars(
        select(Conversation)
        .where(
            Conversation.owner == Owner.human.value,
            Conversation.handoff_requested_at.is_not(None),
            Conversation.handoff_requested_at < requested_before,
        )
        .order_by(Conversation.handoff_requested_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


async def last_options(session: AsyncSession, channel: str, external_chat_id: str) -> list[Any]:
    """The quick replies (buttons) of the last message we sent to an open chat, if it had
    any: a channel without buttons shows them numbered, and a number typed back picks one."""
    meta = await session.scalar(
        select(Message.meta)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.channel == channel,
            Conversation.external_chat_id == external_chat_id,
            Conversation.closed_at.is_(None),
            Message.author != Author.customer.value,
        )
        .order_by(Message.seq.desc())
        .limit(1)
    )
    return list((meta or {}).get("buttons", []))
