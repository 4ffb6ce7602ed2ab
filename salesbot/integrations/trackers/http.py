"""One tracker's REST API over HTTP: its auth, an explicit timeout, retries of 429 and 5xx
with back-off (`send_with_retries`), JSON answers, and each vendor's error bodies turned
into our two kinds of error with a message an admin can act on."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
from loguru import logger

from salesbot.integrations.errors import PermanentError, error_for_status
from salesbot.integrations.http import send_with_retries
from salesbot.settings import Settings

# What the vendor said, from an error answer (Trello: plain text; ClickUp: {"err"}; …).
Explain = Callable[[httpx.Response], str]


class TrackerHttp:
    def __init__(
        self,
        service: str,
        base_url: str,
        settings: Settings,
        *,
        explain: Explain,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        self.service = service
        self._base = base_url.rstrip("/")
        self._params = params or {}
        self._max_retries = settings.max_retries
        self._explain = explain
        self._http = httpx.AsyncClient(timeout=settings.tracker_timeout_seconds, headers=headers)

    async def close(self) -> None:
        await self._http.aclose()

    async def call(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """One call; its JSON (None for an empty answer). Raises `PermanentError` (a 4xx:
        retrying cannot help) or `RetryableError` (429 or 5xx after the retries)."""
        request = partial(
            self._http.request,
            method,
            f"{self._base}{path}",
            json=json,
            params={**self._params, **(params or {})},
        )
        response = await send_with_retries(self.service, request, max_retries=self._max_retries)
        if response.status_code >= 400:
            said = self._explain(response)
            logger.bind(service=self.service).warning(
                "{} {} answered HTTP {}", method, path.split("?")[0], response.status_code
            )
            if response.status_code in (401, 403):
                raise PermanentError(
                    self.service,
                    f"доступ не принят ({said}): проверьте токен и его права.",
                    status=response.status_code,
                )
            raise error_for_status(self.service, response.status_code, said)
        if not response.content:
            return None
        return response.json()


def json_message(*keys: str) -> Explain:
    """An explainer for vendors whose errors are JSON objects: the first of `keys` present,
    else the body's text (cut short), else the status."""

    def explain(response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            for key in keys:
                if body.get(key):
                    return str(body[key])[:300]
        return response.text.strip()[:300] or f"HTTP {response.status_code}"

    return explain
