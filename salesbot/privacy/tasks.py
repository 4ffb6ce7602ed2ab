"""The retention periods, applied every night."""

from __future__ import annotations

from loguru import logger

from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.privacy.service import apply_retention_in_batches
from salesbot.settings import get_settings


@job_app.periodic(cron="17 3 * * *", periodic_id="apply-retention")
@job_app.task(name="privacy.apply_retention", retry=RETRY, queueing_lock="apply-retention")
async def apply_retention_periods(timestamp: int) -> int:
    total = await apply_retention_in_batches(get_database(), get_settings())
    if total.conversations or total.contacts:
        logger.info(
            "retention: {} conversations erased ({} deleted), {} contacts deleted",
            total.conversations,
            total.deleted_conversations,
            total.contacts,
        )
    return total.conversations + total.contacts
