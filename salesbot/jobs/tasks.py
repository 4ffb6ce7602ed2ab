"""Housekeeping jobs of the queue itself."""

from __future__ import annotations

import procrastinate
from loguru import logger

from salesbot.jobs.app import job_app
from salesbot.settings import get_settings


@job_app.periodic(cron="* * * * *", periodic_id="recover-stalled-jobs")
@job_app.task(
    name="salesbot.recover_stalled_jobs", pass_context=True, queueing_lock="recover-stalled"
)
async def recover_stalled_jobs(context: procrastinate.JobContext, timestamp: int) -> int:
    """Run again the jobs that were in progress on a worker that stopped sending heartbeats."""
    return await retry_stalled_jobs(context.app, get_settings().worker_stalled_after_seconds)


async def retry_stalled_jobs(app: procrastinate.App, seconds_since_heartbeat: float) -> int:
    stalled = await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=seconds_since_heartbeat
    )
    count = 0
    for job in stalled:
        await app.job_manager.retry_job(job)
        logger.warning(
            "job {} ({}) was stalled on a dead worker; queued again", job.id, job.task_name
        )
        count += 1
    await app.job_manager.prune_stalled_workers(seconds_since_heartbeat=seconds_since_heartbeat)
    return count


@job_app.periodic(cron="17 3 * * *", periodic_id="prune-finished-jobs")
@job_app.task(name="salesbot.prune_finished_jobs", pass_context=True, queueing_lock="prune-jobs")
async def prune_finished_jobs(context: procrastinate.JobContext, timestamp: int) -> None:
    """Forget jobs that succeeded more than JOB_RETENTION_HOURS ago (periodic jobs alone add
    thousands a day); failed ones stay for the admins until they retry or delete them."""
    await context.app.job_manager.delete_old_jobs(nb_hours=get_settings().job_retention_hours)
