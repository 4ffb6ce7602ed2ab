"""The worker keeps the analytics current between dashboard reads."""

from __future__ import annotations

from salesbot.analytics.fold import fold
from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.settings import get_settings


@job_app.periodic(cron="* * * * *", periodic_id="fold-analytics")
@job_app.task(name="analytics.fold", retry=RETRY, queueing_lock="fold-analytics")
async def fold_messages(timestamp: int) -> int:
    """Count the messages stored since the last fold (one minute's worth at most)."""
    return await fold(get_database(), timezone=get_settings().timezone)
