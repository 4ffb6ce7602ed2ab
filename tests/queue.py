"""Running the real job queue in a test: one worker pass after another until nothing is
runnable, with a pause between passes so retries scheduled a moment later come due; at most
`rounds` passes, fewer when no job is due soon (a job scheduled minutes ahead waits)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from salesbot.db.runtime import get_database
from salesbot.jobs.app import job_app
from salesbot.jobs.worker import worker_options
from salesbot.settings import Settings


async def drain(settings: Settings, *, rounds: int = 1, pause: float = 0.15) -> None:
    options = {
        **worker_options(settings, in_process=False),
        "wait": False,
        "install_signal_handlers": False,
        "listen_notify": False,
    }
    for _ in range(rounds):
        await job_app.run_worker_async(**options)
        await asyncio.sleep(pause)
        if not await _due_soon():
            break


async def _due_soon() -> bool:
    """A job waits to run now or within a few seconds (a retry's back-off)."""
    async with get_database().transaction() as session:
        waiting = await session.scalar(
            text(
                "SELECT EXISTS (SELECT 1 FROM procrastinate_jobs WHERE status = 'todo' "
                "AND (scheduled_at IS NULL OR scheduled_at < now() + interval '3 seconds'))"
            )
        )
    return bool(waiting)
