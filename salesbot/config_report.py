"""What `salesbot config check` prints: the effective settings (secrets masked) and, per
integration, whether it is on and what it still needs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import SecretStr

from salesbot.settings import LLMProvider, Settings, secret_value


@dataclass(frozen=True)
class IntegrationStatus:
    name: str
    enabled: bool
    missing: tuple[str, ...]
    note: str = ""

    @property
    def state(self) -> str:
        if self.enabled and not self.missing:
            return "on"
        if not self.enabled and not self.missing:
            return "off"
        return "incomplete"


def masked(value: Any) -> str:
    if isinstance(value, SecretStr):
        raw = value.get_secret_value()
        return "" if not raw else ("****" + raw[-2:] if len(raw) > 8 else "****")
    if isinstance(value, list):
        return ", ".join(masked(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    if value is None:
        return ""
    text = str(value)
    if "://" in text and "@" in text:  # URLs with credentials
        scheme, rest = text.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:****@{host}" if ":" in creds else text
    return text


def effective_settings(settings: Settings) -> list[tuple[str, str]]:
    return [(name.upper(), masked(getattr(settings, name))) for name in type(settings).model_fields]


def _group(
    name: str, settings: Settings, required: dict[str, Any], note: str = ""
) -> IntegrationStatus:
    present = {key: value for key, value in required.items() if value}
    missing = tuple(key for key in required if key not in present)
    enabled = bool(present)
    return IntegrationStatus(name, enabled, missing if enabled else (), note)


def integrations(settings: Settings) -> list[IntegrationStatus]:
    s = settings
    result = [
        IntegrationStatus(
            "database",
            True,
            (),
            "embedded PostgreSQL under " + str(s.data_dir / "postgres")
            if s.uses_embedded_database
            else "external PostgreSQL",
        ),
        IntegrationStatus(
            "redis",
            s.redis_url is not None,
            (),
            "" if s.redis_url else "in-process counters (one instance)",
        ),
        _llm_status(s),
        _group(
            "avito",
            s,
            {
                "AVITO_CLIENT_ID": s.avito_client_id,
                "AVITO_CLIENT_SECRET": s.avito_client_secret,
                "AVITO_USER_ID": s.avito_user_id,
            },
        ),
        _group(
            "telegram",
            s,
            {
                "TELEGRAM_BOT_TOKEN": s.telegram_bot_token,
                "TELEGRAM_WEBHOOK_URL": s.telegram_webhook_url,
            },
        ),
        _group(
            "amocrm",
            s,
            {"AMOCRM_DOMAIN": s.amocrm_domain, "AMOCRM_ACCESS_TOKEN": s.amocrm_access_token},
        ),
        _group(
            "google_calendar",
            s,
            {
                "GOOGLE_CALENDAR_CREDENTIALS": s.google_calendar_credentials,
                "GOOGLE_CALENDAR_ID": s.google_calendar_id,
            },
        ),
        _group(
            "yookassa",
            s,
            {"YOOKASSA_SHOP_ID": s.yookassa_shop_id, "YOOKASSA_SECRET_KEY": s.yookassa_secret_key},
        ),
        _anythingllm_status(s),
        _smtp_status(s),
        IntegrationStatus("sentry", s.sentry_dsn is not None, ()),
    ]
    return result


def _llm_status(s: Settings) -> IntegrationStatus:
    options: dict[LLMProvider, dict[str, object]] = {
        LLMProvider.offline: {},
        LLMProvider.openai: {"OPENAI_API_KEY": s.openai_api_key},
        LLMProvider.anthropic: {"ANTHROPIC_API_KEY": s.anthropic_api_key},
        LLMProvider.openrouter: {"OPENROUTER_API_KEY": s.openrouter_api_key},
        LLMProvider.openai_compatible: {"LLM_BASE_URL": s.llm_base_url},
        LLMProvider.yandexgpt: {
            "YANDEX_API_KEY": s.yandex_api_key,
            "YANDEX_FOLDER_ID": s.yandex_folder_id,
        },
        LLMProvider.gigachat: {"GIGACHAT_AUTH_KEY": s.gigachat_auth_key},
    }
    needed = options[s.llm_provider]
    missing = tuple(key for key, value in needed.items() if not value)
    if s.llm_provider is LLMProvider.offline:
        return IntegrationStatus("llm", False, (), "offline dialog brain (no LLM)")
    return IntegrationStatus("llm", True, missing, f"provider {s.llm_provider.value}")


def _anythingllm_status(s: Settings) -> IntegrationStatus:
    if s.knowledge_backend != "anythingllm":
        return IntegrationStatus("anythingllm", False, (), "answers from our own index")
    key = secret_value(s.anythingllm_api_key)
    needed = {"ANYTHINGLLM_URL": s.anythingllm_url, "ANYTHINGLLM_API_KEY": key}
    missing = tuple(key for key, value in needed.items() if not value)
    return IntegrationStatus("anythingllm", True, missing, f"workspace {s.anythingllm_workspace}")


def _smtp_status(s: Settings) -> IntegrationStatus:
    if s.smtp_host is None:
        return IntegrationStatus("smtp", False, (), "mail disabled")
    missing = ("SMTP_PASSWORD",) if s.smtp_username and s.smtp_password is None else ()
    return IntegrationStatus("smtp", True, missing, f"{s.smtp_host}:{s.smtp_port}")
