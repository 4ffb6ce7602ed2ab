from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.errors import Conflict, NotFound, ValidationFailed
from salesbot.models import WebhookEvent, WebhookStatus
from salesbot.webhooks import service
from salesbot.webhooks.handlers import UnknownProvider, handler_for, register
from tests.webhooks.conftest import jobs_for


async def _record(
    session: AsyncSession, provider: str = "telegram", external_id: str | None = None
) -> service.Recorded:
    return await service.record(
        session,
        provider=provider,
        external_id=external_id or uuid.uuid4().hex,
        payload={"message": {"text": "Здравствуйте", "from": {"phone": "+79991234567"}}},
    )


async def _count(session: AsyncSession, provider: str, external_id: str) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(WebhookEvent)
        .where(WebhookEvent.provider == provider, WebhookEvent.external_id == external_id)
    )
    return int(result.scalar_one())


class TestRecord:
    async def test_new_event_is_stored_received_with_one_job(self, session: AsyncSession) -> None:
        recorded = await _record(session, external_id="upd-1")
        assert recorded.duplicate is False
        event = recorded.event
        assert (event.provider, event.external_id, event.status) == (
            "telegram",
            "upd-1",
            WebhookStatus.received.value,
        )
        assert event.attempts == 0 and event.last_error is None and event.processed_at is None
        assert event.payload["message"]["text"] == "Здравствуйте"
        assert event.received_at is not None
        assert await jobs_for(session, event.id) == ["todo"]

    async def test_the_same_event_again_is_a_duplicate_with_no_new_job(
        self, session: AsyncSession
    ) -> None:
        first = await _record(session, external_id="upd-2")
        again = await _record(session, external_id="upd-2")
        assert again.duplicate is True
        assert again.event.id == first.event.id
        assert await _count(session, "telegram", "upd-2") == 1
        assert await jobs_for(session, first.event.id) == ["todo"]

    async def test_the_same_id_from_another_provider_is_another_event(
        self, session: AsyncSession
    ) -> None:
        telegram = await _record(session, "telegram", "42")
        avito = await _record(session, "avito", "42")
        assert avito.duplicate is False and avito.event.id != telegram.event.id

    @pytest.mark.parametrize(
        ("provider", "external_id", "code"),
        [
            ("", "1", "invalid_webhook_provider"),
            ("   ", "1", "invalid_webhook_provider"),
            ("p" * 33, "1", "invalid_webhook_provider"),
            ("telegram", "", "invalid_webhook_external_id"),
            ("telegram", "x" * 256, "invalid_webhook_external_id"),
        ],
    )
    async def test_invalid_keys_are_refused(
        self, session: AsyncSession, provider: str, external_id: str, code: str
    ) -> None:
        with pytest.raises(ValidationFailed) as caught:
            await service.record(session, provider=provider, external_id=external_id, payload={})
        assert caught.value.code == code
        assert "не длиннее" in caught.value.message
        total = await session.execute(select(func.count()).select_from(WebhookEvent))
        assert total.scalar_one() == 0

    async def test_longest_keys_fit(self, session: AsyncSession) -> None:
        recorded = await _record(session, "p" * 32, "x" * 255)
        assert recorded.duplicate is False


class TestTransaction:
    async def test_a_rolled_back_transaction_leaves_no_event_and_no_job(
        self, database: Database, clean_db: None
    ) -> None:
        with pytest.raises(RuntimeError):
            async with database.transaction() as session:
                event_id = (await _record(session, external_id="rolled-back")).event.id
                assert await jobs_for(session, event_id) == ["todo"]
                raise RuntimeError("the request failed after recording")
        async with database.transaction() as session:
            assert await _count(session, "telegram", "rolled-back") == 0
            assert await jobs_for(session, event_id) == []
            # the provider's retry of the same event is then stored as new
            again = await _record(session, external_id="rolled-back")
            assert again.duplicate is False


class TestListing:
    async def test_filters_paging_and_total(self, session: AsyncSession) -> None:
        ids = [(await _record(session, "avito")).event.id for _ in range(3)]
        telegram = (await _record(session, "telegram")).event
        failed = await session.get_one(WebhookEvent, ids[0])
        failed.status = WebhookStatus.failed.value
        await session.flush()

        items, total = await service.list_events(session, limit=10)
        assert total == 4 and len(items) == 4
        items, total = await service.list_events(session, provider="avito", limit=2)
        assert total == 3 and len(items) == 2
        assert {item.provider for item in items} == {"avito"}
        rest, _ = await service.list_events(session, provider="avito", limit=2, offset=2)
        assert len(rest) == 1 and rest[0].id not in {item.id for item in items}
        items, total = await service.list_events(session, status=WebhookStatus.failed)
        assert total == 1 and items[0].id == ids[0]
        items, total = await service.list_events(session, status="received", provider="telegram")
        assert [item.id for item in items] == [telegram.id] and total == 1


class TestReplay:
    async def test_failed_event_is_queued_again_and_keeps_its_attempts(
        self, session: AsyncSession
    ) -> None:
        event = (await _record(session)).event
        event.status, event.attempts, event.last_error = "failed", 3, "RuntimeError: boom"
        await session.flush()
        replayed = await service.replay(session, event.id)
        assert replayed.status == "received" and replayed.attempts == 3
        assert await jobs_for(session, event.id) == ["todo", "todo"]

    async def test_processed_event_is_refused_unless_forced(self, session: AsyncSession) -> None:
        event = (await _record(session)).event
        event.status = WebhookStatus.processed.value
        await session.flush()
        with pytest.raises(Conflict) as caught:
            await service.replay(session, event.id)
        assert caught.value.code == "webhook_event_processed"
        assert await jobs_for(session, event.id) == ["todo"]
        forced = await service.replay(session, event.id, force=True)
        assert forced.status == "received" and forced.processed_at is None
        assert await jobs_for(session, event.id) == ["todo", "todo"]

    async def test_unknown_event(self, session: AsyncSession) -> None:
        with pytest.raises(NotFound) as caught:
            await service.replay(session, uuid.uuid4())
        assert caught.value.code == "webhook_event_not_found"
        with pytest.raises(NotFound):
            await service.get(session, uuid.uuid4())

    async def test_replay_failed_of_one_provider_or_all(self, session: AsyncSession) -> None:
        events = [(await _record(session, provider)).event for provider in ("a", "a", "b", "b")]
        for event in events[:3]:
            event.status = WebhookStatus.failed.value
        await session.flush()
        assert await service.replay_failed(session, provider="a") == 2
        assert await service.replay_failed(session) == 1  # b's failed one; a's are received
        assert await service.replay_failed(session) == 0
        statuses = [(await session.get_one(WebhookEvent, e.id)).status for e in events]
        assert statuses == ["received"] * 4
        assert [len(await jobs_for(session, e.id)) for e in events] == [2, 2, 2, 1]


class TestHandlerRegistry:
    async def test_register_replaces_and_unknown_provider_is_an_error(self) -> None:
        async def first(session: AsyncSession, event: WebhookEvent) -> None:
            return None

        async def second(session: AsyncSession, event: WebhookEvent) -> None:
            return None

        provider = f"registry-{uuid.uuid4().hex[:6]}"
        register(provider, first)
        register(provider, second)
        assert handler_for(provider) is second
        with pytest.raises(UnknownProvider, match="no webhook handler"):
            handler_for("never-registered")
