"""The job queue: procrastinate on the application database.

Jobs are deferred on the caller's own database connection (`defer`), so a job exists if and
only if the business transaction that asked for it commits. Failed jobs are retried with
exponential back-off up to MAX_RETRIES and then parked as `failed`, with their last error
kept in `job_errors` for the admin API. Jobs of a worker that died mid-job are found by
their stale heartbeat and run again (`recover_stalled_jobs`).
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import procrastinate
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import to_libpq_url
from salesbot.settings import get_settings

# Modules whose import registers tasks on `job_app`; the worker imports them at start.
TASK_MODULES = [
    "salesbot.jobs.tasks",
    "salesbot.conversations.tasks",
    "salesbot.knowledge.tasks",
    "salesbot.channels.tasks",
    "salesbot.channels.team",
    "salesbot.crm.tasks",
    "salesbot.trackers.tasks",
    "salesbot.assistant.tasks",
    "salesbot.booking.tasks",
    "salesbot.dialog.tasks",
    "salesbot.webhooks.tasks",
    "salesbot.maintenance.tasks",
    "salesbot.privacy.tasks",
    "salesbot.notifications.tasks",
    "salesbot.analytics.tasks",
]


# Deferred by name from several layers (a lead appears, the bot calls a person); the job
# lives with the channels that can post to the team (salesbot.channels.team).
NOTIFY_TEAM_TASK = "channels.notify_team"
# Deferred by leads whenever a lead changes; the job lives with the CRM sync (salesbot.crm).
CRM_SYNC_TASK = "crm.sync_lead"
# Deferred by leads too, once per active task tracker (salesbot.trackers.tasks).
TRACKER_SYNC_TASK = "trackers.sync_lead"
# Deferred by bookings when one is made, moved or cancelled (salesbot.booking.tasks).
BOOKING_EVENT_TASK = "booking.sync_event"


class BackoffRetry(BaseRetryStrategy):
    """Retry MAX_RETRIES times, waiting base × 2^attempt seconds (±10 % jitter) between tries,
    or the `retry_after` seconds the failure carries (a channel's or an API's rate limit).

    A failure may say which attempt it was (`attempt`: a delivery counts them on its message,
    as a manager's retry starts them afresh), or that it is no failure at all, only "later"
    (`counts_as_attempt = False`: a channel's pacing), which is always tried again. A failure
    marked `retryable = False` (an outside service refused the request itself) is not tried
    again: it would fail the same way."""

    def get_retry_decision(
        self, *, exception: BaseException, job: procrastinate.jobs.Job
    ) -> RetryDecision | None:
        settings = get_settings()
        if getattr(exception, "retryable", True) is False:
            return None
        counted = getattr(exception, "counts_as_attempt", True)
        attempt = getattr(exception, "attempt", None)
        previous = job.attempts if attempt is None else attempt - 1
        if counted and previous >= settings.max_retries:
            return None
        asked = getattr(exception, "retry_after", None)
        if asked is not None:
            delay = float(asked)
        else:
            delay = settings.job_retry_base_seconds * (2**previous)
            delay *= random.uniform(0.9, 1.1)  # noqa: S311  (jitter, not security)
        return RetryDecision(retry_at=datetime.now(UTC) + timedelta(seconds=delay))


RETRY = BackoffRetry()

# Tasks register on this app at import; `jobs_connected` gives it a real connection.
job_app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(),
    import_paths=TASK_MODULES,
)


@asynccontextmanager
async def jobs_connected(database_url: str) -> AsyncIterator[procrastinate.App]:
    """Connect `job_app` to the database (a SQLAlchemy URL) for the duration of the block."""
    connector = procrastinate.PsycopgConnector(
        conninfo=to_libpq_url(database_url), min_size=1, max_size=4
    )
    with job_app.replace_connector(connector):
        await job_app.open_async()
        try:
            yield job_app
        finally:
            await job_app.close_async()


async def defer(
    session: AsyncSession,
    task_name: str,
    *,
    lock_key: str | None = None,
    delay_seconds: float = 0,
    **kwargs: Any,
) -> int:
    """Defer `task_name` inside the session's transaction; returns the job id.

    Arguments must be JSON values (ids, not ORM objects). Jobs sharing a `lock_key` run one
    at a time in the order they were deferred; `delay_seconds` schedules the job later.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    options: dict[str, Any] = {"connection": raw.driver_connection}
    if lock_key is not None:
        options["lock"] = lock_key
    if delay_seconds > 0:
        options["schedule_in"] = {"seconds": delay_seconds}
    deferrer = job_app.configure_task(name=task_name, **options)
    job_id: int = await deferrer.defer_async(**kwargs)
    return job_id
