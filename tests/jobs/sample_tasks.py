"""Tasks used only by the job tests; each leaves a row in `job_test_log` when it runs."""

from __future__ import annotations

import asyncio

import procrastinate

from salesbot.jobs.app import RETRY, job_app

CREATE_LOG = (
    "CREATE TABLE IF NOT EXISTS job_test_log (value text NOT NULL, at timestamptz DEFAULT now())"
)


async def _log(app: procrastinate.App, value: str) -> None:
    await app.connector.execute_query_async(
        "INSERT INTO job_test_log (value) VALUES (%(value)s)", value=value
    )


@job_app.task(name="tests.record", pass_context=True, retry=RETRY)
async def record(context: procrastinate.JobContext, value: str) -> None:
    await _log(context.app, value)


@job_app.task(name="tests.always_fail", pass_context=True, retry=RETRY)
async def always_fail(context: procrastinate.JobContext, value: str) -> None:
    await _log(context.app, value)
    raise ConnectionError(f"CRM unreachable while sending {value} to ivan@example.com")


@job_app.task(name="tests.slow", pass_context=True, retry=RETRY)
async def slow(context: procrastinate.JobContext, value: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    await _log(context.app, value)
