"""Outcomes of outside calls, stored for the admins' integration board (`integration_status`).

Two sources write here: a check an admin asks for (`status.check` → `record`) and real calls
(`record_outcome`, from the HTTP helper and the LLM chain). A real call only notes its outcome
in memory; the row is written in the background when the state changes or once a minute, so
the hot path never waits for the database.

This module knows no adapter (the registry imports adapters, adapters' clients import this),
so a name is whatever the caller passes: an adapter's `name`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from loguru import logger
from pydantic import SecretStr
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.runtime import get_database
from salesbot.models import IntegrationStatus
from salesbot.settings import Settings, get_settings

MAX_ERROR_CHARS = 500
# A real call's outcome is written at once when it changes, else at most this often.
WRITE_EVERY_SECONDS = 60.0


# --- secrets never leave -------------------------------------------------------------------------
def secret_values(settings: Settings) -> list[str]:
    """Every secret the settings hold: SecretStr fields and passwords inside URLs."""
    values: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        items: Iterable[Any] = value if isinstance(value, list) else [value]
        values.extend(v.get_secret_value() for v in items if isinstance(v, SecretStr))
    for url in (settings.database_url, settings.redis_url, settings.smtp_host):
        if url and "://" in url:
            password = urlsplit(url).password
            if password:
                values.append(password)
    # Longest first, so a secret containing another is masked whole.
    return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def scrub(text: str, settings: Settings) -> str:
    for secret in secret_values(settings):
        text = text.replace(secret, "***")
    return text[:MAX_ERROR_CHARS]


# --- writing one outcome -------------------------------------------------------------------------
async def record(
    session: AsyncSession,
    name: str,
    *,
    ok: bool,
    error: str | None = None,
    settings: Settings,
    at: datetime | None = None,
) -> None:
    """Upsert one outcome. A success keeps the last error (and its time) for the record."""
    now = at or datetime.now(UTC)
    values: dict[str, Any] = {"name": name, "healthy": ok, "last_checked_at": now}
    if not ok:
        values["last_error"] = scrub(error or "неизвестная ошибка", settings)
        values["last_error_at"] = now
    statement = pg_insert(IntegrationStatus).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={k: v for k, v in values.items() if k != "name"}
        )
    )


# --- outcomes of real calls ----------------------------------------------------------------------
class OutcomeRecorder:
    """Outcomes of real calls, written behind the caller's back: at once when the state
    changes, otherwise at most every WRITE_EVERY_SECONDS per integration."""

    def __init__(self) -> None:
        self._written: dict[str, tuple[bool, str | None, float]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def note(self, name: str, *, ok: bool, error: str | None = None) -> None:
        now = time.monotonic()
        previous = self._written.get(name)
        if previous and previous[:2] == (ok, error) and now - previous[2] < WRITE_EVERY_SECONDS:
            return
        try:
            loop = asyncio.get_running_loop()
            get_database()  # a process without a database (a CLI tool) keeps no board
        except RuntimeError:
            return
        self._written[name] = (ok, error, now)
        task = loop.create_task(self._write(name, ok, error, datetime.now(UTC)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write(self, name: str, ok: bool, error: str | None, at: datetime) -> None:
        try:
            database = get_database()
            async with database.transaction() as session:
                await record(session, name, ok=ok, error=error, settings=get_settings(), at=at)
        except Exception as exc:  # the status board must never break a real call
            logger.warning("could not record the status of {}: {}", name, type(exc).__name__)

    async def flush(self) -> None:
        """Wait for the pending writes (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def forget(self) -> None:
        self._written.clear()


recorder = OutcomeRecorder()


def record_outcome(name: str, *, ok: bool, error: str | None = None) -> None:
    """Note the outcome of a real call to the integration `name` (never waits, never raises)."""
    recorder.note(name, ok=ok, error=error)
