"""Read-only SQL over procrastinate's tables, joined with our job_errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_LIST = text(
    """
    SELECT j.id, j.task_name, j.status::text AS status, j.attempts, j.queue_name, j.args,
           j.scheduled_at, e.error_type, e.error, e.failed_at
    FROM procrastinate_jobs j
    LEFT JOIN job_errors e ON e.job_id = j.id
    WHERE (CAST(:status AS text) IS NULL OR j.status::text = :status)
    ORDER BY j.id DESC
    LIMIT :limit OFFSET :offset
    """
)

_COUNTS = text(
    "SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs GROUP BY status"
)

_LAST_HEARTBEAT = text("SELECT max(last_heartbeat) FROM procrastinate_workers")


async def list_jobs(
    session: AsyncSession, *, status: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    rows = await session.execute(_LIST, {"status": status, "limit": limit, "offset": offset})
    return [dict(row._mapping) for row in rows]


async def counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(_COUNTS)
    return {row.status: int(row.n) for row in rows}


async def last_worker_heartbeat(session: AsyncSession) -> datetime | None:
    value: datetime | None = (await session.execute(_LAST_HEARTBEAT)).scalar_one_or_none()
    return value
