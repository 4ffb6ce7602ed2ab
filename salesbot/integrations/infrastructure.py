"""What the product itself runs on: PostgreSQL (with its migrations), the job worker and Redis.

The readiness checks live here, below both their users: the `/ready` endpoint
(`salesbot.health`) runs them all, and the board's adapters run one each. Each check returns
(ok, detail) and never raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from salesbot.db.engine import Database
from salesbot.db.migrate import head_revision
from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of
from salesbot.jobs import repository as jobs_repository
from salesbot.security.ratelimit import CounterStore
from salesbot.settings import Settings

WORKER_SEEN_WITHIN = timedelta(minutes=1)
CHECK_TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


# --- readiness checks ----------------------------------------------------------------------------
async def check_all(
    database: Database, counters: CounterStore | None, *, redis_configured: bool
) -> dict[str, Check]:
    checks = {
        "database": await check_database(database),
        "migrations": await check_migrations(database),
        "worker": await check_worker(database),
    }
    if redis_configured and counters is not None:
        checks["redis"] = await check_redis(counters)
    return checks


async def check_database(database: Database) -> Check:
    return await _guard(_database(database))


async def check_migrations(database: Database) -> Check:
    return await _guard(_migrations(database))


async def check_worker(database: Database) -> Check:
    return await _guard(_worker(database))


async def check_redis(counters: CounterStore) -> Check:
    return await _guard(_redis(counters))


async def _guard(check: Awaitable[Check]) -> Check:
    try:
        return await asyncio.wait_for(check, timeout=CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return Check(False, f"timed out after {CHECK_TIMEOUT_SECONDS} s")
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


def _verdict(check: Check) -> None:
    if not check.ok:
        raise ProbeFailed(check.detail)


# --- the board's adapters ------------------------------------------------------------------------
class PostgreSQL:
    name = "database"
    title = "PostgreSQL"
    kind: Kind = "infrastructure"

    def configured(self, settings: Settings) -> bool:
        return True  # embedded when DATABASE_URL is not set

    def details(self, settings: Settings) -> dict[str, Any]:
        if settings.database_url is None:
            return {"mode": "embedded"}
        url = make_url(settings.database_url)
        return {"host": url.host, "database": url.database}

    async def probe(self, context: ProbeContext) -> None:
        # Reachable but behind on migrations is not usable either.
        _verdict(await check_database(context.database))
        _verdict(await check_migrations(context.database))


class Redis:
    name = "redis"
    title = "Redis"
    kind: Kind = "infrastructure"

    def configured(self, settings: Settings) -> bool:
        return settings.redis_url is not None

    def details(self, settings: Settings) -> dict[str, Any]:
        return (
            {"host": host_of(settings.redis_url)} if settings.redis_url else {"mode": "in-process"}
        )

    async def probe(self, context: ProbeContext) -> None:
        if context.counters is None:
            raise ProbeFailed("REDIS_URL не задан")
        _verdict(await check_redis(context.counters))


class Worker:
    name = "worker"
    title = "Фоновые задачи (worker)"
    kind: Kind = "infrastructure"

    def configured(self, settings: Settings) -> bool:
        return True

    def details(self, settings: Settings) -> dict[str, Any]:
        return {"embedded": settings.runs_embedded_worker}

    async def probe(self, context: ProbeContext) -> None:
        _verdict(await check_worker(context.database))
