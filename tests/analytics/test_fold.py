"""The analytics fold: messages are counted after their commit, each exactly once, however
their transactions interleave with the folds (analytics/fold.py)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.analytics.fold import count_given, fold, fold_in, turn_meta
from salesbot.conversations import repository
from salesbot.db.base import utcnow
from salesbot.db.engine import Database
from salesbot.settings import Settings
from tests.analytics.factories import message
from tests.conftest import manager_login
from tests.dialog.test_funnel import _chat

pytestmark = pytest.mark.usefixtures("clean_db")

TZ = "Europe/Moscow"


async def _conversation(database: Database, channel: str = "web") -> uuid.UUID:
    async with database.transaction() as session:
        conversation = await repository.open_conversation(
            session,
            channel=channel,
            external_chat_id=f"fold-{uuid.uuid4().hex}",
            external_user_id=None,
            now=utcnow(),
        )
    return conversation.id


async def _store(
    session: AsyncSession,
    conversation_id: uuid.UUID,
    author: str,
    *,
    at: datetime | None = None,
    meta: dict[str, Any] | None = None,
    channel: str = "web",
) -> uuid.UUID:
    stored = message(conversation_id, channel, author, at or utcnow(), meta or {}, imported=False)
    session.add(stored)
    await session.flush()
    return stored.id


async def _counts(database: Database, conversation_id: uuid.UUID) -> tuple[int, int, int]:
    async with database.transaction() as session:
        row = (
            await session.execute(
                text(
                    "SELECT COALESCE(sum(customer_messages), 0), COALESCE(sum(bot_messages), 0),"
                    " COALESCE(sum(manager_messages), 0)"
                    " FROM conversation_days WHERE conversation_id = :id"
                ),
                {"id": conversation_id},
            )
        ).one()
    return (int(row[0]), int(row[1]), int(row[2]))


class TestExactlyOnce:
    async def test_messages_are_counted_by_the_fold_after_commit_and_only_once(
        self, database: Database
    ) -> None:
        conversation = await _conversation(database)
        async with database.transaction() as session:
            for author in ("customer", "customer", "bot", "manager", "system"):
                await _store(session, conversation, author)
        assert await _counts(database, conversation) == (0, 0, 0)  # nothing in the turn

        assert await fold(database, timezone=TZ) == 4  # the system message is not counted
        assert await _counts(database, conversation) == (2, 1, 1)
        assert await fold(database, timezone=TZ) == 0
        assert await _counts(database, conversation) == (2, 1, 1)

    async def test_a_transaction_open_during_a_fold_is_counted_by_the_next_one(
        self, database: Database
    ) -> None:
        conversation = await _conversation(database)
        async with database.transaction() as slow:
            await _store(slow, conversation, "customer")  # the older transaction id
            async with database.transaction() as quick:
                await _store(quick, conversation, "bot")
            assert await fold(database, timezone=TZ) == 1  # the quick one has committed
            assert await _counts(database, conversation) == (0, 1, 0)
            async with database.transaction() as later:
                await _store(later, conversation, "manager")
        assert await fold(database, timezone=TZ) == 2
        assert await _counts(database, conversation) == (1, 1, 1)
        assert await fold(database, timezone=TZ) == 0

    async def test_rolled_back_messages_are_never_counted(self, database: Database) -> None:
        conversation = await _conversation(database)
        with pytest.raises(RuntimeError):
            async with database.transaction() as session:
                await _store(session, conversation, "customer")
                raise RuntimeError("the turn failed")
        async with database.transaction() as session:
            await _store(session, conversation, "customer")
            with pytest.raises(RuntimeError):
                async with session.begin_nested():  # as the brain's savepoint
                    await _store(session, conversation, "bot")
                    raise RuntimeError("the brain failed")
        assert await fold(database, timezone=TZ) == 1
        assert await _counts(database, conversation) == (1, 0, 0)

    async def test_folds_running_at_once_count_every_message_once(self, database: Database) -> None:
        conversation = await _conversation(database)

        async def chat(n: int) -> None:
            for _ in range(n):
                async with database.transaction() as session:
                    await _store(session, conversation, "customer")

        async def folds(n: int) -> int:
            total = 0
            for _ in range(n):
                total += await fold(database, timezone=TZ)
            return total

        results = await asyncio.gather(chat(40), chat(40), folds(15), folds(15))
        counted = results[2] + results[3] + await fold(database, timezone=TZ)
        assert counted == 80
        assert await _counts(database, conversation) == (80, 0, 0)

    async def test_a_snapshot_transaction_is_refused(self, database: Database) -> None:
        async with database.transaction() as session:
            await session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            with pytest.raises(RuntimeError, match="read committed"):
                await fold_in(session, timezone=TZ)


class TestWhatIsCounted:
    async def test_a_turn_s_reply_time_is_measured_from_the_customer_s_first_message(
        self, database: Database
    ) -> None:
        conversation = await _conversation(database, channel="telegram")
        asked = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
        async with database.transaction() as session:
            # 10 ms steps below 10 s, 100 ms below a minute, then seconds; a clock step back
            # (answered "before" asked) is no wait at all
            for waited_ms, replies in (
                (-5, 1),
                (0, 1),
                (1234, 2),
                (9999, 1),
                (12_345, 1),
                (75_500, 1),
            ):
                answered = asked + timedelta(milliseconds=waited_ms)
                await _store(
                    session,
                    conversation,
                    "bot",
                    at=answered,
                    meta={"turn": turn_meta(asked, replies)},
                    channel="telegram",
                )
            await _store(session, conversation, "bot", at=asked + timedelta(seconds=2))
        assert await fold(database, timezone=TZ) == 7

        async with database.transaction() as session:
            events = (
                await session.execute(
                    text(
                        "SELECT value, data ->> 'replies', channel FROM analytics_events"
                        " WHERE kind = 'reply' ORDER BY value"
                    )
                )
            ).all()
            buckets = (
                await session.execute(
                    text(
                        "SELECT day, channel, bucket_ms, replies FROM analytics_reply_times"
                        " ORDER BY bucket_ms"
                    )
                )
            ).all()
        assert [tuple(e) for e in events] == [
            (Decimal(0), "1", "telegram"),
            (Decimal(0), "1", "telegram"),
            (Decimal(1234), "2", "telegram"),
            (Decimal(9999), "1", "telegram"),
            (Decimal(12_345), "1", "telegram"),
            (Decimal(75_500), "1", "telegram"),
        ]
        day = date(2026, 3, 1)
        assert [tuple(b) for b in buckets] == [
            (day, "telegram", 0, 2),
            (day, "telegram", 1230, 1),
            (day, "telegram", 9990, 1),
            (day, "telegram", 12_300, 1),
            (day, "telegram", 75_000, 1),
        ]

    async def test_messages_fall_on_their_day_in_moscow(self, database: Database) -> None:
        conversation = await _conversation(database)
        async with database.transaction() as session:
            await _store(
                session, conversation, "customer", at=datetime(2026, 3, 1, 20, 59, tzinfo=UTC)
            )
            await _store(
                session, conversation, "customer", at=datetime(2026, 3, 1, 21, 1, tzinfo=UTC)
            )
        await fold(database, timezone=TZ)
        async with database.transaction() as session:
            days = (
                await session.execute(
                    text(
                        "SELECT day, customer_messages FROM conversation_days"
                        " WHERE conversation_id = :id AND customer_messages > 0 ORDER BY day"
                    ),
                    {"id": conversation},
                )
            ).all()
        assert [tuple(d) for d in days] == [(date(2026, 3, 1), 1), (date(2026, 3, 2), 1)]

    async def test_imported_messages_are_counted_by_their_ids_and_never_by_the_fold(
        self, database: Database
    ) -> None:
        conversation = await _conversation(database)
        async with database.transaction() as session:
            ids = [await _store(session, conversation, "customer") for _ in range(3)]
            await session.execute(
                text("UPDATE messages SET xact = NULL WHERE id = ANY(:ids)"), {"ids": ids}
            )
            assert await count_given(session, ids[:2], timezone=TZ) == 2
            assert await count_given(session, [ids[2], uuid.uuid4()], timezone=TZ) == 1
        assert await fold(database, timezone=TZ) == 0
        assert await _counts(database, conversation) == (3, 0, 0)

    async def test_an_emptied_fold_table_starts_again_from_now(self, database: Database) -> None:
        conversation = await _conversation(database)
        async with database.transaction() as session:
            await session.execute(text("DELETE FROM analytics_fold"))
        assert await fold(database, timezone=TZ) == 0
        async with database.transaction() as session:
            await _store(session, conversation, "customer")
        assert await fold(database, timezone=TZ) == 1


class TestDashboard:
    async def test_the_dashboard_counts_a_message_of_a_moment_ago(
        self, client: httpx.AsyncClient, database: Database, settings: Settings
    ) -> None:
        chat = await _chat(client)
        await chat.say("Здравствуйте! Сколько стоит бот для сайта?")
        _, manager = await manager_login(client, database)

        daily = await client.get("/api/v1/analytics/daily", headers=manager)
        assert daily.status_code == 200, daily.text
        today = [row for row in daily.json() if row["customer"]]
        assert len(today) == 1 and today[0]["customer"] == 1 and today[0]["bot"] >= 1
        summary = (await client.get("/api/v1/analytics/summary", headers=manager)).json()
        assert summary["response_time"]["replies"] == 1

    async def test_a_stranger_s_request_folds_nothing(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        chat = await _chat(client)
        await chat.say("Добрый день")
        refused = await client.get("/api/v1/analytics/daily")
        assert refused.status_code == 401
        assert await _counts(database, uuid.UUID(chat.session_id)) == (0, 0, 0)

    async def test_a_failed_fold_leaves_the_numbers_a_minute_behind_not_the_page_broken(
        self,
        client: httpx.AsyncClient,
        database: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        async def deleted_meanwhile(*args: object, **kwargs: object) -> int:
            raise IntegrityError("INSERT INTO conversation_days", {}, Exception("fk"))

        monkeypatch.setattr("salesbot.analytics.endpoints.fold", deleted_meanwhile)
        _, manager = await manager_login(client, database)
        summary = await client.get("/api/v1/analytics/summary", headers=manager)
        assert summary.status_code == 200, summary.text
        assert summary.json()["response_time"]["replies"] == 0
