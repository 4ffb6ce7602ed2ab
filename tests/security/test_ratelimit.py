from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from salesbot.app import create_app
from salesbot.db.engine import Database
from salesbot.db.runtime import set_database
from salesbot.errors import TooManyRequests
from salesbot.security.ratelimit import MemoryCounterStore, RedisCounterStore, SlidingWindowLimiter
from tests.conftest import make_settings, redis_url_for_tests


async def _login_attempt(client: httpx.AsyncClient) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/token", data={"username": "a@example.com", "password": "x" * 8}
    )


@asynccontextmanager
async def _client(app: FastAPI, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(ip, 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


class TestPublicRateLimit:
    async def test_in_process_limit_gives_429_with_retry_after(
        self, database_url: str, tmp_path: Path, clean_db: None, database: Database
    ) -> None:
        settings = make_settings(
            database_url,
            tmp_path,
            rate_limit_per_minute=5,
            login_max_failures=100,
            login_max_failures_per_ip=100,
        )
        app = create_app(settings, configure_process=False)
        async with app.router.lifespan_context(app), _client(app, "198.51.100.7") as client:
            statuses = [(await _login_attempt(client)).status_code for _ in range(6)]
            assert statuses == [401] * 5 + [429]
            limited = await _login_attempt(client)
            assert limited.json()["error"]["code"] == "rate_limited"
            assert 1 <= int(limited.headers["retry-after"]) <= 60
            async with _client(app, "198.51.100.8") as other:  # another IP has its own budget
                assert (await _login_attempt(other)).status_code == 401
            health = await client.get("/health")  # probes are not limited
            assert health.status_code == 200
        set_database(database)

    async def test_forwarded_for_is_believed_only_from_trusted_proxies(
        self, database_url: str, tmp_path: Path, clean_db: None, database: Database
    ) -> None:
        settings = make_settings(
            database_url,
            tmp_path,
            rate_limit_per_minute=2,
            trusted_proxies="10.0.0.1",
            login_max_failures=100,
            login_max_failures_per_ip=100,
        )
        app = create_app(settings, configure_process=False)
        async with app.router.lifespan_context(app), _client(app, "10.0.0.1") as proxy:
            for n in range(3):
                response = await proxy.post(
                    "/api/v1/auth/token",
                    data={"username": "a@example.com", "password": "x" * 8},
                    headers={"X-Forwarded-For": f"192.0.2.{n}"},
                )
                assert response.status_code == 401  # three clients, one request each
        set_database(database)


class TestSlidingWindow:
    async def test_previous_window_still_counts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        clock = [16_667 * 60 + 20.0]  # 20 s into a window
        monkeypatch.setattr("salesbot.security.ratelimit.time.time", lambda: clock[0])
        limiter = SlidingWindowLimiter(MemoryCounterStore(), limit=10, window=60)
        for _ in range(10):
            await limiter.hit("ip")
        clock[0] += 60  # 20 s into the next window: 2/3 of the old hits still weigh
        for _ in range(3):
            await limiter.hit("ip")
        with pytest.raises(TooManyRequests) as excinfo:
            await limiter.hit("ip")
        assert 1 <= excinfo.value.retry_after <= 40


@pytest.mark.redis
class TestSharedThroughRedis:
    async def test_two_instances_share_one_budget(
        self, database_url: str, tmp_path: Path, clean_db: None, database: Database
    ) -> None:
        redis_url = redis_url_for_tests()
        if not redis_url:
            pytest.skip("no Redis: set REDIS_URL or TEST_REDIS_URL")
        # A fresh address per run, so counters left in Redis by an earlier run cannot interfere.
        ip = f"2001:db8::{uuid.uuid4().hex[:4]}"
        settings = make_settings(
            database_url,
            tmp_path,
            rate_limit_per_minute=4,
            redis_url=redis_url,
            login_max_failures=100,
            login_max_failures_per_ip=100,
        )
        first = create_app(settings, configure_process=False)
        second = create_app(settings, configure_process=False)
        async with first.router.lifespan_context(first), second.router.lifespan_context(second):
            assert isinstance(first.state.services.counters, RedisCounterStore)
            async with _client(first, ip) as a, _client(second, ip) as b:
                results = [(await _login_attempt(c)).status_code for c in (a, b, a, b, a)]
                assert results == [401, 401, 401, 401, 429]
                limited = await _login_attempt(b)
                assert limited.status_code == 429
                assert int(limited.headers["retry-after"]) >= 1
                ready = (await a.get("/ready")).json()
            checks = ready.get("checks") or ready["error"]["details"]["checks"]
            assert checks["redis"] == {"ok": True, "detail": "reachable"}
        set_database(database)
