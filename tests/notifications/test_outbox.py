"""The mail outbox with the real job queue and a real SMTP server: a mail exists only if its
transaction commits, is sent once, and survives an outage of the server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from salesbot.db.engine import Database
from salesbot.jobs.app import defer
from salesbot.models import MailStatus, OutgoingMail
from salesbot.notifications import service
from salesbot.notifications.tasks import deliver
from salesbot.settings import Settings
from tests.notifications.conftest import TEAM
from tests.notifications.factories import conversation_with_lead
from tests.queue import drain
from tests.smtp import SmtpServer

pytestmark = pytest.mark.usefixtures("queue")


async def queue_lead_alert(
    database: Database, settings: Settings, conversation_id: uuid.UUID
) -> uuid.UUID:
    async with database.transaction() as session:
        mail = await service.queue_team_alert(
            session, settings, "lead", conversation_id=conversation_id
        )
        assert mail is not None
        return mail.id


async def stored(database: Database, mail_id: uuid.UUID) -> OutgoingMail:
    async with database.transaction() as session:
        return await session.get_one(OutgoingMail, mail_id)


async def count_mails(database: Database) -> int:
    async with database.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(OutgoingMail))).scalar())


class TestOnlyWhatCommits:
    async def test_a_rolled_back_transaction_leaves_no_mail(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)

        class Abort(Exception):
            pass

        with pytest.raises(Abort):
            async with database.transaction() as session:
                await service.queue_team_alert(
                    session, settings, "lead", conversation_id=conversation_id
                )
                raise Abort
        await drain(settings)

        assert await count_mails(database) == 0
        assert smtp.mails == []


class TestSentOnce:
    async def test_queued_then_sent_once_however_often_the_queue_runs(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))

        await drain(settings)
        await drain(settings)

        assert len(smtp.mails) == 1
        assert smtp.mails[0].recipients == [TEAM]
        mail = await stored(database, mail_id)
        assert (mail.status, mail.attempts, mail.last_error) == ("sent", 1, None)
        assert mail.sent_at is not None
        assert mail.message_id == f"<{mail_id}@neurocode.example>"
        assert smtp.mails[0].message["Message-ID"] == mail.message_id

    async def test_a_duplicate_send_job_is_a_no_op(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))
        async with database.transaction() as session:  # a second job for the same mail
            await defer(session, service.SEND_TASK, mail_id=str(mail_id))

        await drain(settings)

        assert len(smtp.mails) == 1

    async def test_the_same_dedupe_key_twice_is_one_mail(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        first = await queue_lead_alert(database, settings, conversation_id)
        await drain(settings)
        again = await queue_lead_alert(database, settings, conversation_id)  # e.g. a retried job

        await drain(settings)

        assert again == first
        assert await count_mails(database) == 1
        assert len(smtp.mails) == 1

    async def test_explicit_keys_tell_two_alerts_apart(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        async with database.transaction() as session:
            for key in ("handoff:1", "handoff:2"):
                await service.queue_team_alert(
                    session,
                    settings,
                    "handoff",
                    conversation_id=conversation_id,
                    reason="клиент попросил менеджера",
                    dedupe_key=key,
                )

        await drain(settings)

        assert len(smtp.mails) == 2


class TestOutage:
    async def test_a_mail_queued_while_smtp_is_down_goes_out_once_it_is_back(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        smtp.stop()
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))

        await drain(settings)  # the first attempt fails; a retry is scheduled

        mail = await stored(database, mail_id)
        assert mail.status == "pending" and mail.attempts >= 1
        assert mail.last_error is not None and "unreachable" in mail.last_error
        smtp.start()
        await drain(settings, rounds=4, pause=0.25)
        await drain(settings)

        assert len(smtp.mails) == 1
        assert (await stored(database, mail_id)).status == "sent"

    async def test_an_outage_longer_than_the_retries_is_bridged_by_the_resend(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        smtp.stop()
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))
        await drain(settings, rounds=5, pause=0.25)  # every retry fails
        mail = await stored(database, mail_id)
        assert mail.attempts >= settings.max_retries + 1
        assert smtp.mails == []

        smtp.start()
        async with database.transaction() as session:
            await service.resend_failed(session, settings)  # what the periodic job does
        await drain(settings, rounds=2)

        assert len(smtp.mails) == 1
        assert smtp.mails[0].message["Message-ID"] == f"<{mail_id}@neurocode.example>"
        assert (await stored(database, mail_id)).status == "sent"

    async def test_the_last_failed_attempt_parks_the_mail_with_its_error(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        smtp.stop()
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))

        outcome = await deliver(database, settings, mail_id, last_try=lambda exc: True)

        assert outcome == "failed"
        mail = await stored(database, mail_id)
        assert (mail.status, mail.retryable, mail.attempts) == ("failed", True, 1)
        assert mail.last_error is not None and "unreachable" in mail.last_error

    async def test_the_resend_gives_up_on_old_mails_and_permanent_failures(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        ids = []
        async with database.transaction() as session:
            for n in range(3):
                mail = await service.queue_team_alert(
                    session, settings, "handoff", conversation_id=conversation_id, extra={"n": n}
                )
                assert mail is not None
                ids.append(mail.id)
        _, old, refused = ids
        too_old = datetime.now(UTC) - timedelta(hours=settings.mail_give_up_hours + 1)
        async with database.transaction() as session:
            await session.execute(text("DELETE FROM procrastinate_jobs"))
            await session.execute(
                text("UPDATE outgoing_mails SET status = 'failed', retryable = true")
            )
            (await session.get_one(OutgoingMail, old)).created_at = too_old
            (await session.get_one(OutgoingMail, refused)).retryable = False

        async with database.transaction() as session:
            assert await service.resend_failed(session, settings) == 1
        await drain(settings)

        assert len(smtp.mails) == 1
        assert [(await stored(database, i)).status for i in ids] == ["sent", "failed", "failed"]


class TestPermanentFailures:
    async def test_a_refused_address_fails_at_once_and_an_admin_retry_sends_it(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        smtp.recorder.refuse[TEAM] = f"550 5.1.1 <{TEAM}>: mailbox unavailable"
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))

        await drain(settings, rounds=2)

        mail = await stored(database, mail_id)
        assert (mail.status, mail.retryable, mail.attempts) == ("failed", False, 1)
        assert mail.last_error is not None and "550" in mail.last_error
        assert TEAM not in mail.last_error  # masked
        async with database.transaction() as session:
            assert await service.resend_failed(session, settings) == 0

        del smtp.recorder.refuse[TEAM]  # the mailbox is fixed
        async with database.transaction() as session:
            await service.retry(session, mail_id)
        await drain(settings)

        assert len(smtp.mails) == 1
        assert (await stored(database, mail_id)).status == MailStatus.sent

    async def test_mail_switched_off_after_queuing_fails_with_the_reason(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        mail_id = await queue_lead_alert(database, settings, await conversation_with_lead(database))
        off = settings.model_copy(update={"smtp_host": None})

        assert await deliver(database, off, mail_id, last_try=lambda exc: False) == "failed"

        mail = await stored(database, mail_id)
        assert mail.status == "failed" and not mail.retryable
        assert mail.last_error is not None and "SMTP_HOST" in mail.last_error
