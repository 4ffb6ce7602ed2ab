from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from salesbot.api.deps import AdminUser, SessionDep
from salesbot.jobs import service
from salesbot.jobs.schemas import JobList, JobStatus
from salesbot.security.text import BIGINT_MAX

router = APIRouter(prefix="/api/v1/admin/jobs", tags=["admin: jobs"])


@router.get("", response_model=JobList, summary="List background jobs (default: the failed ones)")
async def list_jobs(
    session: SessionDep,
    _: AdminUser,
    status_filter: Annotated[JobStatus | None, Query(alias="status")] = JobStatus.failed,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> JobList:
    return await service.list_jobs(session, status=status_filter, limit=limit, offset=offset)


@router.post(
    "/{job_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Run a failed job again",
)
async def retry_job(job_id: int, _: AdminUser) -> dict[str, str]:
    await service.retry_failed(job_id)
    return {"status": "queued"}
