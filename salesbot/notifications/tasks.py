"""The jobs of the mail outbox: send one mail, and resend those an SMTP outage held back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import procrastinate
from loguru import logger

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.integrations.errors import OutsideServiceError, PermanentError
from salesbot.integrations.mail import get_mailer
from salesbot.jobs.app import RETRY, job_app
from salesbot.jobs.worker import when_parked
from salesbot.models import MailStatus
from salesbot.notifications import repository, service
from salesbot.notifications.compose import MissingAttachment, compose, message_id
from salesbot.notifications.templates import MailTemplateError
from salesbot.security.masking import mask_text
from salesbot.settings import Settings, get_settings

MAX_ERROR_LENGTH = 2000
# Failures no retry can mend: the mail waits for an admin (fix, then retry it).
PERMANENT = (MailTemplateError, MissingAttachment)


@job_app.task(name=service.SEND_TASK, retry=RETRY, pass_context=True)
async def send_mail(context: procrastinate.JobContext, mail_id: str) -> str:
    job = context.job

    def last_try(exc: Exception) -> bool:
        return RETRY.get_retry_decision(exception=exc, job=job) is None

    return await deliver(get_database(), get_settings(), uuid.UUID(mail_id), last_try=last_try)


@job_app.periodic(cron="*/5 * * * *", periodic_id="resend-failed-mails")
@job_app.task(name="notifications.resend_failed", retry=RETRY, queueing_lock="resend-mails")
async def resend_failed_mails(timestamp: int) -> int:
    async with get_database().transaction() as session:
        count = await service.resend_failed(session, get_settings())
    if count:
        logger.info("{} mails held back by an SMTP outage queued again", count)
    return count


@when_parked
async def tell_the_team_a_job_stopped(job: procrastinate.jobs.Job, exc: BaseException) -> None:
    """A job the queue gave up on (a CRM sync, a delivery…): the managers get a mail with the
    task, the job and the kind of error (its text may hold personal data; the admin API has
    it, masked)."""
    async with get_database().transaction() as session:
        await service.queue_team_alert(
            session,
            get_settings(),
            "job_failed",
            conversation_id=None,
            extra={"task": job.task_name, "job_id": job.id, "error": type(exc).__name__},
            dedupe_key=f"job_failed:{job.id}",
        )


async def deliver(
    database: Database,
    settings: Settings,
    mail_id: uuid.UUID,
    *,
    last_try: Callable[[Exception], bool],
) -> str:
    """Send one queued mail; "sent", "already sent", "missing" or "failed".

    The row stays locked while the server takes the mail, so a second job for it (a retry
    racing an admin's) waits and then finds it sent. A retryable failure raises, so the
    queue tries again with back-off, until `last_try` says this was the last attempt: then
    the mail is `failed` and the periodic resend takes it from there.
    """
    mailer = get_mailer(settings)
    try:
        async with database.transaction() as session:
            mail = await repository.get(session, mail_id, for_update=True)
            if mail is None:
                logger.bind(mail_id=str(mail_id)).warning("queued mail not found")
                return "missing"
            if mail.status == MailStatus.sent.value:
                return "already sent"
            if mailer is None:
                raise PermanentError("smtp", "SMTP_HOST is not set: mail is off")
            await mailer.send(await compose(session, settings, mail))
            mail.status = MailStatus.sent.value
            mail.sent_at = datetime.now(UTC)
            mail.attempts += 1
            mail.last_error = None
            mail.message_id = message_id(mail.id, settings)
            return "sent"
    except Exception as exc:
        retryable = _retryable(exc)
        final = not retryable or last_try(exc)
        await _note_failure(database, settings, mail_id, exc, final=final, retryable=retryable)
        if final:
            return "failed"  # the outbox is its record; no parked job to clean up
        raise


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, OutsideServiceError):
        return exc.retryable
    # Anything else unexpected (the database, a bug) is worth another try.
    return not isinstance(exc, PERMANENT)


async def _note_failure(
    database: Database,
    settings: Settings,
    mail_id: uuid.UUID,
    exc: Exception,
    *,
    final: bool,
    retryable: bool,
) -> None:
    # The sending transaction is gone: the failure is noted in a new one.
    error = mask_text(f"{type(exc).__name__}: {exc}")[:MAX_ERROR_LENGTH]
    async with database.transaction() as session:
        mail = await repository.get(session, mail_id, for_update=True)
        if mail is None or mail.status == MailStatus.sent.value:
            return
        mail.attempts += 1
        mail.last_error = error
        mail.retryable = retryable
        mail.message_id = message_id(mail.id, settings)
        if final:
            mail.status = MailStatus.failed.value
        # Only the kind of error: its text may quote the server's words about an address.
        logger.bind(mail_id=str(mail.id), template=mail.template, attempt=mail.attempts).warning(
            "mail not sent ({}): {}", "given up" if final else "will retry", type(exc).__name__
        )
