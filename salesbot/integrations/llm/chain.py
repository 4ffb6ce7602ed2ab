"""The chain of LLM providers from settings: the chosen one first, then every other
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

from salesbot.integrations.llm.providers import ANTHROPIC_MODEL, LLM_ADAPTERS
from salesbot.integrations.outcomes import record_outcome
from salesbot.settings import LLMProvider, Settings

# USD per million tokens (input, output), for the cost estimate kept with each turn.
PRICES = {"gpt-4o-mini": (0.15, 0.60), ANTHROPIC_MODEL: (0.80, 4.00)}


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
    """Every configured provider, the chosen one (`LLM_PROVIDER`) first, each recorded under
    its adapter's name on the integration board."""
    chain: list[tuple[LLMProvider, Model]] = [
        (adapter.provider, RecordedModel(adapter.build(settings), adapter.name))
        for adapter in LLM_ADAPTERS
        if adapter.configured(settings)
    ]
    chosen = [model for provider, model in chain if provider is settings.llm_provider]
    return chosen + [model for provider, model in chain if provider is not settings.llm_provider]


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
