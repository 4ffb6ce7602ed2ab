"""A real worker process for the kill test: `python -m tests.jobs.worker_process`.

Settings come from the environment (DATABASE_URL, WORKER_HEARTBEAT_SECONDS, …).
"""

from __future__ import annotations

import asyncio

import tests.jobs.sample_tasks  # noqa: F401  (registers the test tasks)
from salesbot.db.engine import to_sqlalchemy_url
from salesbot.jobs.app import jobs_connected
from salesbot.jobs.worker import run_worker
from salesbot.settings import get_settings


async def main() -> None:
    settings = get_settings()
    assert settings.database_url is not None
    async with jobs_connected(to_sqlalchemy_url(settings.database_url)):
        await run_worker(settings)


if __name__ == "__main__":
    asyncio.run(main())
