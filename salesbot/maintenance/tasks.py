"""Periodic upkeep of stored personal data."""

from __future__ import annotations

from loguru import logger

from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.maintenance.pii import seal_messages
from salesbot.security.pii import get_keyring


@job_app.periodic(cron="*/5 * * * *", periodic_id="seal-messages")
@job_app.task(name="pii.seal_messages", retry=RETRY, queueing_lock="seal-messages")
async def seal_older_messages(timestamp: int) -> int:
    """Messages stored before sealing existed: a cheap partial-index look-up once none are
    left."""
    async with get_database().transaction() as session:
        sealed = await seal_messages(session, get_keyring())
    if sealed:
        logger.info("sealed the text of {} older messages", sealed)
    return sealed
