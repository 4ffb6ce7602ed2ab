"""Counters with expiry (Redis when configured, in-process otherwise) and a sliding-window limiter.

The same counters back the public-route rate limit and the login lock-out, so several
instances behind a load balancer share both when REDIS_URL is set.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from salesbot.errors import TooManyRequests

T = TypeVar("T")


class CounterStore(Protocol):
    async def incr(self, key: str, ttl_seconds: int) -> int:
        """Add one to `key` (created with `ttl_seconds` to live) and return the new value."""
        ...

    async def get(self, key: str) -> int: ...

    async def ttl(self, key: str) -> float:
        """Seconds until `key` expires; 0 if it does not exist."""
        ...

    async def set(self, key: str, value: int, ttl_seconds: int) -> None: ...

    async def delete(self, *keys: str) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class MemoryCounterStore:
    """Per-process counters; right for one instance, wrong for several (use Redis then)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[int, float]] = {}

    def _live(self, key: str) -> tuple[int, float] | None:
        item = self._data.get(key)
        if item is not None and item[1] <= time.monotonic():
            del self._data[key]
            return None
        return item

    async def incr(self, key: str, ttl_seconds: int) -> int:
        if len(self._data) > 100_000:
            self._purge()
        item = self._live(key)
        value, expires = item if item else (0, time.monotonic() + ttl_seconds)
        self._data[key] = (value + 1, expires)
        return value + 1

    async def get(self, key: str) -> int:
        item = self._live(key)
        return item[0] if item else 0

    async def ttl(self, key: str) -> float:
        item = self._live(key)
        return max(0.0, item[1] - time.monotonic()) if item else 0.0

    async def set(self, key: str, value: int, ttl_seconds: int) -> None:
        self._data[key] = (value, time.monotonic() + ttl_seconds)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._data.pop(key, None)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()

    def _purge(self) -> None:
        now = time.monotonic()
        for key in [k for k, (_, exp) in self._data.items() if exp <= now]:
            del self._data[key]


class RedisCounterStore:
    """Counters shared through Redis. While Redis cannot be reached they are kept in process
    (limits per instance for a while) instead of failing customers' requests; Redis is tried
    again `retry_seconds` after a failure. `ping` never falls back: readiness tells the truth."""

    def __init__(self, url: str, *, prefix: str = "salesbot:", retry_seconds: float = 5.0) -> None:
        self._redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix
        self._local = MemoryCounterStore()
        self._retry_seconds = retry_seconds
        self._down_until = 0.0

    async def _either(
        self, shared: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]
    ) -> T:
        if time.monotonic() >= self._down_until:
            try:
                return await shared()
            except (RedisConnectionError, RedisTimeoutError) as exc:
                self._down_until = time.monotonic() + self._retry_seconds
                logger.warning("Redis unreachable ({}): counting in process for now", exc)
        return await local()

    async def incr(self, key: str, ttl_seconds: int) -> int:
        async def shared() -> int:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(self._prefix + key)
                pipe.expire(self._prefix + key, ttl_seconds, nx=True)
                value, _ = await pipe.execute()
            return int(value)

        return await self._either(shared, lambda: self._local.incr(key, ttl_seconds))

    async def get(self, key: str) -> int:
        async def shared() -> int:
            value = await self._redis.get(self._prefix + key)
            return int(value) if value is not None else 0

        return await self._either(shared, lambda: self._local.get(key))

    async def ttl(self, key: str) -> float:
        async def shared() -> float:
            millis = await self._redis.pttl(self._prefix + key)
            return max(0.0, millis / 1000) if millis and millis > 0 else 0.0

        return await self._either(shared, lambda: self._local.ttl(key))

    async def set(self, key: str, value: int, ttl_seconds: int) -> None:
        async def shared() -> None:
            await self._redis.set(self._prefix + key, value, ex=ttl_seconds)

        await self._either(shared, lambda: self._local.set(key, value, ttl_seconds))

    async def delete(self, *keys: str) -> None:
        async def shared() -> None:
            if keys:
                await self._redis.delete(*(self._prefix + k for k in keys))

        await self._either(shared, lambda: self._local.delete(*keys))

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()


def create_counter_store(redis_url: str | None) -> CounterStore:
    return RedisCounterStore(redis_url) if redis_url else MemoryCounterStore()


class SlidingWindowLimiter:
    """At most `limit` hits per `window` seconds, estimated from this and the previous window.

    The estimate weighs the previous fixed window by how much of it still overlaps the sliding
    one; this avoids the double burst a plain fixed window allows at its edge.
    """

    def __init__(
        self, store: CounterStore, *, limit: int, window: int = 60, name: str = "rl"
    ) -> None:
        self.store = store
        self.limit = limit
        self.window = window
        self.name = name

    async def hit(self, identity: str) -> None:
        now = time.time()
        index = int(now // self.window)
        elapsed = now - index * self.window
        current = await self.store.incr(f"{self.name}:{identity}:{index}", self.window * 2)
        previous = await self.store.get(f"{self.name}:{identity}:{index - 1}")
        weight = 1 - elapsed / self.window
        if previous * weight + current <= self.limit:
            return
        raise TooManyRequests(
            "Слишком много запросов. Подождите немного и повторите.",
            retry_after=self._retry_after(previous, current, elapsed),
            details={"limit": self.limit, "window_seconds": self.window},
        )

    def _retry_after(self, previous: int, current: int, elapsed: float) -> int:
        if current >= self.limit or previous == 0:
            return math.ceil(self.window - elapsed)
        # Time until the previous window's weight has shrunk enough to fit under the limit.
        needed = (previous + current - self.limit) / previous * self.window - elapsed
        return max(1, math.ceil(needed))
