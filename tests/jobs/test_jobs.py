from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from procrastinate.jobs import Job
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.jobs.app import defer, job_app
from salesbot.jobs.tasks import retry_stalled_jobs
from salesbot.jobs.worker import run_worker
from salesbot.settings import Settings
from tests.conftest import ROOT
from tests.queue import drain


async def logged(database: Database) -> list[str]:
    async with database.transaction() as session:
        return list(
            (await session.execute(text("SELECT value FROM job_test_log ORDER BY at"))).scalars()
        )


async def statuses(database: Database) -> list[tuple[str, str, int]]:
    async with database.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT task_name, status::text, attempts FROM procrastinate_jobs"
                " WHERE task_name LIKE 'tests.%' ORDER BY id"
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


class TestTransactionalDefer:
    async def test_job_exists_only_if_the_transaction_commits(
        self, database: Database, queue: Settings
    ) -> None:
        with pytest.raises(RuntimeError):
            async with database.transaction() as session:
                await session.execute(
                    text("INSERT INTO job_test_log (value) VALUES ('business write')")
                )
                await defer(session, "tests.record", value="rolled back")
                raise RuntimeError("the business step failed after the defer")
        async with database.transaction() as session:
            job_id = await defer(session, "tests.record", value="committed")
        assert await statuses(database) == [("tests.record", "todo", 0)]
        await drain(queue)
        assert await logged(database) == ["committed"]
        assert (await statuses(database))[0][1] == "succeeded"
        assert job_id > 0


class TestRetries:
    async def test_failing_job_retries_then_is_parked_with_its_error(
        self,
        database: Database,
        settings: Settings,
        job_log: None,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
    ) -> None:
        queue = settings  # the app's lifespan opened the job app
        async with database.transaction() as session:
            job_id = await defer(session, "tests.always_fail", value="lead-1")
        await drain(queue, rounds=6)
        attempts = await logged(database)
        assert attempts == ["lead-1"] * (queue.max_retries + 1)
        # every run counts as an attempt: the first one and MAX_RETRIES retries
        assert await statuses(database) == [("tests.always_fail", "failed", queue.max_retries + 1)]

        listing = await client.get("/api/v1/admin/jobs", headers=admin_headers)
        assert listing.status_code == 200
        body = listing.json()
        assert body["counts"]["failed"] == 1
        [job] = body["items"]
        assert job["id"] == job_id and job["error_type"] == "ConnectionError"
        assert "CRM unreachable" in job["error"] and "ivan@example.com" not in job["error"]

        again = await client.post(f"/api/v1/admin/jobs/{job_id}/retry", headers=admin_headers)
        assert again.status_code == 202
        conflict = await client.post(f"/api/v1/admin/jobs/{job_id}/retry", headers=admin_headers)
        assert conflict.status_code == 409
        await drain(queue)
        assert len(await logged(database)) == queue.max_retries + 2
        missing = await client.post("/api/v1/admin/jobs/999999/retry", headers=admin_headers)
        assert missing.status_code == 404

    def test_backoff_doubles_until_parked(self, settings: Settings) -> None:
        from salesbot.jobs.app import RETRY

        waits = []
        for attempts in range(settings.max_retries + 1):
            decision = RETRY.get_retry_decision(exception=ValueError(), job=_job(attempts))
            waits.append(None if decision is None else decision.retry_at)
        assert waits[-1] is None  # MAX_RETRIES used up: parked
        first, second = waits[0], waits[1]
        assert first is not None and second is not None and second > first

    def test_a_failure_that_counts_its_own_attempts_or_none_decides_the_retry(
        self, settings: Settings
    ) -> None:
        from salesbot.jobs.app import RETRY

        class Later(Exception):  # e.g. a channel's pacing: "not yet", not a failure
            counts_as_attempt = False
            retry_after = 2.5

        class Counted(Exception):  # a delivery counts attempts on its message, not the job
            def __init__(self, attempt: int) -> None:
                self.attempt = attempt

        worn = _job(settings.max_retries + 5)  # attempts inflated by earlier "not yet"s
        later = RETRY.get_retry_decision(exception=Later(), job=worn)
        assert later is not None and later.retry_at is not None
        assert RETRY.get_retry_decision(exception=Counted(1), job=worn) is not None
        last = Counted(settings.max_retries + 1)
        assert RETRY.get_retry_decision(exception=last, job=worn) is None


def _job(attempts: int) -> Job:
    return Job(
        id=1, queue="default", lock=None, queueing_lock=None, task_name="t", attempts=attempts
    )


class TestKilledWorker:
    async def test_job_of_a_killed_worker_runs_again(
        self, database: Database, database_url: str, queue: Settings, tmp_path: Path
    ) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SALESBOT_DATA_DIR": str(tmp_path),
            "ENVIRONMENT": "test",
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            "LOG_TO_FILE": "false",
            "PYTHONPATH": str(ROOT),
        }
        async with database.transaction() as session:
            await defer(session, "tests.slow", value="survived", seconds=30)
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.jobs.worker_process"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while (await statuses(database))[0][1] != "doing":
                assert time.monotonic() < deadline, "the worker never picked the job up"
                await asyncio.sleep(0.1)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        assert (await statuses(database))[0][1] == "doing"  # the job is stuck on a dead worker

        await asyncio.sleep(1.5)  # the dead worker's heartbeat goes stale
        # (the dead worker may also have been running its periodic housekeeping job)
        assert await retry_stalled_jobs(job_app, seconds_since_heartbeat=1.0) >= 1
        assert (await statuses(database))[0][1] == "todo"
        async with database.transaction() as session:  # no need to wait 30 s the second time
            await session.execute(
                text(
                    "UPDATE procrastinate_jobs SET args = jsonb_set(args, '{seconds}', '0')"
                    " WHERE task_name = 'tests.slow'"
                )
            )
        await drain(queue)
        assert await logged(database) == ["survived"]
        assert (await statuses(database))[0][1] == "succeeded"


class TestEmbeddedWorker:
    async def test_periodic_tasks_are_registered(self) -> None:
        job_app.perform_import_paths()  # as a worker does when it starts
        names = {task.task.name for task in job_app.periodic_registry.periodic_tasks.values()}
        assert {
            "salesbot.recover_stalled_jobs",
            "conversations.close_expired",
            "dialog.answer_missed",
            "salesbot.prune_finished_jobs",
        } <= names

    async def test_succeeded_jobs_are_pruned_after_the_retention_failed_ones_stay(
        self, database: Database, queue: Settings
    ) -> None:
        from salesbot.jobs.tasks import prune_finished_jobs

        async with database.transaction() as session:
            await session.execute(
                text(
                    "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status)"
                    " VALUES ('default', 'tests.old_ok', '{}', 'succeeded'),"
                    " ('default', 'tests.old_failed', '{}', 'failed'),"
                    " ('default', 'tests.fresh_ok', '{}', 'succeeded')"
                )
            )
            # The old ones finished long ago (procrastinate dates a job by its events).
            await session.execute(
                text(
                    "INSERT INTO procrastinate_events (job_id, type, at)"
                    " SELECT id, 'succeeded', now() - interval '10 days' FROM procrastinate_jobs"
                    " WHERE task_name IN ('tests.old_ok', 'tests.old_failed')"
                )
            )

        class Context:
            app = job_app

        await prune_finished_jobs(Context(), 0)  # type: ignore[arg-type]
        async with database.transaction() as session:
            left = set(
                (
                    await session.execute(
                        text(
                            "SELECT task_name FROM procrastinate_jobs WHERE task_name LIKE 'tests.%'"
                        )
                    )
                ).scalars()
            )
        assert left == {"tests.old_failed", "tests.fresh_ok"}

    async def test_in_process_worker_runs_jobs_and_stops(
        self, database: Database, queue: Settings
    ) -> None:
        worker = asyncio.create_task(run_worker(queue, in_process=True))
        try:
            async with database.transaction() as session:
                await defer(session, "tests.record", value="in-process")
            for _ in range(100):
                if await logged(database):
                    break
                await asyncio.sleep(0.05)
        finally:
            worker.cancel()
            with pytest.raises(asyncio.CancelledError):
                await worker
        assert await logged(database) == ["in-process"]
