"""Jobs of the conversations module."""

from __future__ import annotations

from loguru import logger

from salesbot.conversations.service import ConversationService
from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.settings import get_settings


@job_app.periodic(cron="7 * * * *", periodic_id="close-expired-conversations")
@job_app.task(name="conversations.close_expired", retry=RETRY, queueing_lock="close-expired")
async def close_expired_conversations(timestamp: int) -> int:
    """Close conversations idle for SESSION_TTL_DAYS; the next message opens a new one."""
    async with get_database().transaction() as session:
        closed = await ConversationService(get_settings()).close_expired(session)
    if closed:
        logger.info("closed {} expired conversations", closed)
    return closed
