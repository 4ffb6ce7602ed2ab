"""What the managers and the customers receive: the team's alerts without personal data, and
a customer's documents attached byte for byte under their Russian names."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.errors import ValidationFailed
from salesbot.models import OutgoingMail, Role
from salesbot.notifications import service
from salesbot.settings import Settings
from tests.conftest import create_user
from tests.notifications.conftest import TEAM
from tests.notifications.factories import CUSTOMER, conversation_with_lead, stored_document
from tests.queue import drain
from tests.smtp import SmtpServer

pytestmark = pytest.mark.usefixtures("queue")


class TestTeamAlerts:
    async def test_a_new_lead_tells_what_and_where_but_not_who(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        async with database.transaction() as session:
            await service.queue_team_alert(
                session, settings, "lead", conversation_id=conversation_id
            )
        await drain(settings)

        [received] = smtp.mails
        message = received.message
        assert message["Subject"] == "Новый лид: ИИ-Юрист, 887\u00a0250\u00a0₽"
        assert message["From"].addresses[0].display_name == "Нейрокод"
        assert message["To"] == TEAM
        body = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        link = f"https://sales.neurocode.example/app/inbox?c={conversation_id}"
        for part in (body, html):
            assert "Продукт" in part and "ИИ-Юрист" in part
            assert "887\u00a0250\u00a0₽" in part
            assert "telegram" in part  # the channel, as the caller did not name it
            assert link in part
        assert f'href="{link}"' in html
        decoded = f"{message['Subject']}{body}{html}"
        for value in CUSTOMER.values():
            assert value not in decoded
            assert value.encode() not in received.raw

    async def test_the_caller_names_the_reason_and_the_channel(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database, product=None, amount=None)
        async with database.transaction() as session:
            await service.queue_team_alert(
                session,
                settings,
                "handoff",
                conversation_id=conversation_id,
                reason="клиент попросил менеджера",
                extra={"channel": "Telegram"},
            )
        await drain(settings)

        message = smtp.mails[0].message
        assert message["Subject"] == "Клиент просит менеджера: клиент попросил менеджера"
        body = message.get_body(("plain",)).get_content()
        assert "Причина: клиент попросил менеджера" in body
        assert "Канал: Telegram" in body
        assert "Продукт" not in body and "Сумма" not in body  # the lead has neither yet

    async def test_a_payment_and_a_failed_job(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        async with database.transaction() as session:
            await service.queue_team_alert(
                session,
                settings,
                "payment",
                conversation_id=conversation_id,
                extra={"invoice": "СЧ-2026-0007", "amount": "443 625 ₽"},
            )
            await service.queue_team_alert(
                session,
                settings,
                "job_failed",
                conversation_id=None,
                extra={"task": "crm.sync_lead", "job_id": 4217, "error": "HTTP 503"},
            )
        await drain(settings)

        subjects = sorted(m.message["Subject"] for m in smtp.mails)
        assert subjects == [
            "Задача остановлена после всех попыток: crm.sync_lead",
            "Оплата получена: 443 625 ₽ по счёту № СЧ-2026-0007",
        ]
        failed = next(m.message for m in smtp.mails if "crm.sync_lead" in m.message["Subject"])
        body = failed.get_body(("plain",)).get_content()
        assert "/api/v1/admin/jobs/4217/retry" in body
        assert "/app/inbox" not in body  # no conversation to open

    async def test_without_manager_emails_the_active_managers_and_admins_get_it(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        manager, _ = await create_user(database, role=Role.manager, email="olga@neurocode.example")
        admin, _ = await create_user(database, role=Role.admin, email="ivan@neurocode.example")
        gone, _ = await create_user(database, role=Role.manager, email="gone@neurocode.example")
        async with database.transaction() as session:
            await session.execute(
                text("UPDATE users SET is_active = false WHERE email = :e"), {"e": gone}
            )
        everyone = settings.model_copy(update={"manager_emails": []})
        async with database.transaction() as session:
            await service.queue_team_alert(
                session,
                everyone,
                "booking",
                conversation_id=None,
                extra={"when": "12 декабря, 15:00"},
            )
        await drain(settings)

        assert sorted(smtp.mails[0].recipients) == [admin, manager]
        assert smtp.mails[0].message["Subject"] == "Запись на консультацию: 12 декабря, 15:00"

    async def test_nothing_is_queued_when_mail_is_off_or_about_a_mail_job(
        self, database: Database, settings: Settings
    ) -> None:
        off = settings.model_copy(update={"smtp_host": None})
        async with database.transaction() as session:
            assert (
                await service.queue_team_alert(session, off, "lead", conversation_id=None) is None
            )
            about_mail = {"task": service.SEND_TASK, "job_id": 1}
            assert (
                await service.queue_team_alert(
                    session, settings, "job_failed", conversation_id=None, extra=about_mail
                )
                is None
            )
            with pytest.raises(ValueError, match="unknown team alert"):
                await service.queue_team_alert(session, settings, "nps", conversation_id=None)


class TestCustomerDocuments:
    async def test_the_pdfs_arrive_whole_under_their_russian_names(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        offer, offer_pdf = await stored_document(
            database, settings, conversation_id, kind="offer", number="КП-2026-0001"
        )
        invoice, invoice_pdf = await stored_document(
            database, settings, conversation_id, kind="invoice", number="СЧ-2026-0007"
        )
        async with database.transaction() as session:
            await service.queue_customer_documents(
                session,
                conversation_id=conversation_id,
                to=CUSTOMER["email"],
                document_ids=[offer, invoice],
            )
        await drain(settings)

        [received] = smtp.mails
        assert received.recipients == [CUSTOMER["email"]]
        message = received.message
        assert message["Subject"] == "Ваши документы — ООО «Нейрокод»"
        assert message["Reply-To"] == settings.seller_email
        body = message.get_body(("plain",)).get_content()
        assert "Коммерческое предложение № КП-2026-0001" in body
        assert "Счёт № СЧ-2026-0007" in body
        attachments = {
            part.get_filename(): part.get_content() for part in message.iter_attachments()
        }
        assert attachments == {
            "Коммерческое предложение КП-2026-0001.pdf": offer_pdf,
            "Счёт СЧ-2026-0007.pdf": invoice_pdf,
        }

    async def test_the_address_is_stored_encrypted(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        offer, _ = await stored_document(
            database, settings, conversation_id, kind="offer", number="КП-2026-0002"
        )
        async with database.transaction() as session:
            mail = await service.queue_customer_documents(
                session, conversation_id=conversation_id, to=CUSTOMER["email"], document_ids=[offer]
            )
            raw = (
                await session.execute(
                    text("SELECT recipients, dedupe_key, context::text FROM outgoing_mails")
                )
            ).one()
        assert mail.addresses == (CUSTOMER["email"],)
        assert all(CUSTOMER["email"] not in value for value in raw)

    async def test_a_missing_file_fails_the_mail_for_an_admin(
        self, database: Database, settings: Settings, smtp: SmtpServer
    ) -> None:
        conversation_id = await conversation_with_lead(database)
        async with database.transaction() as session:
            mail = await service.queue_customer_documents(
                session,
                conversation_id=conversation_id,
                to=CUSTOMER["email"],
                document_ids=[uuid.uuid4()],
            )
        await drain(settings, rounds=2)

        async with database.transaction() as session:
            stored = await session.get_one(OutgoingMail, mail.id)
        assert (stored.status, stored.retryable) == ("failed", False)
        assert stored.last_error is not None and "documents not found" in stored.last_error
        assert smtp.mails == []

    async def test_a_malformed_address_is_refused_when_queued(
        self, database: Database, settings: Settings
    ) -> None:
        async with database.transaction() as session:
            with pytest.raises(ValidationFailed) as caught:
                await service.queue_customer_documents(
                    session,
                    conversation_id=uuid.uuid4(),
                    to="anna at romashka",
                    document_ids=[uuid.uuid4()],
                )
        assert caught.value.code == "invalid_email"
