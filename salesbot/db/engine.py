"""Engine and sessions. One code path: PostgreSQL through psycopg 3, sync or async.

psycopg 3 is the driver because procrastinate defers jobs on the very same connection as
the business write (see salesbot.jobs), which needs a psycopg connection.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, exc, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from salesbot.db import embedded, hooks
from salesbot.settings import Settings


def resolve_database_url(settings: Settings) -> str:
    """The SQLAlchemy URL of the application database, starting the embedded server if needed."""
    if settings.database_url:
        return to_sqlalchemy_url(settings.database_url)
    admin = embedded.start_embedded_server(settings.data_dir)
    return to_sqlalchemy_url(embedded.ensure_database(admin, embedded.APP_DATABASE))


def to_sqlalchemy_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in {"postgres", "postgresql", "postgresql+psycopg2", "postgresql+asyncpg"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise ValueError(
            f"unsupported database URL scheme {parsed.drivername!r}; use postgresql://"
        )
    return parsed.render_as_string(hide_password=False)


def to_libpq_url(url: str) -> str:
    """The same URL for psycopg/libpq (procrastinate, psql)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# A pooled connection idle this long is pinged before use: a restarted database or a
# dropped link leaves dead connections in the pool. One in steady use skips the ping, a
# round trip per transaction (a turn has two).
IDLE_CHECK_SECONDS = 5.0


def check_idle_connections(engine: AsyncEngine, idle_seconds: float = IDLE_CHECK_SECONDS) -> None:
    pool_events = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool_events, "checkin")
    def returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(pool_events, "checkout")
    def taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is not None and time.monotonic() - returned_at < idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if not dialect.is_disconnect(error, dbapi_connection, None):
                raise
            alive = False
        if not alive:  # the pool discards it and connects afresh
            raise exc.DisconnectionError("the pooled connection is gone")


class Database:
    """An async engine and its session factory; one per process."""

    def __init__(
        self, url: str, *, pool_size: int = 10, idle_check_seconds: float = IDLE_CHECK_SECONDS
    ) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size
        )
        check_idle_connections(self.engine, idle_check_seconds)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # Who hears what transactions announce (the realtime bridge); see salesbot.db.hooks.
        self.listeners: list[hooks.Listener] = []

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block succeeds, rolls back otherwise; what it
        announced is published after the commit."""
        async with self.sessionmaker() as session:
            async with session.begin():
                yield session
                ready = await hooks.prepare(session, self.listeners)
            await hooks.publish(ready)

    async def dispose(self) -> None:
        await self.engine.dispose()
