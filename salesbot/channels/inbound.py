"""A channel's stored webhook event, handled: each customer message in it enters the
inbound pipeline (stored once, its answer job deferred in the same transaction)."""

from __future__ import annotations

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.channels.attachments.incoming import keep_files
from salesbot.channels.base import FileSource, WebhookChannel
from salesbot.dialog import tasks as dialog_tasks
from salesbot.models import WebhookEvent


async def handle_event(adapter: WebhookChannel, session: AsyncSession, event: WebhookEvent) -> None:
    engine = dialog_tasks.current_engine()
    for inbound in adapter.parse(event.payload):
        received = await engine.receive(session, inbound)
        if inbound.files and not received.duplicate and isinstance(adapter, FileSource):
            await keep_files(adapter, session, engine.settings, received, inbound.files)
    # Some channels want the event acknowledged (Telegram: a pressed button); the message is
    # stored by now, so a failure here is logged, not retried.
    if (acknowledge := getattr(adapter, "acknowledge", None)) is not None:
        try:
            await acknowledge(event.payload)
        except Exception:
            logger.bind(channel=adapter.name).exception("acknowledging the event failed")
