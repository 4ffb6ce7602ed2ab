"""amoCRM's API v4 over HTTP (../shared/api/amocrm.md): OAuth (code, refresh rotation) or a
long-lived token, the account's rate limit, and amoCRM's answers read the way they come.

- Every call waits its turn in a lane shared by all processes (AMOCRM_REQUESTS_PER_SECOND,
  7 by default): amoCRM bans an account that keeps exceeding it.
- 429 and 5xx are retried with back-off (`send_with_retries`); a 401 refreshes the token once.
- 204 is an empty answer (`None`), never an error and never parsed.
- A 400 carries `validation-errors`; it becomes a `PermanentError` naming the fields.
- A 403 with an HTML page is amoCRM's ban of the account or address: retrying makes it worse.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
from loguru import logger

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.integrations.crm.amocrm.tokens import AmoTokens, AmoTokenStore
from salesbot.integrations.errors import PermanentError, RetryableError, error_for_status
from salesbot.integrations.http import send_with_retries
from salesbot.integrations.pacing import Lane, SendPacer
from salesbot.settings import Settings, secret_value

SERVICE = "amocrm"
CONSENT_URL = "https://www.amocrm.ru/oauth"
MAX_PACING_WAIT = 30.0  # seconds a call may wait for its turn before the job is retried
# Calls leave 10 % further apart than the limit allows: amoCRM counts arrivals, and the way
# there does not keep the spacing exact (7 a second sent is sometimes 8 in a second received).
PACING_HEADROOM = 1.1


class NotConnected(PermanentError):
    """No tokens: an admin has to connect the account (`salesbot amocrm connect`)."""


def redirect_uri(settings: Settings) -> str:
    return settings.amocrm_redirect_uri or (
        f"{settings.public_url.rstrip('/')}/api/v1/integrations/amocrm/callback"
    )


def api_base(settings: Settings, domain: str | None = None) -> str:
    if settings.amocrm_api_base:
        return settings.amocrm_api_base.rstrip("/")
    host = domain or settings.amocrm_domain
    if not host:
        raise NotConnected(SERVICE, "AMOCRM_DOMAIN не задан: укажите домен аккаунта amoCRM.")
    return f"https://{host.removeprefix('https://').strip('/')}"


def consent_url(settings: Settings, state: str) -> str:
    """Where an admin gives the integration access to the account."""
    query = httpx.QueryParams(client_id=settings.amocrm_client_id or "", state=state, mode="popup")
    return f"{CONSENT_URL}?{query}"


class AmoClient:
    def __init__(
        self,
        settings: Settings,
        *,
        database: Callable[[], Database] = get_database,
        pacer: SendPacer | None = None,
    ) -> None:
        self.settings = settings
        self.tokens = AmoTokenStore(database)
        self._http = httpx.AsyncClient(timeout=settings.amocrm_timeout_seconds)
        self._pacer = pacer or SendPacer(
            max_wait=MAX_PACING_WAIT, too_long=_busy, database=database
        )
        lane_key = f"amocrm:{settings.amocrm_client_id or settings.amocrm_domain or 'account'}"
        self._lane = Lane(lane_key, PACING_HEADROOM / settings.amocrm_requests_per_second)
        self._cached: AmoTokens | None = None

    async def close(self) -> None:
        await self._http.aclose()

    @property
    def long_lived(self) -> str | None:
        return secret_value(self.settings.amocrm_access_token)

    # --- OAuth ----------------------------------------------------------------------------------
    async def exchange_code(self, code: str, domain: str) -> AmoTokens:
        """The consent's authorization code for the first pair, stored for every process."""
        body = await self._grant(domain, grant_type="authorization_code", code=code)
        tokens = AmoTokens.from_grant(body, domain=domain)
        await self.tokens.save(tokens)
        self._cached = tokens
        logger.bind(service=SERVICE, account_id=tokens.account_id).info("amoCRM connected")
        return tokens

    async def access_token(self) -> str:
        if self.long_lived:
            return self.long_lived
        now = time.time()
        if self._cached is None or not self._cached.fresh(now):
            self._cached = await self.tokens.load()
        if self._cached is None:
            raise NotConnected(
                SERVICE,
                "amoCRM не подключён: выполните `salesbot amocrm connect` или подключите "
                "аккаунт в панели (Интеграции).",
            )
        if not self._cached.fresh(now):
            await self.refresh(self._cached.access_token)
            assert self._cached is not None
        return self._cached.access_token

    async def refresh(self, stale: str) -> None:
        """A new pair for the one whose access token is `stale`, unless another process has
        stored a newer one meanwhile (the row lock makes them take turns)."""
        async with self.tokens.locked() as (current, store):
            if current is None:
                raise NotConnected(SERVICE, "amoCRM не подключён: подключите аккаунт заново.")
            if current.access_token != stale and current.fresh(time.time()):
                self._cached = current
                return
            body = await self._grant(
                current.domain, grant_type="refresh_token", refresh_token=current.refresh_token
            )
            self._cached = current.refreshed(body)
            await store(self._cached)
        logger.bind(service=SERVICE).info("amoCRM tokens refreshed")

    async def _grant(self, domain: str, **grant: str) -> dict[str, Any]:
        s = self.settings
        body = {
            "client_id": s.amocrm_client_id or "",
            "client_secret": secret_value(s.amocrm_client_secret) or "",
            "redirect_uri": redirect_uri(s),
            **grant,
        }
        url = f"{api_base(s, domain)}/oauth2/access_token"
        response = await send_with_retries(
            SERVICE, partial(self._http.post, url, json=body), max_retries=s.max_retries
        )
        if response.status_code >= 400:
            hint = _json(response).get("hint") or f"HTTP {response.status_code}"
            what = "код подтверждения" if grant["grant_type"] == "authorization_code" else "доступ"
            raise PermanentError(
                SERVICE,
                f"amoCRM не принял {what} ({hint}): подключите аккаунт заново "
                "(`salesbot amocrm connect` или «Интеграции» в панели).",
                status=response.status_code,
            )
        result: dict[str, Any] = response.json()
        return result

    # --- calls ----------------------------------------------------------------------------------
    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        retries: int | None = None,
    ) -> Any:
        """One API call; its JSON, or None for amoCRM's empty answer (204). `retries`
        (default MAX_RETRIES) bounds the retries of a 429 or 5xx."""
        for attempt in (1, 2):
            token = await self.access_token()
            url = f"{api_base(self.settings, self._cached.domain if self._cached else None)}{path}"
            response = await send_with_retries(
                SERVICE,
                partial(self._paced, method, url, token, json=json, params=params),
                max_retries=self.settings.max_retries if retries is None else retries,
            )
            if response.status_code == 401 and attempt == 1 and not self.long_lived:
                logger.bind(service=SERVICE).info("access token refused; refreshing")
                await self.refresh(token)
                continue
            return _read(response)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _paced(self, method: str, url: str, token: str, **options: Any) -> httpx.Response:
        await self._pacer.turn([self._lane])
        return await self._http.request(
            method, url, headers={"Authorization": f"Bearer {token}"}, **options
        )


def _read(response: httpx.Response) -> Any:
    status = response.status_code
    if status == 204 or (status < 300 and not response.content):
        return None
    if status < 300:
        return response.json()
    body = _json(response)
    if status == 400 and body.get("validation-errors"):
        raise PermanentError(SERVICE, f"amoCRM отклонил данные: {_validation(body)}", status=400)
    if status == 401:
        raise PermanentError(
            SERVICE,
            "amoCRM не принимает токен: подключите аккаунт заново или обновите "
            "AMOCRM_ACCESS_TOKEN.",
            status=401,
        )
    if status == 402:
        raise PermanentError(SERVICE, "amoCRM: функция не оплачена в тарифе аккаунта.", status=402)
    if status == 403 and not body:
        raise PermanentError(
            SERVICE,
            "amoCRM заблокировал доступ к API для аккаунта или адреса (обычно за превышение "
            "7 запросов в секунду); снять блокировку может поддержка amoCRM.",
            status=403,
        )
    raise error_for_status(SERVICE, status, body.get("detail") or f"HTTP {status}")


def _json(response: httpx.Response) -> dict[str, Any]:
    """The body as a JSON object; amoCRM's 429s and bans come as HTML, which reads as {}."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _validation(body: dict[str, Any]) -> str:
    problems = [
        f"{error.get('path')}: {error.get('code')}"
        for item in body.get("validation-errors") or []
        for error in item.get("errors") or []
    ]
    return "; ".join(problems) or str(body.get("detail") or "ошибка проверки")


def _busy(wait: float) -> RetryableError:
    return RetryableError(SERVICE, f"the rate limit lane is busy for {wait:.0f} s")
