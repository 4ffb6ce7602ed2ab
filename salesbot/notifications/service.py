"""The mail outbox: a mail is a row written in the caller's transaction, with its send job
deferred in the same transaction. Roll back and there is no mail; commit and the job sends it,
retrying while the SMTP server is away (`tasks.py`).

Callers pass ids and non-personal values only; the job renders the template when it sends,
from the database as it is then.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email
from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import Conflict, NotFound, ValidationFailed
from salesbot.jobs.app import defer
from salesbot.models import MailStatus, OutgoingMail
from salesbot.notifications import repository
from salesbot.notifications.templates import TEAM_TEMPLATES, TEMPLATES
from salesbot.pricing.serialization import format_roubles
from salesbot.security.pii import pii_hash
from salesbot.settings import Settings

SEND_TASK = "notifications.send_mail"
MAX_DEDUPE_KEY_LENGTH = 255


def mail_enabled(settings: Settings) -> bool:
    """Is there an SMTP server to send through? Offer mail to a customer only then."""
    return settings.smtp_host is not None


async def queue_mail(
    session: AsyncSession,
    *,
    template: str,
    to: Sequence[str],
    context: Mapping[str, Any],
    dedupe_key: str,
    attachments: Iterable[uuid.UUID] = (),
    delay_seconds: float = 0,
) -> OutgoingMail:
    """Put a mail in the outbox and defer its sending, both in the caller's transaction.

    `context`: JSON values the template needs (ids, amounts, labels; no personal data).
    `attachments`: ids of documents, attached as their PDFs. `delay_seconds`: send it later.
    A mail whose `dedupe_key` is queued already is returned as it is, and nothing new is sent.
    """
    if template not in TEMPLATES:
        raise ValueError(f"unknown mail template {template!r}")
    if not dedupe_key or len(dedupe_key) > MAX_DEDUPE_KEY_LENGTH:
        raise ValueError("dedupe_key must be 1 to 255 characters")
    mail = await repository.insert_once(
        session,
        dedupe_key=dedupe_key,
        template=template,
        recipients=_addresses([to] if isinstance(to, str) else to),
        context=_json_values(context),
        attachment_ids=[str(document_id) for document_id in attachments],
    )
    if mail is None:
        existing = await repository.find(session, dedupe_key)
        assert existing is not None  # the conflicting row is committed or ours
        logger.bind(mail_id=str(existing.id), template=template).info("mail queued before; kept")
        return existing
    await defer(session, SEND_TASK, delay_seconds=delay_seconds, mail_id=str(mail.id))
    logger.bind(mail_id=str(mail.id), template=template).info("mail queued")
    return mail


async def queue_team_alert(
    session: AsyncSession,
    settings: Settings,
    kind: str,
    *,
    conversation_id: uuid.UUID | None,
    reason: str | None = None,
    extra: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
    delay_seconds: float = 0,
) -> OutgoingMail | None:
    """Tell the managers by mail: `kind` is lead, handoff, alert, booking, payment or
    job_failed. None when mail is off or there is nobody to tell.

    `reason`: the words managers read (e.g. «клиент попросил менеджера»). `extra`: what the
    kind's template shows besides, e.g. `channel` (its label), `when` (booking), `invoice`
    and `amount` (payment), `task`, `job_id` and `error` (job_failed). The product, amount
    and channel of the conversation's lead are read when the mail is sent. The same alert
    queued twice (same kind, conversation, reason and extra) is one mail, unless the caller
    names each with its own `dedupe_key`.
    """
    if kind not in TEAM_TEMPLATES:
        raise ValueError(f"unknown team alert {kind!r}; one of {', '.join(TEAM_TEMPLATES)}")
    if not mail_enabled(settings):
        return None
    if kind == "job_failed" and (extra or {}).get("task") == SEND_TASK:
        return None  # a mail about a mail that cannot be sent would fail the same way
    recipients = settings.manager_emails or await repository.manager_addresses(session)
    if not recipients:
        logger.bind(kind=kind).warning("no manager address to mail an alert to")
        return None
    context = {
        **_json_values(extra or {}),
        "kind": kind,
        "conversation_id": str(conversation_id) if conversation_id else None,
        "reason": reason,
    }
    if dedupe_key is None:
        dedupe_key = f"team:{kind}:{conversation_id or '-'}:{_digest(context)}"
    return await queue_mail(
        session,
        template=kind,
        to=recipients,
        context=context,
        dedupe_key=dedupe_key,
        delay_seconds=delay_seconds,
    )


async def queue_customer_documents(
    session: AsyncSession,
    *,
    conversation_id: uuid.UUID,
    to: str,
    document_ids: Sequence[uuid.UUID],
    dedupe_key: str | None = None,
) -> OutgoingMail:
    """Mail a customer the documents of their conversation, attached as PDFs.

    The same documents to the same address are one mail; a customer who asks again (the mail
    went astray) gets another when the caller passes a new `dedupe_key` (e.g. the message id
    of the request).
    """
    if not document_ids:
        raise ValueError("no documents to send")
    ids = [str(document_id) for document_id in document_ids]
    if dedupe_key is None:
        # A keyed hash, not the address: the key is stored and shown in plain text.
        recipient = pii_hash("email", to)[:16]
        dedupe_key = f"documents:{conversation_id}:{recipient}:{_digest(sorted(ids))}"
    return await queue_mail(
        session,
        template="documents",
        to=[to],
        context={"conversation_id": str(conversation_id)},
        dedupe_key=dedupe_key,
        attachments=document_ids,
    )


async def queue_booking_invite(
    session: AsyncSession, *, booking_id: uuid.UUID, to: str, change: str
) -> OutgoingMail:
    """The customer's invitation (.ics) to a consultation, or its update or cancellation;
    `change` tells one state of the booking from another (its start, or "cancelled"), so a
    new time is a new mail and a repeat of the same is not."""
    recipient = pii_hash("email", to)[:16]
    return await queue_mail(
        session,
        template="booking_invite",
        to=[to],
        # SEQUENCE grows with each version of the same UID: calendars keep the newest
        context={"booking_id": str(booking_id), "sequence": int(time.time())},
        dedupe_key=f"invite:{booking_id}:{recipient}:{_digest(change)}",
    )


# --- the admins' view ----------------------------------------------------------------------------
async def list_mails(
    session: AsyncSession, *, status: MailStatus | None, limit: int, offset: int
) -> tuple[Sequence[OutgoingMail], int]:
    return await repository.page(
        session, status=status.value if status else None, limit=limit, offset=offset
    )


async def retry(session: AsyncSession, mail_id: uuid.UUID) -> OutgoingMail:
    """Send a failed mail again (after the template, the address or SMTP was fixed)."""
    mail = await repository.get(session, mail_id, for_update=True)
    if mail is None:
        raise NotFound("Письмо не найдено.", code="mail_not_found", details={"id": str(mail_id)})
    if mail.status != MailStatus.failed.value:
        raise Conflict(
            "Повторить можно только письмо, которое не удалось отправить.",
            code="mail_not_failed",
            details={"status": mail.status},
        )
    await _requeue(session, mail)
    return mail


async def resend_failed(session: AsyncSession, settings: Settings) -> int:
    """Queue again the mails given up while the SMTP server was away, if younger than
    MAIL_GIVE_UP_HOURS: an outage longer than the job's retries loses nothing."""
    since = datetime.now(UTC) - timedelta(hours=settings.mail_give_up_hours)
    mails = await repository.resendable(session, since=since)
    for mail in mails:
        await _requeue(session, mail)
    return len(mails)


async def _requeue(session: AsyncSession, mail: OutgoingMail) -> None:
    mail.status = MailStatus.pending.value
    await session.flush()
    await defer(session, SEND_TASK, mail_id=str(mail.id))
    logger.bind(mail_id=str(mail.id), template=mail.template).info("mail queued again")


# --- helpers -------------------------------------------------------------------------------------
def _addresses(to: Iterable[str]) -> list[str]:
    addresses = []
    for address in to:
        try:
            addresses.append(validate_email(address.strip(), check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            raise ValidationFailed(
                "Адрес электронной почты указан с ошибкой.", code="invalid_email"
            ) from exc
    if not addresses:
        raise ValueError("a mail needs a recipient")
    return list(dict.fromkeys(addresses))


def _json_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as stored in the outbox: money as people read it, ids as text."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_roubles(value)
        if isinstance(value, uuid.UUID):
            return str(value)
        if value is None or isinstance(value, str | int | float | bool):
            return value
        raise TypeError(f"a mail's context holds JSON values only, not {type(value).__name__}")

    return {key: plain(value) for key, value in values.items()}


def _digest(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]
