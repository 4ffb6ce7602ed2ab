"""Running workers: standalone (`salesbot worker`) or inside `salesbot serve`."""

from __future__ import annotations

import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import procrastinate
from loguru import logger

from salesbot.jobs.app import job_app
from salesbot.security.masking import mask_text
from salesbot.settings import Settings

_RECORD_ERROR = """
INSERT INTO job_errors (job_id, task_name, attempt, error_type, error, failed_at)
VALUES (%(job_id)s, %(task_name)s, %(attempt)s, %(error_type)s, %(error)s, now())
ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt,
    error_type = EXCLUDED.error_type, error = EXCLUDED.error, failed_at = EXCLUDED.failed_at
"""


# Called once a job has failed for good (parked as failed); the layers above register what
# must follow, e.g. a mail to the managers (salesbot.notifications.tasks).
ParkedHook = Callable[[procrastinate.jobs.Job, BaseException], Awaitable[None]]
_parked_hooks: list[ParkedHook] = []


def when_parked(hook: ParkedHook) -> ParkedHook:
    _parked_hooks.append(hook)
    return hook


async def record_job_errors(call_next: Any, context: procrastinate.JobContext, worker: Any) -> Any:
    """Keep the last error of each job (masked) so the admin API can say why it failed, and
    tell the `when_parked` hooks when it will not be tried again."""
    try:
        return await call_next()
    except Exception as exc:
        if not getattr(exc, "counts_as_attempt", True):
            raise  # only "later" (a channel's pacing): the queue tries again, nothing failed
        job = context.job
        text = mask_text("".join(traceback.format_exception(exc))[-4000:])
        logger.bind(job_id=job.id, task=job.task_name, attempt=job.attempts + 1).warning(
            "job failed: {}", type(exc).__name__
        )
        try:
            await context.app.connector.execute_query_async(
                _RECORD_ERROR,
                job_id=job.id,
                task_name=job.task_name,
                attempt=job.attempts + 1,
                error_type=type(exc).__name__,
                error=text,
            )
        except Exception:  # the job's own failure matters more than this record
            logger.exception("could not record the error of job {}", job.id)
        if _parked(context, exc):
            for hook in _parked_hooks:
                try:
                    await hook(job, exc)
                except Exception:  # a hook's trouble never hides the job's own failure
                    logger.exception("a parked-job hook failed for job {}", job.id)
        raise


def _parked(context: procrastinate.JobContext, exc: Exception) -> bool:
    """Will the queue give up on this job now (no retry left, or none at all)?"""
    task = context.app.tasks.get(context.job.task_name)
    strategy = task.retry_strategy if task is not None else None
    return strategy is None or strategy.get_retry_decision(exception=exc, job=context.job) is None


def worker_options(settings: Settings, *, in_process: bool) -> dict[str, Any]:
    return {
        "concurrency": settings.worker_concurrency,
        "fetch_job_polling_interval": settings.worker_poll_seconds,
        "update_heartbeat_interval": settings.worker_heartbeat_seconds,
        "stalled_worker_timeout": settings.worker_stalled_after_seconds,
        "worker_middleware": [record_job_errors],
        # Inside `serve`, uvicorn owns the signals and stops the worker with the app.
        "install_signal_handlers": not in_process,
        "name": "serve" if in_process else "worker",
    }


async def run_worker(settings: Settings, *, in_process: bool = False) -> None:
    await job_app.run_worker_async(**worker_options(settings, in_process=in_process))
