"""Telling the sales team: a new lead, a customer who asks for a person, a large deal. The
dashboard already shows them live; when TELEGRAM_MANAGERS_CHAT_ID is set they are also posted
to the managers' Telegram group, with a link to the conversation and a button to take it.

The posts carry no personal data (no names, phones or words of the customer): a messenger
group is a third party, and the link leads to the dashboard, behind a login."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking.service import BookingService
from salesbot.channels.base import ChatRef, DeliveryError, Outbound
from salesbot.channels.registry import current_registry
from salesbot.channels.telegram.team import TAKEOVER
from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Button
from salesbot.db.runtime import get_database
from salesbot.jobs.app import NOTIFY_TEAM_TASK, RETRY, job_app
from salesbot.leads import service as leads
from salesbot.leads.dashboard import HANDOFF_REASONS
from salesbot.models import Channel, Conversation
from salesbot.notifications.compose import dashboard_link
from salesbot.pricing.serialization import format_roubles
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings

if TYPE_CHECKING:
    from salesbot.channels.telegram.adapter import TelegramChannel

HEADLINES = {
    "lead": "🆕 Новый лид",
    "handoff": "🔔 Клиент просит менеджера",
    "alert": "💰 Крупная сделка — стоит посмотреть",
    "taken": "✅ {name} взял(а) диалог",
    "booking": "📅 Запись на консультацию",
    "payment": "💳 Оплата получена",
}
_NO_BUTTON = ("lead", "taken", "booking", "payment")


@job_app.task(name=NOTIFY_TEAM_TASK, retry=RETRY)
async def notify_team(
    conversation_id: str, kind: str = "handoff", reason: str | None = None
) -> str:
    """Post one notice to the managers' group; "logged" when there is no group to post to.
    `reason`: why a person is called (handoff, alert), or who took the conversation (taken)."""
    log = logger.bind(conversation_id=conversation_id, kind=kind)
    group = _group()
    if group is None:
        log.info("the team is told in the dashboard (no managers' Telegram group)")
        return "logged"
    channel, chat_id = group
    async with get_database().transaction() as session:
        conversation = await session.get(Conversation, uuid.UUID(conversation_id))
        if conversation is None:
            return "missing"
        text = await _notice(session, channel.settings, conversation, kind, reason)
    buttons = () if kind in _NO_BUTTON else (Button("Взять диалог", TAKEOVER + conversation_id),)
    try:
        await channel.send(
            ChatRef(uuid.UUID(conversation_id), channel.name, chat_id),
            Outbound(uuid.uuid4(), "system", text, buttons),
        )
    except DeliveryError as error:
        if error.retryable:
            raise  # the queue tries again with back-off
        log.error("the managers' group refused the notice: {}", type(error).__name__)
        return "refused"
    return "posted"


def _group() -> tuple[TelegramChannel, str] | None:
    for adapter in current_registry():
        if adapter.name != Channel.telegram.value:
            continue
        # imported by the registry already, when it made the adapter (aiogram is slow to load)
        from salesbot.channels.telegram.adapter import TelegramChannel

        if isinstance(adapter, TelegramChannel) and adapter.settings.telegram_managers_chat_id:
            return adapter, str(adapter.settings.telegram_managers_chat_id)
    return None


async def _notice(
    session: AsyncSession,
    settings: Settings,
    conversation: Conversation,
    kind: str,
    reason: str | None,
) -> str:
    channel = current_registry().labels().get(conversation.channel, conversation.channel)
    headline = HEADLINES.get(kind, HEADLINES["handoff"]).format(name=reason)
    lines = [f"{headline} · {channel}"]
    lead = await leads.for_conversation(session, conversation.id)
    product = (lead.product if lead else None) or DialogState.load(conversation.state).product
    if product:
        names = {p.code: p.name for p in (await PricingService(settings).current(session)).products}
        lines.append(f"Продукт: {names.get(product, product)}")
    if lead is not None and lead.amount is not None:
        lines.append(f"Сумма: {format_roubles(lead.amount)}")
    if kind in ("handoff", "alert") and reason:
        lines.append(f"Причина: {HANDOFF_REASONS.get(reason, reason)}")
    if kind == "booking":
        booking = await BookingService(settings).current(session, conversation.id)
        if booking is not None:
            start = booking.starts_at.astimezone(ZoneInfo(settings.timezone))
            lines.append(f"Когда: {start:%d.%m.%Y %H:%M} ({settings.timezone})")
    lines.append(f"Открыть в панели: {dashboard_link(settings, conversation.id)}")
    return "\n".join(lines)
