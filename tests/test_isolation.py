"""The test run is sealed from a developer's machine: provider keys in the environment are
dropped, and pydantic-ai refuses real model requests unless a fake provider is running."""

from __future__ import annotations

import os

import pytest
from pydantic_ai import Agent, models
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider

from salesbot.dialog.brains import choose_brain
from salesbot.dialog.offline import OfflineBrain
from salesbot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI


def test_provider_keys_of_the_environment_do_not_reach_the_tests(settings: Settings) -> None:
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "LLM_PROVIDER"):
        assert name not in os.environ
    assert settings.openai_api_key is None
    assert isinstance(choose_brain(settings), OfflineBrain)


async def test_a_real_model_request_is_refused_without_a_fake() -> None:
    assert models.ALLOW_MODEL_REQUESTS is False
    model = OpenAIChatModel(
        "gpt-4o-mini", provider=OpenAIProvider(base_url="http://127.0.0.1:9/v1", api_key="sk-x")
    )
    with pytest.raises(RuntimeError, match="Model requests are not allowed"):
        await Agent(model).run("Здравствуйте")


def test_a_running_fake_provider_allows_requests_to_it() -> None:
    fake = FakeOpenAI().start()
    try:
        assert models.ALLOW_MODEL_REQUESTS is True
    finally:
        fake.stop()
    assert models.ALLOW_MODEL_REQUESTS is False
