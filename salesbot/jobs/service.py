"""Admin view of the job queue: what failed and why, and a way to run it again."""

from __future__ import annotations

from datetime import UTC, datetime

from procrastinate import exceptions as pexc
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, NotFound
from salesbot.jobs import repository
from salesbot.jobs.app import job_app
from salesbot.jobs.schemas import JobList, JobOut, JobStatus


async def list_jobs(
    session: AsyncSession, *, status: JobStatus | None, limit: int, offset: int
) -> JobList:
    rows = await repository.list_jobs(
        session, status=status.value if status else None, limit=limit, offset=offset
    )
    return JobList(items=[JobOut(**row) for row in rows], counts=await repository.counts(session))


async def retry_failed(job_id: int) -> None:
    """Run a parked job once more, now (it keeps its id, arguments and idempotency key)."""
    try:
        status = await job_app.job_manager.get_job_status_async(job_id)
    except pexc.NoResult as exc:
        raise NotFound("Задача не найдена.", code="job_not_found") from exc
    if status.value != JobStatus.failed.value:
        raise Conflict(
            "Повторить можно только задачу, завершившуюся ошибкой.",
            code="job_not_failed",
            details={"status": status.value},
        )
    await job_app.job_manager.retry_job_by_id_async(job_id, retry_at=datetime.now(UTC))
