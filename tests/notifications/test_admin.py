"""The admins' view of the mail outbox: failed mails with their reason, and a retry."""

from __future__ import annotations

import uuid

import httpx

from salesbot.db.engine import Database
from salesbot.models import Role
from salesbot.notifications import service
from salesbot.settings import Settings
from tests.conftest import create_user, login
from tests.notifications.conftest import TEAM
from tests.notifications.factories import conversation_with_lead
from tests.queue import drain
from tests.smtp import SmtpServer


async def failed_mail(database: Database, settings: Settings, smtp: SmtpServer) -> uuid.UUID:
    smtp.recorder.refuse[TEAM] = f"550 5.1.1 <{TEAM}>: mailbox unavailable"
    conversation_id = await conversation_with_lead(database)
    async with database.transaction() as session:
        mail = await service.queue_team_alert(
            session, settings, "lead", conversation_id=conversation_id
        )
        assert mail is not None
    await drain(settings)
    return mail.id


class TestFailedMails:
    async def test_listed_with_their_reason_but_never_their_addresses(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
        smtp: SmtpServer,
    ) -> None:
        mail_id = await failed_mail(database, settings, smtp)

        response = await client.get("/api/v1/admin/mails", headers=admin_headers)

        assert response.status_code == 200
        assert response.headers["X-Total-Count"] == "1"
        [item] = response.json()
        assert item["id"] == str(mail_id)
        assert (item["template"], item["status"], item["retryable"]) == ("lead", "failed", False)
        assert item["recipients"] == 1 and "550" in item["last_error"]
        assert TEAM not in response.text
        sent = await client.get("/api/v1/admin/mails?status=sent", headers=admin_headers)
        assert sent.json() == []

    async def test_a_retry_sends_it_once_the_cause_is_fixed(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        database: Database,
        settings: Settings,
        smtp: SmtpServer,
    ) -> None:
        mail_id = await failed_mail(database, settings, smtp)
        smtp.recorder.refuse.clear()

        response = await client.post(f"/api/v1/admin/mails/{mail_id}/retry", headers=admin_headers)
        assert response.status_code == 202 and response.json()["status"] == "pending"
        await drain(settings)

        assert len(smtp.mails) == 1
        again = await client.post(f"/api/v1/admin/mails/{mail_id}/retry", headers=admin_headers)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "mail_not_failed"
        missing = await client.post(
            f"/api/v1/admin/mails/{uuid.uuid4()}/retry", headers=admin_headers
        )
        assert missing.json()["error"]["code"] == "mail_not_found"

    async def test_managers_may_not_look(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        email, password = await create_user(database, role=Role.manager)
        token = await login(client, email, password)

        response = await client.get(
            "/api/v1/admin/mails", headers={"Authorization": f"Bearer {token}"}
        )

        assert response.status_code == 403
