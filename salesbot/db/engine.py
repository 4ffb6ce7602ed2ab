"""Engine and sessions. One code path: PostgreSQL through psycopg 3, sync or async.

psycopg 3 is the driver because procrastinate defers jobs on the very same connection as
the business write (see salesbot.jobs), which needs a psycopg connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import make_url
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


class Database:
    """An async engine and its session factory; one per process."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
        )
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
