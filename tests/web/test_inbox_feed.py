"""Inbox rows reach the dashboards after the change, read in batches."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from salesbot.channels.web.inbox_feed import InboxFeed
from salesbot.conversations import repository
from salesbot.db.base import utcnow
from salesbot.db.engine import Database


class Dashboards:
    """Stands in for Realtime: records the rows sent to the managers."""

    def __init__(self, *, open_: bool) -> None:
        self.open = open_
        self.rows: list[dict[str, Any]] = []

    def operators_may_listen(self) -> bool:
        return self.open

    async def conversation(self, row: dict[str, Any]) -> None:
        self.rows.append(row)


async def open_chats(database: Database, count: int) -> list[uuid.UUID]:
    ids = []
    async with database.transaction() as session:
        for _ in range(count):
            conversation = await repository.open_conversation(
                session,
                channel="web",
                external_chat_id=uuid.uuid4().hex,
                external_user_id=None,
                now=utcnow(),
            )
            ids.append(conversation.id)
    return ids


class Reads:
    def __init__(self) -> None:
        self.count = 0

    def seen(self, *_: Any) -> None:
        self.count += 1


@pytest.fixture
def reads(database: Database) -> Iterator[Reads]:
    """Statements the database receives during the test."""
    counter = Reads()
    event.listen(database.engine.sync_engine, "before_cursor_execute", counter.seen)
    yield counter
    event.remove(database.engine.sync_engine, "before_cursor_execute", counter.seen)


async def test_a_burst_of_changes_costs_one_read(
    database: Database, clean_db: None, reads: Reads
) -> None:
    first, second = await open_chats(database, 2)
    dashboards = Dashboards(open_=True)
    feed = InboxFeed(database, dashboards, gather_seconds=0.02)  # type: ignore[arg-type]
    reads.count = 0
    feed.changed([first])
    feed.changed([second, first])
    feed.changed([first])
    await feed.flush()
    assert [row["conversation_id"] for row in dashboards.rows] == [str(first), str(second)]
    assert dashboards.rows[0]["channel"] == "web"
    assert reads.count == 1


async def test_a_deleted_conversation_is_left_out(database: Database, clean_db: None) -> None:
    [kept] = await open_chats(database, 1)
    dashboards = Dashboards(open_=True)
    feed = InboxFeed(database, dashboards, gather_seconds=0.01)  # type: ignore[arg-type]
    feed.changed([uuid.uuid4(), kept])
    await feed.flush()
    assert [row["conversation_id"] for row in dashboards.rows] == [str(kept)]


async def test_nothing_is_read_while_no_dashboard_is_open(
    database: Database, clean_db: None, reads: Reads
) -> None:
    [chat] = await open_chats(database, 1)
    dashboards = Dashboards(open_=False)
    feed = InboxFeed(database, dashboards, gather_seconds=0.01)  # type: ignore[arg-type]
    reads.count = 0
    feed.changed([chat])
    await feed.flush()
    assert dashboards.rows == []
    assert reads.count == 0
