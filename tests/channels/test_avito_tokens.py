"""The Avito token's life: shared through a store (the database, or Redis where it runs),
issued anew an hour before it ends, forgotten when Avito refuses it, unreadable if tampered."""

from __future__ import annotations

import time
import uuid

import pytest

from salesbot.channels.avito.tokens import (
    DatabaseTokenStore,
    RedisTokenStore,
    Token,
    TokenManager,
    TokenStore,
)
from salesbot.db.engine import Database
from salesbot.settings import Settings
from tests.conftest import redis_url_for_tests

REDIS_URL = redis_url_for_tests()


class Issuer:
    def __init__(self, name: str, lifetime: float) -> None:
        self.name, self.lifetime, self.issued = name, lifetime, 0

    async def __call__(self) -> Token:
        self.issued += 1
        return Token(f"{self.name}-{self.issued}", time.time() + self.lifetime)


async def _life_of_a_token(store: TokenStore) -> None:
    key = f"avito:{uuid.uuid4().hex}"
    here, there = Issuer("here", 86400), Issuer("there", 86400)
    first = TokenManager(key, store, here)
    assert await first.token() == "here-1"
    assert await first.token() == "here-1" and here.issued == 1  # kept, not asked again
    other_process = TokenManager(key, store, there)
    assert await other_process.token() == "here-1"  # shared through the store
    await other_process.invalidate("here-1")  # Avito refused it there
    assert await other_process.token() == "there-1"  # issued anew and stored
    await first.invalidate("here-1")  # refused here too: the store's newer one is taken
    assert await first.token() == "there-1" and here.issued == 1

    ending = Issuer("short", 1800)  # half an hour left: inside the hour before the end
    manager = TokenManager(f"avito:{uuid.uuid4().hex}", store, ending)
    await manager.token()
    await manager.token()
    assert ending.issued == 2  # asked anew, never used to its last minutes


async def test_the_database_keeps_the_token_encrypted(
    database: Database, clean_db: None, settings: Settings
) -> None:
    store = DatabaseTokenStore(lambda: database)
    await _life_of_a_token(store)
    await store.save("avito:raw", Token("secret-token-value", time.time() + 86400))
    async with database.transaction() as session:
        from sqlalchemy import text

        raw = await session.scalar(text("SELECT value FROM service_tokens WHERE key = 'avito:raw'"))
    assert "secret-token-value" not in raw
    async with database.transaction() as session:
        await session.execute(
            text("UPDATE service_tokens SET value = :v WHERE key = 'avito:raw'"), {"v": raw[:-4]}
        )
    assert await store.load("avito:raw") is None  # damaged: a new token will be asked for


@pytest.mark.skipif(REDIS_URL is None, reason="needs TEST_REDIS_URL (CI sets it when Redis runs)")
async def test_redis_keeps_the_token_for_its_lifetime(settings: Settings) -> None:
    assert REDIS_URL is not None
    store = RedisTokenStore(REDIS_URL)
    try:
        await _life_of_a_token(store)
    finally:
        await store.close()
