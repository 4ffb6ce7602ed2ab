"""The cheap check most HTTP services allow: an authenticated GET of something small."""

from __future__ import annotations

import httpx

from salesbot.integrations.base import ProbeFailed

PROBE_TIMEOUT_SECONDS = 10.0


def bearer(key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if key else {}


async def http_probe(url: str, headers: dict[str, str], *, auth: httpx.Auth | None = None) -> None:
    """GET `url`; a 404/405 still proves the server answers and accepted the key."""
    try:
        async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_SECONDS, auth=auth) as client:
            response = await client.get(url, headers=headers)
    except httpx.TimeoutException as exc:
        raise ProbeFailed(
            f"нет ответа за {PROBE_TIMEOUT_SECONDS:.0f} с ({type(exc).__name__})"
        ) from exc
    except httpx.HTTPError as exc:
        raise ProbeFailed(f"нет соединения: {type(exc).__name__}: {exc}") from exc
    if response.status_code in (401, 403):
        raise ProbeFailed(f"ключ не принят (HTTP {response.status_code})")
    if response.status_code >= 400 and response.status_code not in (404, 405):
        raise ProbeFailed(f"сервис ответил ошибкой HTTP {response.status_code}")
