"""The shared retry helper against httpx.MockTransport: which answers are retried, how long it
waits, when it gives up, and that each call leaves exactly one outcome for the board."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from salesbot.integrations import http
from salesbot.integrations.errors import RetryableError
from salesbot.integrations.http import send_with_retries


class Server:
    """Answers from a script, one item per call; an exception item is raised as a transport
    failure."""

    def __init__(self, *script: httpx.Response | Exception) -> None:
        self.script = list(script)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        item = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        if isinstance(item, Exception):
            raise item
        return item

    def request(self) -> Callable[[], Any]:
        client = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return lambda: client.get("https://api.example.test/v1/things")


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(http, "_sleep", sleep)
    return slept


@pytest.fixture
def outcomes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, bool, str | None]]]:
    noted: list[tuple[str, bool, str | None]] = []

    def record(name: str, *, ok: bool, error: str | None = None) -> None:
        noted.append((name, ok, error))

    monkeypatch.setattr(http, "record_outcome", record)
    yield noted


class TestRetries:
    async def test_two_failures_then_success(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(
            httpx.Response(503),
            httpx.ConnectError("Connection refused"),
            httpx.Response(200, json={"ok": True}),
        )
        response = await send_with_retries("svc", server.request(), max_retries=3)
        assert response.status_code == 200 and server.calls == 3
        assert len(waits) == 2
        # Exponential back-off from 0.5 s with up to 0.5 s of jitter.
        assert 0.5 <= waits[0] <= 1.0 and 1.0 <= waits[1] <= 1.5
        assert outcomes == [("svc", True, None)]

    async def test_retry_after_is_honoured_up_to_the_cap(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(429, headers={"Retry-After": "3600"}),
            httpx.Response(200),
        )
        response = await send_with_retries("svc", server.request(), max_retries=2, max_delay=30)
        assert response.status_code == 200
        assert waits == [7.0, 30.0]
        assert outcomes == [("svc", True, None)]

    async def test_a_429_without_retry_after_waits_for_the_windows_reset(
        self, waits: list[float], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ClickUp and GitHub name the moment the window resets (Unix seconds) instead."""
        monkeypatch.setattr(http.time, "time", lambda: 1_800_000_000.0)
        server = Server(
            httpx.Response(429, headers={"X-RateLimit-Reset": "1800000012"}),
            httpx.Response(429, headers={"x-ratelimit-reset": "1799999990"}),  # already past
            httpx.Response(200),
        )
        response = await send_with_retries("svc", server.request(), max_retries=2, max_delay=30)
        assert response.status_code == 200
        assert waits[0] == 12.0
        assert 1.0 <= waits[1] <= 1.5  # a reset in the past: the usual back-off

    @pytest.mark.parametrize("status", [408, 425, 500, 502, 503, 504])
    async def test_every_retryable_status_is_retried(self, status: int, waits: list[float]) -> None:
        server = Server(httpx.Response(status), httpx.Response(204))
        response = await send_with_retries("svc", server.request(), max_retries=1)
        assert (response.status_code, server.calls) == (204, 2)


class TestGivingUp:
    async def test_exhausted_answers_raise_a_retryable_error(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(httpx.Response(503))
        with pytest.raises(RetryableError, match="svc: HTTP 503") as raised:
            await send_with_retries("svc", server.request(), max_retries=2)
        assert raised.value.status == 503 and raised.value.retryable
        assert server.calls == 3  # the first try and two retries
        assert len(waits) == 2
        assert outcomes == [("svc", False, "HTTP 503")]

    async def test_exhausted_connections_raise_a_retryable_error(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(httpx.ConnectTimeout("timed out"))
        with pytest.raises(RetryableError, match="unreachable: ConnectTimeout"):
            await send_with_retries("svc", server.request(), max_retries=1)
        assert server.calls == 2
        assert outcomes == [("svc", False, "unreachable: ConnectTimeout: timed out")]

    async def test_a_client_error_returns_at_once(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(httpx.Response(404), httpx.Response(200))
        response = await send_with_retries("svc", server.request(), max_retries=5)
        assert (response.status_code, server.calls, waits) == (404, 1, [])
        assert outcomes == [("svc", False, "HTTP 404")]

    async def test_no_retries_means_one_call(
        self, waits: list[float], outcomes: list[tuple[str, bool, str | None]]
    ) -> None:
        server = Server(httpx.Response(500), httpx.Response(200))
        with pytest.raises(RetryableError):
            await send_with_retries("svc", server.request(), max_retries=0)
        assert (server.calls, waits) == (1, [])
        assert len(outcomes) == 1
