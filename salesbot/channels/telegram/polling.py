"""Polling for a machine without a public HTTPS address (development): updates are fetched
with `getUpdates` and go through the same webhook ledger as posted ones, so the job that
answers them cannot tell the difference."""

from __future__ import annotations

import asyncio

from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from loguru import logger

from salesbot.channels.telegram.adapter import TelegramChannel
from salesbot.channels.telegram.setup import ALLOWED_UPDATES
from salesbot.db.engine import Database
from salesbot.webhooks import service

LONG_POLL_SECONDS = 25
PAUSE_AFTER_ERROR_SECONDS = 5


async def poll_once(
    channel: TelegramChannel, database: Database, offset: int | None, *, wait: int
) -> tuple[int | None, int]:
    """Fetch what Telegram holds after `offset` (waiting up to `wait` seconds for it) and
    store each update in the ledger. Returns the next offset and how many were new."""
    updates = await channel.bot().get_updates(
        offset=offset, timeout=wait, allowed_updates=ALLOWED_UPDATES
    )
    new = 0
    async with database.transaction() as session:
        for update in updates:
            payload = update.model_dump(mode="json", exclude_none=True, by_alias=True)
            recorded = await service.record(
                session,
                provider=channel.name,
                external_id=channel.event_id(payload),
                payload=payload,
                order_key=channel.order_key(payload),
            )
            new += not recorded.duplicate
            offset = update.update_id + 1  # Telegram forgets what comes before the offset
    return offset, new


async def poll(channel: TelegramChannel, database: Database, stop: asyncio.Event) -> None:
    """Until `stop` is set: the webhook is taken away (Telegram refuses `getUpdates` while
    one is set), then updates are fetched in long polls."""
    await channel.delete_webhook()
    offset: int | None = None
    while not stop.is_set():
        try:
            offset, new = await poll_once(channel, database, offset, wait=LONG_POLL_SECONDS)
        except (TelegramNetworkError, TelegramServerError) as error:
            logger.warning("telegram polling: {}; trying again", type(error).__name__)
            await asyncio.sleep(PAUSE_AFTER_ERROR_SECONDS)
            continue
        if new:
            logger.info("telegram polling: {} new updates", new)
