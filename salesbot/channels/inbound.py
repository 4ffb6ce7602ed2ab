"""A channel's stored webhook event, handled: each customer message in it enters the
inbound pipeline (stored once, its answer job deferred in the same transaction)."""

from __future__ import annotations

from dataclasses import replace

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.incoming import keep_files
from salesbot.channels.base import FileSource, WebhookChannel
from salesbot.channels.split import split_text
from salesbot.conversations import repository
from salesbot.conversations.service import Received
from salesbot.conversations.types import Button, InboundMessage, option_chosen
from salesbot.dialog import tasks as dialog_tasks
from salesbot.models import WebhookEvent


async def handle_event(adapter: WebhookChannel, session: AsyncSession, event: WebhookEvent) -> None:
    engine = dialog_tasks.current_engine()
    limit = engine.settings.max_message_length
    for inbound in (
        part for whole in adapter.parse(event.payload) for part in _parts(whole, limit)
    ):
        if not adapter.capabilities.buttons:
            inbound = await _numbered_choice(session, inbound)
        received = await engine.receive(session, inbound)
        await _remember_context(adapter, received, inbound)
        if inbound.files and not received.duplicate and isinstance(adapter, FileSource):
            await keep_files(adapter, session, engine.settings, received, inbound.files)
    # Events that carry no customer's message but mean something (Telegram: a manager takes
    # a conversation from the managers' group), in the event's transaction.
    if (handle_other := getattr(adapter, "handle_other", None)) is not None:
        await handle_other(session, event.payload)
    # Some channels want the event acknowledged (Telegram: a pressed button); the message is
    # stored by now, so a failure here is logged, not retried.
    if (acknowledge := getattr(adapter, "acknowledge", None)) is not None:
        try:
            await acknowledge(event.payload)
        except Exception:
            logger.bind(channel=adapter.name).exception("acknowledging the event failed")


def _parts(inbound: InboundMessage, limit: int) -> list[InboundMessage]:
    """A message longer than the chat takes (Telegram allows 4,096 characters) is kept whole,
    as consecutive messages; its files go with the first."""
    texts = split_text(inbound.text, limit) if len(inbound.text) > limit else [inbound.text]
    if len(texts) == 1:
        return [inbound]
    return [
        replace(
            inbound,
            text=text,
            files=inbound.files if number == 1 else (),
            channel_message_id=(
                inbound.channel_message_id
                if number == 1 or inbound.channel_message_id is None
                else f"{inbound.channel_message_id}:{number}"
            ),
        )
        for number, text in enumerate(texts, start=1)
    ]


async def _numbered_choice(session: AsyncSession, inbound: InboundMessage) -> InboundMessage:
    """On a channel without buttons the options were numbered: "2" says the second option,
    as pressing it would (what was typed stays in the message's metadata)."""
    if not inbound.text.strip().rstrip(".").isdigit():
        return inbound
    options = await repository.last_options(
        session, inbound.channel.value, inbound.external_chat_id
    )
    chosen = option_chosen(inbound.text, tuple(Button(**option) for option in options))
    if chosen == inbound.text:
        return inbound
    return replace(inbound, text=chosen, metadata={**inbound.metadata, "typed": inbound.text})


async def _remember_context(
    adapter: WebhookChannel, received: Received, inbound: InboundMessage
) -> None:
    """What the chat is about (an Avito listing), asked of the channel once a conversation
    and kept in its state: the brain names it, the lead keeps it. Should the channel not
    answer, the message is stored all the same."""
    chat_context = getattr(adapter, "chat_context", None)
    state = received.conversation.state
    if chat_context is None or received.duplicate or state.get("listing") is not None:
        return
    try:
        listing = await chat_context(inbound)
    except Exception:  # the customer's words matter more; the next message asks again
        logger.bind(channel=adapter.name).warning("the chat's context could not be fetched")
        return
    if listing is not None:
        received.conversation.state = {**state, "listing": listing}
