"""Retries with exponential back-off for outside HTTP calls (429, 5xx, timeouts); the final
outcome of each call is noted for the admins' integration board."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

import httpx
from loguru import logger

RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}


class OutsideServiceError(Exception):
    def __init__(self, service: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.status = status


async def send_with_retries(
    service: str,
    request: Callable[[], Awaitable[httpx.Response]],
    *,
    max_retries: int,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
) -> httpx.Response:
    """Call `request` until it succeeds, retrying retryable failures `max_retries` times.

    A `Retry-After` header (seconds) is honoured up to `max_delay`.
    """
    attempt = 0
    while True:
        try:
            response = await request()
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            if attempt >= max_retries:
                _note(service, ok=False, error=f"unreachable: {type(exc).__name__}: {exc}")
                raise OutsideServiceError(service, f"unreachable: {type(exc).__name__}") from exc
            delay = base_delay * 2**attempt
        else:
            if response.status_code not in RETRYABLE_STATUS or attempt >= max_retries:
                ok = response.status_code < 400
                _note(service, ok=ok, error=None if ok else f"HTTP {response.status_code}")
                return response
            delay = _retry_after(response) or base_delay * 2**attempt
        delay = min(delay, max_delay) * random.uniform(0.9, 1.1)  # noqa: S311
        logger.warning(
            "{} call failed (attempt {}), retrying in {:.1f} s", service, attempt + 1, delay
        )
        await asyncio.sleep(delay)
        attempt += 1


def _note(service: str, *, ok: bool, error: str | None) -> None:
    """The outcome for the admins' integration board (written in the background)."""
    from salesbot.integrations.status import record_outcome

    record_outcome(service, ok=ok, error=error)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
