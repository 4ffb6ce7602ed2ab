"""Upkeep of the assistant's records: spent disposable tokens are forgotten once they have
expired (a replay of an expired token is refused by its expiry anyway)."""

from __future__ import annotations

from datetime import timedelta

from loguru import logger
from sqlalchemy import delete

from salesbot.assistant.tokens import LEEWAY_SECONDS
from salesbot.db.base import utcnow
from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.models import AssistantTokenUse


@job_app.periodic(cron="29 * * * *", periodic_id="forget-spent-tokens")
@job_app.task(name="assistant.forget_spent_tokens", retry=RETRY, queueing_lock="spent-tokens")
async def forget_spent_tokens_job(timestamp: int) -> int:
    return await forget_spent_tokens()


async def forget_spent_tokens() -> int:
    cutoff = utcnow() - timedelta(seconds=LEEWAY_SECONDS * 2)
    async with get_database().transaction() as session:
        gone = await session.execute(
            delete(AssistantTokenUse).where(AssistantTokenUse.expires_at < cutoff)
        )
    count = int(getattr(gone, "rowcount", 0) or 0)
    if count:
        logger.info("forgot {} spent disposable tokens", count)
    return count
