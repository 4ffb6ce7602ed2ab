from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class JobStatus(StrEnum):
    todo = "todo"
    doing = "doing"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"
    aborting = "aborting"
    aborted = "aborted"


class JobOut(BaseModel):
    id: int
    task_name: str
    status: str
    attempts: int
    queue_name: str
    args: dict[str, Any]
    scheduled_at: datetime | None
    error_type: str | None
    error: str | None
    failed_at: datetime | None


class JobList(BaseModel):
    items: list[JobOut]
    counts: dict[str, int]
