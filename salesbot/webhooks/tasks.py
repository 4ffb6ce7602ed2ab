"""The job that hands a stored webhook event to its provider's handler."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from loguru import logger

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.models import WebhookStatus
from salesbot.security.masking import mask_text
from salesbot.settings import Settings, get_settings
from salesbot.webhooks import repository, service
from salesbot.webhooks.handlers import handler_for

MAX_ERROR_LENGTH = 2000


def passes_by_itself(exc: BaseException) -> bool:
    """A failure worth trying again later: an outside service's own "retryable" errors (it
    was away, busy, rate-limited) and lost connections; not a refusal, nor a bug."""
    return getattr(exc, "retryable", None) is True or isinstance(exc, OSError)


@job_app.periodic(cron="*/10 * * * *", periodic_id="webhooks-catch-up")
@job_app.task(name="webhooks.catch_up", queueing_lock="webhooks-catch-up")
async def catch_up_job(timestamp: int) -> None:
    """Queue again the events whose retries ran out while a service was away."""
    await catch_up_failed(get_database(), get_settings(), idle=CATCH_UP_IDLE)


# A failure this fresh is still the outage the job's own retries just met: the service gets
# these minutes to come back before the event is tried again.
CATCH_UP_IDLE = timedelta(minutes=5)


async def catch_up_failed(
    database: Database, settings: Settings, *, idle: timedelta = timedelta(0)
) -> int:
    """Failed events of the last WEBHOOK_CATCH_UP_HOURS whose failure may pass by itself and
    is at least `idle` old, queued again; returns how many (0 when the setting is 0)."""
    if not settings.webhook_catch_up_hours:
        return 0
    now = datetime.now(UTC)
    since = now - timedelta(hours=settings.webhook_catch_up_hours)
    async with database.transaction() as session:
        queued = await service.replay_failed(session, retryable=(since, now - idle))
    if queued:
        logger.info("webhook catch-up queued {} failed events again", queued)
    return queued


@job_app.task(name="webhooks.process", retry=RETRY)
async def process(event_id: str) -> None:
    """Handle one stored event; raises (and is retried with back-off) when the handler fails."""
    await process_event(get_database(), uuid.UUID(event_id))


async def process_event(database: Database, event_id: uuid.UUID) -> bool:
    """Run the provider's handler for the event once; False when there was nothing to do.

    The row stays locked while the handler runs, so two jobs for one event (a replay racing a
    retry) run it one after the other, and the second finds it processed.
    """
    try:
        async with database.transaction() as session:
            event = await repository.get(session, event_id, for_update=True)
            if event is None:
                logger.bind(webhook_event_id=str(event_id)).warning(
                    "webhook event not found; nothing to process"
                )
                return False
            if event.status == WebhookStatus.processed.value:
                return False
            log = logger.bind(
                provider=event.provider, webhook_event_id=str(event.id), attempt=event.attempts + 1
            )
            handler = handler_for(event.provider)
            # The handler's writes sit in a savepoint of this transaction: they commit with
            # the `processed` mark, or not at all.
            async with session.begin_nested():
                await handler(session, event)
            event.status = WebhookStatus.processed.value
            event.processed_at = datetime.now(UTC)
            event.attempts += 1
            event.last_error = None
            log.info("webhook event processed")
            return True
    except Exception as exc:
        # The handler's transaction is gone (and may be unusable): note the failure in a new
        # one, then raise so the queue retries with back-off.
        await _mark_failed(database, event_id, exc)
        raise


async def _mark_failed(database: Database, event_id: uuid.UUID, exc: Exception) -> None:
    error = mask_text(f"{type(exc).__name__}: {exc}")[:MAX_ERROR_LENGTH]
    async with database.transaction() as session:
        event = await repository.get(session, event_id, for_update=True)
        if event is None or event.status == WebhookStatus.processed.value:
            return
        event.status = WebhookStatus.failed.value
        event.attempts += 1
        event.last_error = error
        event.retryable, event.failed_at = passes_by_itself(exc), datetime.now(UTC)
        # The error's text may quote the payload: only its type goes to the log.
        logger.bind(
            provider=event.provider, webhook_event_id=str(event.id), attempt=event.attempts
        ).warning("webhook event failed: {}", type(exc).__name__)
