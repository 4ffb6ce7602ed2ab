"""The connection pool: a busy connection is used without a check; one idle for a while is
pinged first, and a dead one is replaced before a transaction meets it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from salesbot.db.engine import Database, to_libpq_url


class Pings:
    def __init__(self, database: Database) -> None:
        self.count = 0
        dialect = database.engine.sync_engine.dialect
        original = dialect.do_ping

        def counted(dbapi_connection: Any) -> bool:
            self.count += 1
            return bool(original(dbapi_connection))

        dialect.do_ping = counted  # type: ignore[method-assign]


async def backend_pid(database: Database) -> int:
    async with database.transaction() as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)


def terminate(database: Database, pid: int) -> None:
    with psycopg.connect(to_libpq_url(database.url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
async def busy(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=1, idle_check_seconds=60)
    yield database
    await database.dispose()


@pytest.fixture
async def idle(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=1, idle_check_seconds=0)
    yield database
    await database.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(busy: Database) -> None:
    pings = Pings(busy)
    pids = {await backend_pid(busy) for _ in range(5)}
    assert len(pids) == 1  # the pool's one connection, reused
    assert pings.count == 1  # only its first checkout


async def test_an_idle_connection_that_died_is_replaced_before_use(idle: Database) -> None:
    pings = Pings(idle)
    first = await backend_pid(idle)
    terminate(idle, first)  # as a database restart or a dropped link would
    second = await backend_pid(idle)  # no error reaches the caller
    assert second != first
    assert pings.count >= 2
