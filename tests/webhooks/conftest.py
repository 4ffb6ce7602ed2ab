"""Webhook ledger fixtures: fast retries, a worker that drains the queue, recording handlers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.jobs.app import jobs_connected
from salesbot.models import WebhookEvent
from salesbot.security.pii import KeyRing, configure_keyring
from salesbot.settings import Settings, use_settings
from salesbot.webhooks import handlers, service
from tests.conftest import make_settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Retries come fast here: 0.05 s, 0.1 s, then the job is parked."""
    fast = make_settings(database_url, tmp_path, job_retry_base_seconds=0.05, max_retries=2)
    configure_keyring(KeyRing.from_settings(fast))
    use_settings(fast)
    return fast


@pytest.fixture
async def queue(settings: Settings, database_url: str, clean_db: None) -> AsyncIterator[Settings]:
    """The job app on its own pool, for tests that run a worker without the HTTP app."""
    async with jobs_connected(database_url):
        yield settings


@dataclass
class RecordingHandler:
    """A provider's handler that notes each event it got; `failure` makes it raise."""

    provider: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:8]}")
    calls: list[uuid.UUID] = field(default_factory=list)
    failure: Exception | None = None

    async def __call__(self, session: AsyncSession, event: WebhookEvent) -> None:
        self.calls.append(event.id)
        # A write of the handler's own: it must commit with the event, or not at all.
        await session.execute(
            text(
                "INSERT INTO integration_status (name, healthy, last_checked_at)"
                " VALUES (:name, true, now())"
            ),
            {"name": f"webhook:{event.id}"},
        )
        if self.failure is not None:
            raise self.failure


@pytest.fixture
def handler() -> RecordingHandler:
    recording = RecordingHandler()
    handlers.register(recording.provider, recording)
    return recording


async def record_committed(
    database: Database,
    provider: str,
    external_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> service.Recorded:
    async with database.transaction() as session:
        return await service.record(
            session,
            provider=provider,
            external_id=external_id or uuid.uuid4().hex,
            payload=payload if payload is not None else {"update_id": 1},
        )


async def load(database: Database, event_id: uuid.UUID) -> WebhookEvent:
    async with database.transaction() as session:
        return await session.get_one(WebhookEvent, event_id)


async def set_status(
    database: Database, event_id: uuid.UUID, status: str, *, last_error: str | None = None
) -> None:
    async with database.transaction() as session:
        await session.execute(
            text("UPDATE webhook_events SET status = :s, last_error = :e WHERE id = :id"),
            {"s": status, "e": last_error, "id": event_id},
        )


async def jobs_for(session_or_db: AsyncSession | Database, event_id: uuid.UUID) -> list[str]:
    """Statuses of the `webhooks.process` jobs of one event, oldest first."""
    query = text(
        "SELECT status::text FROM procrastinate_jobs"
        " WHERE task_name = 'webhooks.process' AND args ->> 'event_id' = :id ORDER BY id"
    )
    if isinstance(session_or_db, AsyncSession):
        return list((await session_or_db.execute(query, {"id": str(event_id)})).scalars())
    async with session_or_db.transaction() as session:
        return list((await session.execute(query, {"id": str(event_id)})).scalars())


async def handler_writes(database: Database, event_id: uuid.UUID) -> int:
    async with database.transaction() as session:
        count = await session.execute(
            text("SELECT count(*) FROM integration_status WHERE name = :n"),
            {"n": f"webhook:{event_id}"},
        )
        return int(count.scalar_one())
