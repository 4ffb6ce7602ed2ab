"""Running the real job queue in a test: one worker pass after another until nothing is
runnable, with a pause between passes so retries scheduled a moment later come due."""

from __future__ import annotations

import asyncio

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
