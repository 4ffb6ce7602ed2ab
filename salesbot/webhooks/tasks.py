"""The job that hands a stored webhook event to its provider's handler."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from loguru import logger

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.jobs.app import RETRY, job_app
from salesbot.models import WebhookStatus
from salesbot.security.masking import mask_text
from salesbot.webhooks import repository
from salesbot.webhooks.handlers import handler_for

MAX_ERROR_LENGTH = 2000


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
        # The error's text may quote the payload: only its type goes to the log.
        logger.bind(
            provider=event.provider, webhook_event_id=str(event.id), attempt=event.attempts
        ).warning("webhook event failed: {}", type(exc).__name__)
