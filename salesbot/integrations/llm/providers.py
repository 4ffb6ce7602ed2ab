"""One adapter per LLM provider: whether it is configured, what the board shows of it, its
cheap check (the model list), and the pydantic-ai model it builds.

Most providers speak the OpenAI chat protocol and differ only in address, key and model id
(`OpenAIProtocol`); Anthropic has its own SDK; GigaChat needs OAuth and a function-calling
bridge in the HTTP client (`gigachat.py`).
"""

from __future__ import annotations

from typing import Any

from pydantic_ai.models import Model

from salesbot.integrations.base import Kind, ProbeContext, ProbeFailed, host_of, mask
from salesbot.integrations.llm.base import LLMAdapter
from salesbot.integrations.probes import PROBE_TIMEOUT_SECONDS, bearer, http_probe
from salesbot.settings import LLMProvider, Settings, secret_value

ANTHROPIC_MODEL = "claude-3-5-haiku-latest"
ANTHROPIC_API_URL = "https://api.anthropic.com/v1"
ANTHROPIC_VERSION = "2023-06-01"
OPENROUTER_URL = "https://openrouter.ai/api/v1"


def openai_chat_model(settings: Settings, *, model: str, base_url: str, api_key: str) -> Model:
    """A pydantic-ai model on any server that speaks the OpenAI chat protocol."""
    from openai import AsyncOpenAI
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    # max_retries=0: a failing provider hands over to the next one at once; our own
    # MAX_RETRIES budget is spent by the fallback chain, not inside one client.
    client = AsyncOpenAI(
        base_url=base_url, api_key=api_key, max_retries=0, timeout=settings.llm_timeout_seconds
    )
    return OpenAIChatModel(model, provider=OpenAIProvider(openai_client=client))


class OpenAIProtocol:
    """A provider on the OpenAI chat protocol; subclasses say where, with which key and model."""

    name: str
    title: str
    provider: LLMProvider
    kind: Kind = "llm"

    def api_key(self, settings: Settings) -> str | None:
        raise NotImplementedError

    def base_url(self, settings: Settings) -> str:
        raise NotImplementedError

    def model_id(self, settings: Settings) -> str:
        return settings.llm_model

    def configured(self, settings: Settings) -> bool:
        return bool(self.api_key(settings))

    def details(self, settings: Settings) -> dict[str, Any]:
        return {
            "model": self.model_id(settings),
            "host": host_of(self.base_url(settings)),
            "primary": settings.llm_provider is self.provider,
        }

    async def probe(self, context: ProbeContext) -> None:
        s = context.settings
        await http_probe(f"{self.base_url(s).rstrip('/')}/models", bearer(self.api_key(s)))

    def build(self, settings: Settings) -> Model:
        return openai_chat_model(
            settings,
            model=self.model_id(settings),
            base_url=self.base_url(settings),
            api_key=self.api_key(settings) or "none",
        )


class OpenAI(OpenAIProtocol):
    name = "openai"
    title = "OpenAI"
    provider = LLMProvider.openai

    def api_key(self, settings: Settings) -> str | None:
        return secret_value(settings.openai_api_key)

    def base_url(self, settings: Settings) -> str:
        return settings.openai_base_url


class OpenRouter(OpenAIProtocol):
    name = "openrouter"
    title = "OpenRouter"
    provider = LLMProvider.openrouter

    def api_key(self, settings: Settings) -> str | None:
        return secret_value(settings.openrouter_api_key)

    def base_url(self, settings: Settings) -> str:
        return OPENROUTER_URL


class OpenAICompatible(OpenAIProtocol):
    """A self-hosted server (Ollama, vLLM, …): configured by its address; a key is optional."""

    name = "openai_compatible"
    title = "OpenAI-совместимый сервер"
    provider = LLMProvider.openai_compatible

    def api_key(self, settings: Settings) -> str | None:
        return secret_value(settings.openai_api_key)

    def base_url(self, settings: Settings) -> str:
        return settings.llm_base_url or ""

    def configured(self, settings: Settings) -> bool:
        return bool(settings.llm_base_url)


class YandexGPT(OpenAIProtocol):
    """Yandex AI Studio speaks the OpenAI protocol; models are addressed as gpt://folder/model."""

    name = "yandexgpt"
    title = "YandexGPT"
    provider = LLMProvider.yandexgpt

    def api_key(self, settings: Settings) -> str | None:
        return secret_value(settings.yandex_api_key)

    def base_url(self, settings: Settings) -> str:
        return settings.yandex_base_url

    def model_id(self, settings: Settings) -> str:
        return f"gpt://{settings.yandex_folder_id}/{settings.yandex_model}"

    def configured(self, settings: Settings) -> bool:
        return bool(self.api_key(settings)) and bool(settings.yandex_folder_id)

    def details(self, settings: Settings) -> dict[str, Any]:
        half_set = settings.yandex_api_key is not None and not settings.yandex_folder_id
        return {
            "model": settings.yandex_model,
            "host": host_of(settings.yandex_base_url),
            "folder": mask(settings.yandex_folder_id),
            "primary": settings.llm_provider is self.provider,
            **({"note": "Задан YANDEX_API_KEY, но не задан YANDEX_FOLDER_ID."} if half_set else {}),
        }


class Anthropic:
    name = "anthropic"
    title = "Anthropic"
    provider = LLMProvider.anthropic
    kind: Kind = "llm"

    def configured(self, settings: Settings) -> bool:
        return bool(secret_value(settings.anthropic_api_key))

    def details(self, settings: Settings) -> dict[str, Any]:
        return {
            "model": ANTHROPIC_MODEL,
            "host": host_of(ANTHROPIC_API_URL),
            "primary": settings.llm_provider is self.provider,
        }

    async def probe(self, context: ProbeContext) -> None:
        key = secret_value(context.settings.anthropic_api_key) or ""
        headers = {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
        await http_probe(f"{ANTHROPIC_API_URL}/models", headers)

    def build(self, settings: Settings) -> Model:
        from anthropic import AsyncAnthropic
        from pydantic_ai.models.anthropic import AnthropicModel
        from pydantic_ai.providers.anthropic import AnthropicProvider

        client = AsyncAnthropic(
            api_key=secret_value(settings.anthropic_api_key),
            max_retries=0,
            timeout=settings.llm_timeout_seconds,
        )
        return AnthropicModel(ANTHROPIC_MODEL, provider=AnthropicProvider(anthropic_client=client))


class GigaChat:
    name = "gigachat"
    title = "GigaChat"
    provider = LLMProvider.gigachat
    kind: Kind = "llm"

    def configured(self, settings: Settings) -> bool:
        return bool(secret_value(settings.gigachat_auth_key))

    def details(self, settings: Settings) -> dict[str, Any]:
        return {
            "model": settings.gigachat_model,
            "host": host_of(settings.gigachat_base_url),
            "scope": settings.gigachat_scope,
            "primary": settings.llm_provider is self.provider,
        }

    async def probe(self, context: ProbeContext) -> None:
        """The OAuth exchange first (the usual failure: a wrong key), then the model list."""
        import httpx

        from salesbot.integrations.llm.gigachat import GigaChatAuth

        s = context.settings
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
        await http_probe(f"{s.gigachat_base_url.rstrip('/')}/models", {}, auth=auth)

    def build(self, settings: Settings) -> Model:
        import httpx
        from openai import AsyncOpenAI
        from pydantic_ai.models.openai import OpenAIChatModel
        from pydantic_ai.providers.openai import OpenAIProvider

        from salesbot.integrations.llm.gigachat import GigaChatAuth, GigaChatDialect

        auth = GigaChatAuth(
            auth_key=secret_value(settings.gigachat_auth_key) or "",
            scope=settings.gigachat_scope,
            oauth_url=settings.gigachat_oauth_url,
            timeout=settings.llm_timeout_seconds,
        )
        http = httpx.AsyncClient(
            auth=auth,
            transport=GigaChatDialect(httpx.AsyncHTTPTransport()),
            timeout=settings.llm_timeout_seconds,
        )
        # The API key is a placeholder: GigaChatAuth sets the Authorization header itself.
        client = AsyncOpenAI(
            base_url=settings.gigachat_base_url,
            api_key="gigachat-oauth",
            max_retries=0,
            timeout=settings.llm_timeout_seconds,
            # openai ≥ 3 types this as httpx2 but accepts an httpx client (and its errors) too.
            http_client=http,  # type: ignore[arg-type]
        )
        return OpenAIChatModel(
            settings.gigachat_model, provider=OpenAIProvider(openai_client=client)
        )


# In fallback order: after the chosen provider, the chain tries the others in this order.
LLM_ADAPTERS: tuple[LLMAdapter, ...] = (
    OpenAI(),
    Anthropic(),
    OpenRouter(),
    OpenAICompatible(),
    YandexGPT(),
    GigaChat(),
)
