"""Retries for outside HTTP calls (tenacity): exponential back-off with jitter, `Retry-After`
honoured up to a cap, and the final outcome of each call noted for the admins' board."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
from loguru import logger
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from salesbot.integrations.errors import RETRYABLE_STATUS, RetryableError
from salesbot.integrations.outcomes import record_outcome


class _RetryableAnswer(Exception):
    """An HTTP answer worth another try, raised inside the retry loop only."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


async def send_with_retries(
    service: str,
    request: Callable[[], Awaitable[httpx.Response]],
    *,
    max_retries: int,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
) -> httpx.Response:
    """Call `request`, retrying a transport error, 408, 425, 429 or 5xx up to `max_retries`
    times (so at most `max_retries + 1` calls).

    Returns the first answer that is not worth retrying (2xx, 3xx, or a 4xx the caller
    turns into its own error). Raises `RetryableError` when the retries run out. `service`
    is the adapter's board name: the final outcome, and only it, is recorded under it.
    """

    async def attempt() -> httpx.Response:
        response = await request()
        if response.status_code in RETRYABLE_STATUS:
            raise _RetryableAnswer(response)
        return response

    retrying = AsyncRetrying(
        stop=stop_after_attempt(max_retries + 1),
        wait=_RetryAfterOrBackoff(base_delay, max_delay),
        retry=retry_if_exception_type((httpx.TransportError, _RetryableAnswer)),
        sleep=_sleep,  # looked up per call, so tests can patch it
        before_sleep=lambda state: _log_retry(service, state),
        reraise=True,
    )
    response: httpx.Response
    try:
        response = await retrying(attempt)
    except _RetryableAnswer as exc:  # the retries ran out on an answer
        response = exc.response
    except httpx.TransportError as exc:  # the retries ran out on the connection
        _record_final(service, exc)
        raise RetryableError(service, f"unreachable: {type(exc).__name__}") from exc
    _record_final(service, response)
    if response.status_code in RETRYABLE_STATUS:
        status = response.status_code
        raise RetryableError(service, f"HTTP {status}", status=status)
    return response


def _record_final(service: str, outcome: httpx.Response | httpx.TransportError) -> None:
    """The one outcome hook: what the caller finally got, noted for the integration board."""
    if isinstance(outcome, httpx.Response):
        ok = outcome.status_code < 400
        record_outcome(service, ok=ok, error=None if ok else f"HTTP {outcome.status_code}")
    else:
        error = f"unreachable: {type(outcome).__name__}: {outcome}"
        record_outcome(service, ok=False, error=error)


class _RetryAfterOrBackoff(wait_base):
    """The server's `Retry-After` (seconds) when it sends one, else exponential back-off
    (base · 2ⁿ plus up to one base of jitter, so clients that failed together spread
    out); either way at most `max_delay`."""

    def __init__(self, base_delay: float, max_delay: float) -> None:
        self._max_delay = max_delay
        self._backoff = wait_exponential_jitter(
            multiplier=base_delay, max=max_delay, jitter=base_delay
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        failure = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(failure, _RetryableAnswer):
            asked = retry_after(failure.response)
            if asked is not None:
                return min(asked, self._max_delay)
        return self._backoff(retry_state)


def retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds (the HTTP-date form is rare from APIs and is ignored), else
    the time until `X-RateLimit-Reset` (Unix seconds: ClickUp, GitHub) when it is ahead."""
    value = response.headers.get("retry-after")
    try:
        if value is not None:
            return max(0.0, float(value))
        reset = response.headers.get("x-ratelimit-reset")
        if reset is not None and response.status_code == 429:
            ahead = float(reset) - time.time()
            return ahead if ahead > 0 else None
    except ValueError:
        return None
    return None


def _log_retry(service: str, state: RetryCallState) -> None:
    delay = state.next_action.sleep if state.next_action else 0.0
    failure = state.outcome.exception() if state.outcome else None
    logger.warning(
        "{} call failed (attempt {}: {}), retrying in {:.1f} s",
        service,
        state.attempt_number,
        type(failure).__name__ if isinstance(failure, httpx.TransportError) else failure,
        delay,
    )


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)
