"""amoCRM and the SMTP server down together for longer than the jobs' retries (issue 22):
customers who reach a quote meanwhile are not held up, and once both are back the periodic
catch-ups send every deal and every mail, each exactly once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from salesbot.crm.cards import lead_key
from salesbot.crm.tasks import catch_up
from salesbot.db.engine import Database
from salesbot.models import Lead, OutgoingMail
from salesbot.notifications import service as mail
from salesbot.settings import Settings
from tests.conftest import in_use, make_settings
from tests.crm.conftest import FIRST, QUOTE, TALKS, Chat, connected, drain, quick_backoff
from tests.fakes.amocrm_server import FakeAmo
from tests.integrations.crm.conftest import amo, amo_server, amo_settings
from tests.smtp import HOST, SmtpServer, smtp

__all__ = ["amo", "amo_server", "connected", "quick_backoff", "smtp"]

CUSTOMERS = 3


@pytest.fixture
def settings(database_url: str, tmp_path: Path, amo_server: FakeAmo, smtp: SmtpServer) -> Settings:
    """amoCRM and mail on; jobs retry fast (0.05 s, 0.1 s, then parked)."""
    fast = make_settings(
        database_url,
        tmp_path,
        job_retry_base_seconds=0.05,
        max_retries=2,
        smtp_host=HOST,
        smtp_port=smtp.port,
        smtp_from="Нейрокод <noreply@neurocode.example>",
        smtp_timeout_seconds=2.0,
        manager_emails=["team@neurocode.example"],
        public_url="https://sales.neurocode.example",
    )
    return in_use(
        amo_settings(fast, amo_server, amocrm_status_map={"new": FIRST, "quote_sent": TALKS})
    )


@pytest.fixture(autouse=True)
async def _board(fresh_board: None) -> None:
    """Every test here starts with a fresh integration board (tests/conftest.py)."""


async def test_deals_and_mails_of_an_outage_arrive_after_it_once(
    connected: FakeAmo,
    smtp: SmtpServer,
    client: httpx.AsyncClient,
    settings: Settings,
    database: Database,
) -> None:
    connected.down = True  # every call answers 503
    smtp.stop()  # connections refused
    for _ in range(CUSTOMERS):
        await (await Chat.start(client)).say(*QUOTE[:2])  # a lead each; Chat.say checks 200
    await drain(settings)  # every attempt fails until the jobs are parked
    assert connected.leads == {} and smtp.mails == []
    async with database.transaction() as session:
        queued = list(await session.scalars(select(OutgoingMail)))
        leads = list(await session.scalars(select(Lead)))
    assert len(leads) == CUSTOMERS
    assert Counter(m.template for m in queued)["lead"] == CUSTOMERS  # the managers' alerts
    assert all(m.status != "sent" and m.attempts >= 1 for m in queued)

    connected.down = False
    smtp.start()
    for _ in range(2):  # the periodic catch-ups, twice: the second must find nothing to do
        await catch_up(settings)
        async with database.transaction() as session:
            await mail.resend_failed(session, settings)
        await drain(settings)

    deals = Counter(deal["name"].rsplit("[", 1)[1].rstrip("]") for deal in connected.leads.values())
    assert deals == Counter(lead_key(lead.id) for lead in leads)  # one deal per lead
    ids = Counter(received.message["Message-ID"] for received in smtp.mails)
    assert ids == Counter(f"<{m.id}@neurocode.example>" for m in queued)  # one mail per row
    async with database.transaction() as session:
        statuses = {m.status for m in await session.scalars(select(OutgoingMail))}
    assert statuses == {"sent"}
    print(
        f"\namoCRM and SMTP down: {CUSTOMERS} leads, {len(queued)} mails "
        f"{dict(Counter(m.template for m in queued))}; after recovery "
        f"{len(connected.leads)} deals, {len(smtp.mails)} mails, 0 duplicated"
    )
