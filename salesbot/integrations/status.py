"""What the admins see of every outside service: configured or not, healthy or failing, the
last error and when it was last checked. No FastAPI here; `endpoints.py` speaks HTTP.

Outcomes come from two places and land in one table (`integration_status`):

* a check an admin asks for (`check`): a real, cheap probe where one exists — `SELECT 1`,
  the worker's heartbeat, a Redis PING, an LLM provider's model list, the SMTP greeting;
* real calls: `record_outcome(name, ok=…, error=…)` from the shared HTTP helper. It only
  notes the outcome in memory and writes it in the background when the state changes or
  once a minute, so the hot path never waits for the database.

Nothing secret leaves this module: `details` hold non-secret facts (model, host, masked
ids), and every error text is scrubbed of every secret value the settings hold.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from loguru import logger
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.db.engine import Database
from salesbot.db.runtime import get_database
from salesbot.errors import NotFound
from salesbot.health.service import check_all
from salesbot.integrations.embedders import OPENAI_NAME, configured_embedder_name
from salesbot.integrations.llm import ANTHROPIC_MODEL, OPENROUTER_URL
from salesbot.models import IntegrationStatus
from salesbot.security.ratelimit import CounterStore
from salesbot.settings import LLMProvider, Settings, get_settings, secret_value

ANTHROPIC_API_URL = "https://api.anthropic.com/v1"
ANTHROPIC_VERSION = "2023-06-01"
PROBE_TIMEOUT_SECONDS = 10.0
MAX_ERROR_CHARS = 500
# A real call's outcome is written at once when it changes, else at most this often.
WRITE_EVERY_SECONDS = 60.0
NOT_SET_UP = "Интеграция ещё не подключена: настроек для неё пока нет."
# Names the HTTP helper uses for a service → the integration they belong to.
ALIASES = {"openai-embeddings": "embedder"}


class ProbeFailed(Exception):
    """A probe reached a verdict: the service is not usable. The message is for admins."""


@dataclass(frozen=True)
class Probes:
    """What a probe may use of the running app."""

    settings: Settings
    database: Database
    counters: CounterStore | None


@dataclass(frozen=True)
class Integration:
    name: str
    title: str
    kind: str  # infrastructure | llm | knowledge | mail | saas
    configured: Callable[[Settings], bool]
    details: Callable[[Settings], dict[str, Any]]
    probe: Callable[[Probes], Awaitable[None]] | None = None


@dataclass
class Status:
    name: str
    title: str
    kind: str
    configured: bool
    checkable: bool
    healthy: bool | None
    last_error: str | None
    last_error_at: datetime | None
    last_checked_at: datetime | None
    details: dict[str, Any] = field(default_factory=dict)


# --- non-secret facts ----------------------------------------------------------------------------
def mask(value: str | None) -> str | None:
    """An id shown so an admin recognises it, not so anyone can use it: `b1g…x7`."""
    if not value:
        return None
    return f"{value[:3]}…{value[-2:]}" if len(value) > 8 else "…"


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def _database_details(settings: Settings) -> dict[str, Any]:
    if settings.database_url is None:
        return {"mode": "embedded"}
    url = make_url(settings.database_url)
    return {"host": url.host, "database": url.database}


def _not_set_up(_: Settings) -> dict[str, Any]:
    return {"note": NOT_SET_UP}


# --- probes --------------------------------------------------------------------------------------
async def _health(probes: Probes, check: str) -> None:
    checks = await check_all(
        probes.database, probes.counters, redis_configured=probes.counters is not None
    )
    if check == "database" and not checks["migrations"].ok:
        raise ProbeFailed(checks["migrations"].detail)
    result = checks.get(check)
    if result is None:
        raise ProbeFailed("проверка недоступна")
    if not result.ok:
        raise ProbeFailed(result.detail)


async def _probe_database(probes: Probes) -> None:
    await _health(probes, "database")


async def _probe_worker(probes: Probes) -> None:
    await _health(probes, "worker")


async def _probe_redis(probes: Probes) -> None:
    if probes.settings.redis_url is None:
        raise ProbeFailed("REDIS_URL не задан")
    await _health(probes, "redis")


async def _get(url: str, headers: dict[str, str], *, auth: httpx.Auth | None = None) -> None:
    """A cheap authenticated GET; 404/405 still proves the server answers the key."""
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


def _bearer(key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if key else {}


async def _probe_openai(probes: Probes) -> None:
    s = probes.settings
    await _get(f"{s.openai_base_url.rstrip('/')}/models", _bearer(secret_value(s.openai_api_key)))


async def _probe_openrouter(probes: Probes) -> None:
    await _get(
        f"{OPENROUTER_URL}/models", _bearer(secret_value(probes.settings.openrouter_api_key))
    )


async def _probe_openai_compatible(probes: Probes) -> None:
    s = probes.settings
    assert s.llm_base_url is not None
    await _get(f"{s.llm_base_url.rstrip('/')}/models", _bearer(secret_value(s.openai_api_key)))


async def _probe_anthropic(probes: Probes) -> None:
    key = secret_value(probes.settings.anthropic_api_key) or ""
    await _get(
        f"{ANTHROPIC_API_URL}/models", {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    )


async def _probe_yandexgpt(probes: Probes) -> None:
    s = probes.settings
    await _get(f"{s.yandex_base_url.rstrip('/')}/models", _bearer(secret_value(s.yandex_api_key)))


async def _probe_gigachat(probes: Probes) -> None:
    from salesbot.integrations.gigachat import GigaChatAuth

    s = probes.settings
    auth = GigaChatAuth(
        auth_key=secret_value(s.gigachat_auth_key) or "",
        scope=s.gigachat_scope,
        oauth_url=s.gigachat_oauth_url,
        timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        await auth.token()
    except httpx.HTTPError as exc:
        raise ProbeFailed(f"OAuth: {type(exc).__name__}: {exc}") from exc
    await _get(f"{s.gigachat_base_url.rstrip('/')}/models", {}, auth=auth)


async def _probe_embedder(probes: Probes) -> None:
    if configured_embedder_name(probes.settings) == OPENAI_NAME:
        await _probe_openai(probes)
    # The local embedder has nothing outside to reach: it is healthy if it loads, and the
    # app loads it at start.


async def _probe_smtp(probes: Probes) -> None:
    """The server's 220 greeting; no login, so no password travels for a check."""
    s = probes.settings
    assert s.smtp_host is not None
    context = ssl.create_default_context() if s.smtp_use_tls else None
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(s.smtp_host, s.smtp_port, ssl=context),
            timeout=s.smtp_timeout_seconds,
        )
        try:
            greeting = await asyncio.wait_for(reader.readline(), timeout=s.smtp_timeout_seconds)
            writer.write(b"QUIT\r\n")
            await writer.drain()
        finally:
            writer.close()
    except TimeoutError as exc:
        raise ProbeFailed(f"нет ответа за {s.smtp_timeout_seconds:.0f} с") from exc
    except OSError as exc:
        raise ProbeFailed(f"нет соединения: {type(exc).__name__}: {exc}") from exc
    if not greeting.startswith(b"220"):
        raise ProbeFailed(f"неожиданное приветствие: {greeting[:80].decode(errors='replace')}")


# --- the registry --------------------------------------------------------------------------------
def _llm(
    name: str,
    title: str,
    provider: LLMProvider,
    configured: Callable[[Settings], bool],
    model: Callable[[Settings], str],
    base_url: Callable[[Settings], str | None],
    probe: Callable[[Probes], Awaitable[None]],
) -> Integration:
    return Integration(
        name,
        title,
        "llm",
        configured,
        lambda s: {
            "model": model(s),
            "host": host_of(base_url(s)),
            "primary": s.llm_provider is provider,
        },
        probe,
    )


def _saas(name: str, title: str) -> Integration:
    return Integration(name, title, "saas", lambda _: False, _not_set_up)


INTEGRATIONS: tuple[Integration, ...] = (
    Integration(
        "database",
        "PostgreSQL",
        "infrastructure",
        lambda _: True,
        _database_details,
        _probe_database,
    ),
    Integration(
        "redis",
        "Redis",
        "infrastructure",
        lambda s: s.redis_url is not None,
        lambda s: {"host": host_of(s.redis_url)} if s.redis_url else {"mode": "in-process"},
        _probe_redis,
    ),
    Integration(
        "worker",
        "Фоновые задачи (worker)",
        "infrastructure",
        lambda _: True,
        lambda s: {"embedded": s.runs_embedded_worker},
        _probe_worker,
    ),
    _llm(
        "openai",
        "OpenAI",
        LLMProvider.openai,
        lambda s: s.openai_api_key is not None,
        lambda s: s.llm_model,
        lambda s: s.openai_base_url,
        _probe_openai,
    ),
    _llm(
        "anthropic",
        "Anthropic",
        LLMProvider.anthropic,
        lambda s: s.anthropic_api_key is not None,
        lambda _: ANTHROPIC_MODEL,
        lambda _: ANTHROPIC_API_URL,
        _probe_anthropic,
    ),
    _llm(
        "openrouter",
        "OpenRouter",
        LLMProvider.openrouter,
        lambda s: s.openrouter_api_key is not None,
        lambda s: s.llm_model,
        lambda _: OPENROUTER_URL,
        _probe_openrouter,
    ),
    _llm(
        "openai_compatible",
        "OpenAI-совместимый сервер",
        LLMProvider.openai_compatible,
        lambda s: s.llm_base_url is not None,
        lambda s: s.llm_model,
        lambda s: s.llm_base_url,
        _probe_openai_compatible,
    ),
    Integration(
        "gigachat",
        "GigaChat",
        "llm",
        lambda s: s.gigachat_auth_key is not None,
        lambda s: {
            "model": s.gigachat_model,
            "host": host_of(s.gigachat_base_url),
            "scope": s.gigachat_scope,
            "primary": s.llm_provider is LLMProvider.gigachat,
        },
        _probe_gigachat,
    ),
    Integration(
        "yandexgpt",
        "YandexGPT",
        "llm",
        lambda s: s.yandex_api_key is not None and bool(s.yandex_folder_id),
        lambda s: {
            "model": s.yandex_model,
            "host": host_of(s.yandex_base_url),
            "folder": mask(s.yandex_folder_id),
            "primary": s.llm_provider is LLMProvider.yandexgpt,
            **(
                {"note": "Задан YANDEX_API_KEY, но не задан YANDEX_FOLDER_ID."}
                if s.yandex_api_key is not None and not s.yandex_folder_id
                else {}
            ),
        },
        _probe_yandexgpt,
    ),
    Integration(
        "embedder",
        "Эмбеддер базы знаний",
        "knowledge",
        lambda _: True,
        lambda s: {
            "model": configured_embedder_name(s),
            "local": configured_embedder_name(s) != OPENAI_NAME,
        },
        _probe_embedder,
    ),
    Integration(
        "smtp",
        "Почта (SMTP)",
        "mail",
        lambda s: s.smtp_host is not None,
        lambda s: (
            {
                "host": f"{s.smtp_host}:{s.smtp_port}",
                "tls": s.smtp_use_tls,
                "username": mask(s.smtp_username),
            }
            if s.smtp_host
            else {"note": "SMTP_HOST не задан: письма не отправляются."}
        ),
        _probe_smtp,
    ),
    Integration(
        "amocrm",
        "amoCRM",
        "saas",
        lambda s: bool(s.amocrm_domain) and s.amocrm_access_token is not None,
        lambda s: {"domain": s.amocrm_domain},
    ),
    Integration(
        "telegram",
        "Telegram",
        "saas",
        lambda s: s.telegram_bot_token is not None,
        lambda s: {
            "webhook_host": host_of(s.telegram_webhook_url),
            "webhook_secret_set": s.telegram_webhook_secret is not None,
        },
    ),
    Integration(
        "avito",
        "Авито",
        "saas",
        lambda s: bool(s.avito_client_id) and s.avito_client_secret is not None,
        lambda s: {"client_id": mask(s.avito_client_id), "user_id": mask(s.avito_user_id)},
    ),
    Integration(
        "yookassa",
        "ЮKassa",
        "saas",
        lambda s: bool(s.yookassa_shop_id) and s.yookassa_secret_key is not None,
        lambda s: {"shop_id": mask(s.yookassa_shop_id)},
    ),
    Integration(
        "google_calendar",
        "Google Календарь",
        "saas",
        lambda s: bool(s.google_calendar_credentials) and bool(s.google_calendar_id),
        lambda s: {"calendar_id": mask(s.google_calendar_id)},
    ),
    _saas("trello", "Trello"),
    _saas("clickup", "ClickUp"),
    _saas("shortcut", "Shortcut"),
    _saas("github_projects", "GitHub Projects"),
)
BY_NAME = {integration.name: integration for integration in INTEGRATIONS}


# --- secrets never leave -------------------------------------------------------------------------
def secret_values(settings: Settings) -> list[str]:
    """Every secret the settings hold: SecretStr fields and passwords inside URLs."""
    values: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        items: Iterable[Any] = value if isinstance(value, list) else [value]
        values.extend(v.get_secret_value() for v in items if isinstance(v, SecretStr))
    for url in (settings.database_url, settings.redis_url, settings.smtp_host):
        if url and "://" in url:
            password = urlsplit(url).password
            if password:
                values.append(password)
    # Longest first, so a secret containing another is masked whole.
    return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def scrub(text: str, settings: Settings) -> str:
    for secret in secret_values(settings):
        text = text.replace(secret, "***")
    return text[:MAX_ERROR_CHARS]


# --- reading and checking ------------------------------------------------------------------------
async def list_statuses(session: AsyncSession, settings: Settings) -> list[Status]:
    rows = {row.name: row for row in (await session.scalars(select(IntegrationStatus))).all()}
    return [
        _status(integration, settings, rows.get(integration.name)) for integration in INTEGRATIONS
    ]


def _status(integration: Integration, settings: Settings, row: IntegrationStatus | None) -> Status:
    configured = integration.configured(settings)
    return Status(
        name=integration.name,
        title=integration.title,
        kind=integration.kind,
        configured=configured,
        checkable=configured and integration.probe is not None,
        healthy=row.healthy if row else None,
        last_error=row.last_error if row else None,
        last_error_at=row.last_error_at if row else None,
        last_checked_at=row.last_checked_at if row else None,
        details={k: v for k, v in integration.details(settings).items() if v is not None},
    )


async def check(session: AsyncSession, name: str, probes: Probes) -> Status:
    """Run the integration's probe now and record the outcome. A service that is not set up,
    or has no probe yet, is reported as it is (nothing recorded)."""
    integration = BY_NAME.get(name)
    if integration is None:
        raise NotFound(f"Интеграции «{name}» нет.", code="integration_not_found")
    if integration.configured(probes.settings) and integration.probe is not None:
        error: str | None = None
        try:
            await integration.probe(probes)
        except ProbeFailed as exc:
            error = str(exc)
        except Exception as exc:  # a probe must report, never break the page
            error = f"{type(exc).__name__}: {exc}"
        await record(session, name, ok=error is None, error=error, settings=probes.settings)
    row = await session.get(IntegrationStatus, name, populate_existing=True)
    return _status(integration, probes.settings, row)


async def record(
    session: AsyncSession,
    name: str,
    *,
    ok: bool,
    error: str | None = None,
    settings: Settings,
    at: datetime | None = None,
) -> None:
    """Upsert one outcome. A success keeps the last error (and its time) for the record."""
    now = at or datetime.now(UTC)
    values: dict[str, Any] = {"name": name, "healthy": ok, "last_checked_at": now}
    if not ok:
        values["last_error"] = scrub(error or "неизвестная ошибка", settings)
        values["last_error_at"] = now
    statement = pg_insert(IntegrationStatus).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={k: v for k, v in values.items() if k != "name"}
        )
    )


# --- outcomes of real calls ----------------------------------------------------------------------
class OutcomeRecorder:
    """Outcomes of real calls, written behind the caller's back: at once when the state
    changes, otherwise at most every WRITE_EVERY_SECONDS per integration."""

    def __init__(self) -> None:
        self._written: dict[str, tuple[bool, str | None, float]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def note(self, service: str, *, ok: bool, error: str | None = None) -> None:
        name = ALIASES.get(service, service)
        if name not in BY_NAME:
            return
        now = time.monotonic()
        previous = self._written.get(name)
        if previous and previous[:2] == (ok, error) and now - previous[2] < WRITE_EVERY_SECONDS:
            return
        try:
            loop = asyncio.get_running_loop()
            get_database()  # a process without a database (a CLI tool) keeps no board
        except RuntimeError:
            return
        self._written[name] = (ok, error, now)
        task = loop.create_task(self._write(name, ok, error, datetime.now(UTC)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _write(self, name: str, ok: bool, error: str | None, at: datetime) -> None:
        try:
            database = get_database()
            async with database.transaction() as session:
                await record(session, name, ok=ok, error=error, settings=get_settings(), at=at)
        except Exception as exc:  # the status board must never break a real call
            logger.warning("could not record the status of {}: {}", name, type(exc).__name__)

    async def flush(self) -> None:
        """Wait for the pending writes (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def forget(self) -> None:
        self._written.clear()


recorder = OutcomeRecorder()


def record_outcome(service: str, *, ok: bool, error: str | None = None) -> None:
    """Note the outcome of a real call to `service` (never waits, never raises)."""
    recorder.note(service, ok=ok, error=error)
