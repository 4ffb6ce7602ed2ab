"""Paying for a quote through YooKassa (the fake built from the notes): the link with our
idempotence key (a 500 retried makes no second payment), notifications from YooKassa's
addresses only, the payment read again before anything is done, a paid lead won, a
declined payment told in Russian with a new link, the attempts' limit, and the invoice
when YooKassa is not set up."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select, text

from salesbot.db.engine import Database
from salesbot.integrations import http
from salesbot.integrations.payments.base import PaymentRequest, PaymentStatus
from salesbot.integrations.payments.yookassa import YooKassa
from salesbot.models import Lead, Message, Payment, WebhookEvent
from salesbot.settings import Settings
from salesbot.webhooks.tasks import catch_up_failed
from tests.conftest import manager_login, process_settings
from tests.crm.conftest import Chat
from tests.fakes.yookassa_server import NOTIFICATION_SOURCE_IP, SECRET_KEY, SHOP_ID, FakeYooKassa
from tests.queue import drain

QUOTE = (
    "Здравствуйте! Нужен ИИ-Менеджер",
    "у нас 30 менеджеров",
    "интеграция с амо и 1С",
    "облако",
    "стандартный sla",
    "Всё верно",
)
LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def yookassa_server() -> Iterator[FakeYooKassa]:
    fake = FakeYooKassa().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(yookassa_server: FakeYooKassa, monkeypatch: pytest.MonkeyPatch) -> FakeYooKassa:
    yookassa_server.reset()

    async def moment(seconds: float) -> None:  # a call's own retries, quick here
        return None

    monkeypatch.setattr(http, "_sleep", moment)
    return yookassa_server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, yookassa_server: FakeYooKassa) -> Settings:
    return process_settings(
        database_url,
        tmp_path,
        yookassa_shop_id=SHOP_ID,
        yookassa_secret_key=SecretStr(SECRET_KEY),
        yookassa_api_base=yookassa_server.origin,
        max_payment_attempts=2,
        public_url="https://bot.example.ru",
    )


@pytest.fixture
async def yookassa_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Posts as YooKassa's notification sender does (an address in its ranges)."""
    transport = httpx.ASGITransport(app=app, client=(NOTIFICATION_SOURCE_IP, 443))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _payments(database: Database) -> list[Payment]:
    async with database.transaction() as session:
        return list(await session.scalars(select(Payment).order_by(Payment.attempt)))


async def _last_bot_text(database: Database) -> str:
    async with database.transaction() as session:
        message = (
            await session.scalars(select(Message).order_by(Message.created_at.desc()))
        ).first()
    assert message is not None
    return message.readable_text


class TestTheAdapter:
    async def test_a_500_retried_with_the_same_key_makes_one_payment(
        self, fake: FakeYooKassa, settings: Settings
    ) -> None:
        fake.rate_limit_next(1)  # a 429 first: retried with the same key
        fake.fail_next(500)  # then YooKassa made the payment, and failed to answer
        provider = YooKassa(settings.model_copy(update={"yookassa_receipts": True}))
        request = PaymentRequest(
            idempotency_key="c0ffee" * 5,
            amount=Decimal("887250"),
            description="ИИ-Менеджер, пакет «Оптимум» (SB-1a2b3c4d5e6f)",
            return_url="https://bot.example.ru/pay/return",
            customer_email="olga@romashka.ru",
            receipt_item="ИИ-Менеджер, пакет «Оптимум»",
            metadata={"lead": "SB-1a2b3c4d5e6f"},
        )
        made = await provider.create_payment(request)
        again = await provider.create_payment(request)  # a job's retry
        await provider.close()
        assert made.id == again.id and made.status is PaymentStatus.pending
        assert made.amount == Decimal("887250.00") and made.confirmation_url
        assert len(fake.payments) == 1
        [limited, first, retry, _] = fake.calls_to("/v3/payments", "POST")
        assert (limited.status, first.status, retry.status) == (429, 500, 200)
        assert limited.idempotence_key == first.idempotence_key == retry.idempotence_key
        body = retry.body
        assert body["capture"] is True and body["amount"] == {
            "value": "887250.00",
            "currency": "RUB",
        }
        assert body["receipt"]["customer"] == {"email": "olga@romashka.ru"}
        assert body["receipt"]["items"][0]["vat_code"] == 1


class TestTheFunnel:
    async def test_a_link_paid_wins_the_lead_and_thanks_the_customer(
        self,
        fake: FakeYooKassa,
        client: httpx.AsyncClient,
        yookassa_client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        said = await chat.say("Хочу оплатить")
        [url] = LINK.findall(said)
        assert "пакета «Старт»" in said and "24 ч" in said  # the recommended one
        assert LINK.findall(await chat.say("где оплатить?")) == [url]  # the same link again
        [payment] = await _payments(database)
        assert payment.confirmation_url == url and len(fake.payments) == 1
        created = fake.calls_to("/v3/payments", "POST")[0].body
        assert created["metadata"]["conversation_id"] == chat.id
        assert created["description"].startswith("ИИ-Менеджер, пакет «Старт» (SB-")

        fake.succeed(payment.provider_payment_id or "")
        notice = fake.notification(payment.provider_payment_id or "", "payment.succeeded")
        posted = await yookassa_client.post("/api/v1/webhooks/yookassa", json=notice)
        assert posted.status_code == 200 and posted.json()["duplicate"] is False
        again = await yookassa_client.post("/api/v1/webhooks/yookassa", json=notice)
        assert again.json()["duplicate"] is True  # YooKassa's redelivery
        await drain(settings, rounds=3, pause=0.1)

        async with database.transaction() as session:
            lead = (await session.execute(select(Lead))).scalar_one()
            jobs = await session.execute(
                text(
                    "SELECT args->>'kind' FROM procrastinate_jobs "
                    "WHERE task_name = 'channels.notify_team' ORDER BY id"
                )
            )
            told = [row[0] for row in jobs]
        assert lead.status == "won"
        assert "Оплата получена" in await _last_bot_text(database)
        assert told[-1] == "payment"  # the managers' group hears of it
        _email, headers = await manager_login(client, database)
        card = (await client.get(f"/api/v1/leads/{lead.id}", headers=headers)).json()
        [shown] = card["payments"]
        assert shown["status"] == "succeeded" and shown["provider"] == "yookassa"
        assert shown["paid_at"] is not None
        summary = (await client.get("/api/v1/analytics/summary", headers=headers)).json()
        assert summary["revenue"]["payments"] == 1
        assert Decimal(summary["revenue"]["paid"]) == payment.amount

    async def test_a_forged_success_is_checked_against_yookassa_and_ignored(
        self,
        fake: FakeYooKassa,
        client: httpx.AsyncClient,
        yookassa_client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, "Хочу оплатить")
        [payment] = await _payments(database)
        forged = fake.notification(payment.provider_payment_id or "", "payment.succeeded")
        posted = await yookassa_client.post("/api/v1/webhooks/yookassa", json=forged)
        assert posted.status_code == 200
        await drain(settings, rounds=3, pause=0.1)
        [still] = await _payments(database)
        assert still.status == "pending"
        async with database.transaction() as session:
            assert (await session.execute(select(Lead))).scalar_one().status == "quote_sent"
        assert fake.calls_to(f"/v3/payments/{payment.provider_payment_id}", "GET")  # re-read

    async def test_a_notification_from_a_stranger_is_refused(
        self, fake: FakeYooKassa, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        body = {"type": "notification", "event": "payment.succeeded", "object": {"id": "x"}}
        refused = await client.post("/api/v1/webhooks/yookassa", json=body)  # 203.0.113.10
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "webhook_sender_refused"

    async def test_a_declined_payment_is_told_with_a_new_link_until_the_limit(
        self,
        fake: FakeYooKassa,
        client: httpx.AsyncClient,
        yookassa_client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE, "Хочу оплатить")
        for attempt in (1, 2):
            payment = (await _payments(database))[-1]
            assert payment.attempt == attempt
            fake.cancel(payment.provider_payment_id or "", reason="insufficient_funds")
            notice = fake.notification(payment.provider_payment_id or "", "payment.canceled")
            await yookassa_client.post("/api/v1/webhooks/yookassa", json=notice)
            await drain(settings, rounds=3, pause=0.1)
            assert "не хватило средств" in await _last_bot_text(database)
            said = await chat.say("pay:new")  # the button under the message
            if attempt == 1:
                assert len(LINK.findall(said)) == 1
        assert "позвал менеджера" in said  # the third link is a person's job
        assert len(fake.payments) == 2


async def _retries_waiting(database: Database) -> bool:
    """Whether a webhook job waits for its retry; if so, its wait is cut short."""
    async with database.transaction() as session:
        moved = await session.execute(
            text(
                "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo' "
                "AND task_name = 'webhooks.process'"
            )
        )
    return bool(moved.rowcount)  # type: ignore[attr-defined]


class TestOutage:
    async def test_down_for_a_while_the_customer_is_told_and_the_payment_lands_once(
        self,
        fake: FakeYooKassa,
        client: httpx.AsyncClient,
        yookassa_client: httpx.AsyncClient,
        settings: Settings,
        database: Database,
    ) -> None:
        """YooKassa answers 503 to everything, past every retry, twice: when the customer
        asks for the link, and when its notice of the payment arrives (we read the payment
        back before believing it). After it recovers: one payment, one win, one thanks."""
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        fake.fail_next(503, times=50, processed=False)
        said = await chat.say("Хочу оплатить")
        assert not LINK.findall(said) and said.strip()  # an answer, not an error
        assert fake.payments == {}
        fake.reset_failures()

        said = await chat.say("Попробуем ещё раз оплатить?")
        [url] = LINK.findall(said)  # the link, not "None" (the row of the failed attempt)
        [payment] = await _payments(database)  # asked for again under its own key
        assert payment.confirmation_url == url and len(fake.payments) == 1

        fake.succeed(payment.provider_payment_id or "")
        notice = fake.notification(payment.provider_payment_id or "", "payment.succeeded")
        fake.fail_next(503, times=1000, processed=False)
        posted = await yookassa_client.post("/api/v1/webhooks/yookassa", json=notice)
        assert posted.status_code == 200  # kept in the ledger, not lost
        while await _retries_waiting(database):  # the job's retries' waits, passed
            await drain(settings, rounds=2, pause=0.1)
        async with database.transaction() as session:
            [event] = await session.scalars(select(WebhookEvent))
            assert (await session.execute(select(Lead))).scalar_one().status != "won"
        assert event.status == "failed" and event.attempts == settings.max_retries + 1
        fake.reset_failures()
        again = await yookassa_client.post("/api/v1/webhooks/yookassa", json=notice)
        assert again.json()["duplicate"] is True  # YooKassa's own redelivery meanwhile
        assert await catch_up_failed(database, settings) == 1  # the periodic catch-up
        await drain(settings, rounds=3, pause=0.1)

        async with database.transaction() as session:
            lead = (await session.execute(select(Lead))).scalar_one()
            thanks = await session.scalars(select(Message).where(Message.author == "bot"))
            thanked = [m for m in thanks if "Оплата получена" in m.readable_text]
        assert lead.status == "won" and len(thanked) == 1
        assert [p.status for p in await _payments(database)].count("succeeded") == 1


class TestWithoutYooKassa:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return process_settings(database_url, tmp_path)

    async def test_the_invoice_is_the_way(
        self, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say(*QUOTE)
        said = await chat.say("Хочу оплатить")
        assert "Оплата — по счёту: счёт №" in said and "менеджер подтвердит" in said
        assert await _payments(database) == []

        email, headers = await manager_login(client, database)
        paid = await client.post(
            f"/api/v1/conversations/{chat.id}/payments/invoice", headers=headers
        )
        assert paid.status_code == 201, paid.text
        assert paid.json()["provider"] == "invoice" and paid.json()["status"] == "succeeded"
        [payment] = await _payments(database)
        assert payment.confirmed_by == email
        async with database.transaction() as session:
            assert (await session.execute(select(Lead))).scalar_one().status == "won"
        assert "Оплата получена" in await _last_bot_text(database)

    async def test_no_invoice_to_confirm_without_a_quote(
        self, client: httpx.AsyncClient, settings: Settings, database: Database
    ) -> None:
        chat = await Chat.start(client)
        await chat.say("Здравствуйте")
        _email, headers = await manager_login(client, database)
        refused = await client.post(
            f"/api/v1/conversations/{chat.id}/payments/invoice", headers=headers
        )
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_quote"
