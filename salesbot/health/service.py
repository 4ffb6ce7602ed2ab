"""Readiness checks: each returns (ok, detail) and never raises."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.db.migrate import head_revision
from salesbot.jobs import repository as jobs_repository
from salesbot.security.ratelimit import CounterStore

WORKER_SEEN_WITHIN = timedelta(minutes=1)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


async def check_all(
    database: Database, counters: CounterStore | None, *, redis_configured: bool
) -> dict[str, Check]:
    checks = {
        "database": await _guard(_database(database)),
        "migrations": await _guard(_migrations(database)),
        "worker": await _guard(_worker(database)),
    }
    if redis_configured and counters is not None:
        checks["redis"] = await _guard(_redis(counters))
    return checks


async def _guard(check: Awaitable[Check]) -> Check:
    try:
        return await asyncio.wait_for(check, timeout=3)
    except TimeoutError:
        return Check(False, "timed out after 3 s")
    except Exception as exc:
        return Check(False, f"{type(exc).__name__}: {exc}")


async def _database(database: Database) -> Check:
    async with database.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return Check(True, "reachable")


async def _migrations(database: Database) -> Check:
    async with database.engine.connect() as conn:
        current = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    head = head_revision()
    if current != head:
        return Check(False, f"database at {current}, code expects {head}: run `salesbot migrate`")
    return Check(True, f"at {head}")


async def _worker(database: Database) -> Check:
    async with database.sessionmaker() as session:
        seen = await jobs_repository.last_worker_heartbeat(session)
    if seen is None:
        return Check(False, "no job worker has reported: start `salesbot worker`")
    age = datetime.now(UTC) - seen
    if age > WORKER_SEEN_WITHIN:
        return Check(False, f"last worker heartbeat {int(age.total_seconds())} s ago")
    return Check(True, f"heartbeat {int(age.total_seconds())} s ago")


async def _redis(counters: CounterStore) -> Check:
    return Check(await counters.ping(), "reachable")
