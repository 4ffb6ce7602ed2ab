"""Avito's access token: client credentials, form-encoded `POST /token`, valid 24 hours.

One token serves every process: it is kept (encrypted) in Redis when REDIS_URL is set, in the
database otherwise, and issued anew an hour before it ends, or at once when Avito refuses it
(`invalidate`). Avito keeps one token per account, so processes share it rather than each
asking for its own.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from loguru import logger
from redis.asyncio import Redis
from sqlalchemy import text

from salesbot.db.engine import Database
from salesbot.security.pii import PIIDecryptionError, get_keyring

REFRESH_BEFORE_SECONDS = 3600  # issue a new token an hour before the old one ends


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: float  # unix seconds

    def fresh(self, now: float) -> bool:
        return now < self.expires_at - REFRESH_BEFORE_SECONDS


class TokenStore(Protocol):
    async def load(self, key: str) -> Token | None: ...

    async def save(self, key: str, token: Token) -> None: ...

    async def forget(self, key: str) -> None: ...

    async def close(self) -> None: ...


class RedisTokenStore:
    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    async def load(self, key: str) -> Token | None:
        raw = await self._redis.get(f"salesbot:token:{key}")
        if not raw:
            return None
        return _parse(raw.decode() if isinstance(raw, bytes) else str(raw))

    async def save(self, key: str, token: Token) -> None:
        ttl = max(1, int(token.expires_at - time.time()))
        await self._redis.set(f"salesbot:token:{key}", _dump(token), ex=ttl)

    async def forget(self, key: str) -> None:
        await self._redis.delete(f"salesbot:token:{key}")

    async def close(self) -> None:
        await self._redis.aclose()


class DatabaseTokenStore:
    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database

    async def load(self, key: str) -> Token | None:
        async with self._database().transaction() as session:
            raw = await session.scalar(
                text("SELECT value FROM service_tokens WHERE key = :key"), {"key": key}
            )
        return _parse(raw) if raw else None

    async def save(self, key: str, token: Token) -> None:
        async with self._database().transaction() as session:
            await session.execute(
                text(
                    "INSERT INTO service_tokens (key, value) VALUES (:key, :value) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()"
                ),
                {"key": key, "value": _dump(token)},
            )

    async def forget(self, key: str) -> None:
        async with self._database().transaction() as session:
            await session.execute(text("DELETE FROM service_tokens WHERE key = :key"), {"key": key})

    async def close(self) -> None:
        """The database's pool belongs to the process."""


def _dump(token: Token) -> str:
    return get_keyring().encrypt(f"{token.expires_at}|{token.value}")


def _parse(stored: str) -> Token | None:
    try:
        expires_at, _, value = get_keyring().decrypt(stored).partition("|")
        return Token(value, float(expires_at))
    except (ValueError, PIIDecryptionError):  # another key, or damaged: ask for a new one
        return None


class TokenManager:
    """The current token, from the store or issued by `issue` (which calls `POST /token`)."""

    def __init__(self, key: str, store: TokenStore, issue: Callable[[], Awaitable[Token]]) -> None:
        self.key = key
        self._store = store
        self._issue = issue
        self._cached: Token | None = None

    async def token(self) -> str:
        now = time.time()
        if self._cached is None or not self._cached.fresh(now):
            stored = await self._store.load(self.key)
            self._cached = stored if stored is not None and stored.fresh(now) else None
        if self._cached is None:
            self._cached = await self._issue()
            await self._store.save(self.key, self._cached)
            logger.bind(service=self.key).info("access token issued")
        return self._cached.value

    async def close(self) -> None:
        await self._store.close()

    async def invalidate(self, refused: str) -> None:
        """The service refused `refused`: the next call issues a new token (unless another
        process has stored a newer one already)."""
        if self._cached is not None and self._cached.value == refused:
            self._cached = None
        stored = await self._store.load(self.key)
        if stored is not None and stored.value == refused:
            await self._store.forget(self.key)
