from __future__ import annotations

import uuid
from datetime import timedelta

from loguru import logger
from sqlalchemy import update

from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.integrations.errors import PermanentError, RetryableError
from salesbot.jobs.app import defer
from salesbot.models import WebhookEvent
from salesbot.settings import Settings
from salesbot.webhooks import service
from salesbot.webhooks.tasks import catch_up_failed, process_event
from tests.queue import drain
from tests.webhooks.conftest import (
    RecordingHandler,
    handler_writes,
    jobs_for,
    load,
    record_committed,
)


class TestProcessing:
    async def test_the_job_calls_the_handler_once_and_marks_the_event_processed(
        self, database: Database, queue: Settings, handler: RecordingHandler
    ) -> None:
        event_id = (await record_committed(database, handler.provider)).event.id
        await drain(queue)
        assert handler.calls == [event_id]
        event = await load(database, event_id)
        assert event.status == "processed" and event.attempts == 1
        assert event.processed_at is not None and event.last_error is None
        assert await handler_writes(database, event_id) == 1  # committed with the event
        assert await jobs_for(database, event_id) == ["succeeded"]

    async def test_a_second_job_for_a_processed_event_does_not_run_the_handler(
        self, database: Database, queue: Settings, handler: RecordingHandler
    ) -> None:
        recorded = await record_committed(database, handler.provider, "dup-1")
        again = await record_committed(database, handler.provider, "dup-1")
        assert again.duplicate and again.event.id == recorded.event.id
        await drain(queue)
        # the queue runs the job for this event once more (a retry after a lost ack, a replay)
        async with database.transaction() as session:
            await defer(session, "webhooks.process", event_id=str(recorded.event.id))
        await drain(queue)
        assert handler.calls == [recorded.event.id]
        assert (await load(database, recorded.event.id)).attempts == 1
        assert await jobs_for(database, recorded.event.id) == ["succeeded", "succeeded"]
        assert await process_event(database, recorded.event.id) is False
        assert await process_event(database, uuid.uuid4()) is False  # gone: nothing to do


class TestFailures:
    async def test_a_failing_handler_leaves_a_masked_error_and_the_job_is_retried(
        self, database: Database, queue: Settings, handler: RecordingHandler
    ) -> None:
        handler.failure = ConnectionError("CRM refused lead of ivan@example.com, +7 999 123-45-67")
        lines: list[str] = []
        # the ledger's own lines (the worker's are masked by the project's log sinks)
        sink = logger.add(
            lines.append, level="INFO", format="{message} {extra}", filter="salesbot.webhooks"
        )
        try:
            event_id = (
                await record_committed(
                    database, handler.provider, payload={"secret_note": "payload-marker"}
                )
            ).event.id
            await drain(queue, rounds=6)
        finally:
            logger.remove(sink)

        runs = queue.max_retries + 1  # the first try and MAX_RETRIES retries
        assert handler.calls == [event_id] * runs
        event = await load(database, event_id)
        assert event.status == "failed" and event.attempts == runs
        assert event.processed_at is None
        assert event.last_error is not None
        assert event.last_error.startswith("ConnectionError: CRM refused lead of [email]")
        assert "ivan@example.com" not in event.last_error and "999" not in event.last_error
        assert await handler_writes(database, event_id) == 0  # the handler's work rolled back
        assert await jobs_for(database, event_id) == ["failed"]
        failures = [line for line in lines if "webhook event failed" in line]
        assert len(failures) == runs
        assert handler.provider in failures[0] and str(event_id) in failures[0]
        assert not any("payload-marker" in line or "ivan@" in line for line in lines)

        # the cause is fixed: an admin replays the event and it goes through
        handler.failure = None
        async with database.transaction() as session:
            assert await service.replay_failed(session, provider=handler.provider) == 1
        await drain(queue)
        event = await load(database, event_id)
        assert event.status == "processed" and event.attempts == runs + 1
        assert event.last_error is None
        assert await handler_writes(database, event_id) == 1
        assert handler.calls == [event_id] * (runs + 1)

    async def test_an_event_of_a_provider_without_a_handler_fails_clearly(
        self, database: Database, queue: Settings
    ) -> None:
        event_id = (await record_committed(database, "nobody-handles-this")).event.id
        await drain(queue, rounds=6)
        event = await load(database, event_id)
        assert event.status == "failed" and event.attempts == queue.max_retries + 1
        assert event.last_error == (
            "UnknownProvider: no webhook handler is registered for provider 'nobody-handles-this'"
        )


class TestCatchUp:
    """A service away for longer than a job's retries: the periodic catch-up queues again
    the events that failed for a reason that passes, within WEBHOOK_CATCH_UP_HOURS."""

    async def test_an_outage_past_the_retries_is_caught_up_once_it_ends(
        self, database: Database, queue: Settings, handler: RecordingHandler
    ) -> None:
        handler.failure = RetryableError("yookassa", "HTTP 503 after 3 retries")
        event_id = (await record_committed(database, handler.provider)).event.id
        await drain(queue, rounds=6)
        assert (await load(database, event_id)).status == "failed"
        assert await catch_up_failed(database, queue) == 1  # still down: fails again
        await drain(queue, rounds=6)
        assert (await load(database, event_id)).status == "failed"

        handler.failure = None  # the service is back
        assert await catch_up_failed(database, queue) == 1
        await drain(queue)
        event = await load(database, event_id)
        assert event.status == "processed" and await handler_writes(database, event_id) == 1
        assert await catch_up_failed(database, queue) == 0  # nothing left, nothing twice

    async def test_a_refusal_and_an_old_failure_wait_for_an_admin(
        self, database: Database, queue: Settings, handler: RecordingHandler
    ) -> None:
        handler.failure = PermanentError("yookassa", "HTTP 401: the key is wrong")
        refused = (await record_committed(database, handler.provider, "refused")).event.id
        await drain(queue, rounds=6)
        handler.failure = RetryableError("yookassa", "HTTP 503")
        old = (await record_committed(database, handler.provider, "old")).event.id
        await drain(queue, rounds=6)
        async with database.transaction() as session:
            await session.execute(
                update(WebhookEvent)
                .where(WebhookEvent.id == old)
                .values(received_at=utcnow() - timedelta(hours=queue.webhook_catch_up_hours + 1))
            )
        assert [(await load(database, e)).status for e in (refused, old)] == ["failed"] * 2
        assert await catch_up_failed(database, queue) == 0
        off = queue.model_copy(update={"webhook_catch_up_hours": 0})
        handler.failure = RetryableError("yookassa", "HTTP 503")
        await record_committed(database, handler.provider, "recent")
        await drain(queue, rounds=6)
        assert await catch_up_failed(database, off) == 0  # switched off
        assert await catch_up_failed(database, queue) == 1  # …though this one would go
