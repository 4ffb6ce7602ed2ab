"""The chain of LLM providers from settings: the configured one first, then every other
configured provider as a fallback (pydantic-ai FallbackModel). Each provider's outcomes go
to the admins' integration board (`RecordedModel`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic_ai.exceptions import ModelAPIError, ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelResponse
from pydantic_ai.models import Model, ModelRequestParameters, StreamedResponse
from pydantic_ai.models.fallback import FallbackModel
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings

from salesbot.settings import LLMProvider, Settings, secret_value

ANTHROPIC_MODEL = "claude-3-5-haiku-latest"
OPENROUTER_URL = "https://openrouter.ai/api/v1"
# USD per million tokens (input, output), for the cost estimate kept with each turn.
PRICES = {"gpt-4o-mini": (0.15, 0.60), ANTHROPIC_MODEL: (0.80, 4.00)}


def _openai_like(settings: Settings, *, model: str, base_url: str, api_key: str) -> Model:
    from openai import AsyncOpenAI
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    # max_retries=0: a failing provider hands over to the next one at once; our own
    # MAX_RETRIES budget is spent by the fallback chain, not inside one client.
    client = AsyncOpenAI(
        base_url=base_url,
        api_key=api_key,
        max_retries=0,
        timeout=settings.llm_timeout_seconds,
    )
    return OpenAIChatModel(model, provider=OpenAIProvider(openai_client=client))


def _gigachat(settings: Settings, auth_key: str) -> Model:
    import httpx
    from openai import AsyncOpenAI
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    from salesbot.integrations.gigachat import GigaChatAuth, GigaChatDialect

    auth = GigaChatAuth(
        auth_key=auth_key,
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
    return OpenAIChatModel(settings.gigachat_model, provider=OpenAIProvider(openai_client=client))


def _anthropic(settings: Settings, api_key: str) -> Model:
    from anthropic import AsyncAnthropic
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    client = AsyncAnthropic(api_key=api_key, max_retries=0, timeout=settings.llm_timeout_seconds)
    return AnthropicModel(ANTHROPIC_MODEL, provider=AnthropicProvider(anthropic_client=client))


def _failure(exc: ModelAPIError) -> str:
    if isinstance(exc, ModelHTTPError):
        return f"HTTP {exc.status_code}"
    return f"{type(exc).__name__}: {exc.message}"


class RecordedModel(WrapperModel):
    """One provider of the chain, unchanged, whose successes and provider errors (the ones
    the fallback chain moves on from) are noted for the integration board."""

    def __init__(self, wrapped: Model, integration: str) -> None:
        super().__init__(wrapped)
        self.integration = integration

    def _note(self, error: ModelAPIError | None) -> None:
        from salesbot.integrations.status import record_outcome

        record_outcome(
            self.integration, ok=error is None, error=None if error is None else _failure(error)
        )

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        try:
            response = await super().request(messages, model_settings, model_request_parameters)
        except ModelAPIError as exc:
            self._note(exc)
            raise
        self._note(None)
        return response

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: Any = None,
    ) -> AsyncIterator[StreamedResponse]:
        try:
            async with super().request_stream(
                messages, model_settings, model_request_parameters, run_context
            ) as stream:
                yield stream
        except ModelAPIError as exc:
            self._note(exc)
            raise
        self._note(None)


def provider_chain(settings: Settings) -> list[Model]:
    """Every configured provider, the chosen one first."""
    models: dict[LLMProvider, Model] = {}
    if key := secret_value(settings.openai_api_key):
        models[LLMProvider.openai] = _openai_like(
            settings, model=settings.llm_model, base_url=settings.openai_base_url, api_key=key
        )
    if key := secret_value(settings.anthropic_api_key):
        models[LLMProvider.anthropic] = _anthropic(settings, key)
    if key := secret_value(settings.openrouter_api_key):
        models[LLMProvider.openrouter] = _openai_like(
            settings, model=settings.llm_model, base_url=OPENROUTER_URL, api_key=key
        )
    if settings.llm_base_url:
        models[LLMProvider.openai_compatible] = _openai_like(
            settings,
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=secret_value(settings.openai_api_key) or "none",
        )
    yandex_key = secret_value(settings.yandex_api_key)
    if yandex_key and settings.yandex_folder_id:
        # Yandex AI Studio speaks the OpenAI protocol; models are addressed as gpt://folder/model.
        models[LLMProvider.yandexgpt] = _openai_like(
            settings,
            model=f"gpt://{settings.yandex_folder_id}/{settings.yandex_model}",
            base_url=settings.yandex_base_url,
            api_key=yandex_key,
        )
    if key := secret_value(settings.gigachat_auth_key):
        models[LLMProvider.gigachat] = _gigachat(settings, key)
    recorded: dict[LLMProvider, Model] = {
        provider: RecordedModel(model, provider.value.replace("-", "_"))
        for provider, model in models.items()
    }
    chosen = recorded.pop(settings.llm_provider, None)
    return ([chosen] if chosen else []) + list(recorded.values())


def build_model(settings: Settings) -> Model | None:
    chain = provider_chain(settings)
    if not chain:
        return None
    return chain[0] if len(chain) == 1 else FallbackModel(chain[0], *chain[1:])


def estimate_cost(model_name: str, input_tokens: int, output_tokens: int) -> float | None:
    for name, (price_in, price_out) in PRICES.items():
        if model_name.startswith(name):
            return round((input_tokens * price_in + output_tokens * price_out) / 1_000_000, 6)
    return None
