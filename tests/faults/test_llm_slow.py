"""An LLM provider slower than LLM_TIMEOUT_SECONDS, or down (issue 22): the offline brain
answers, and the customer waits about the timeout, not the provider. (Both providers of a
chain failing is `tests/dialog/test_llm.py`; this measures the wait.)"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.types import InboundMessage
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.integrations.llm.providers import openai_chat_model
from salesbot.models import Channel
from salesbot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI, Step

TIMEOUT = 1.0


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.mark.parametrize("step", [Step(delay=6, text="слишком поздно"), Step(status=503)])
async def test_the_offline_brain_answers_within_the_timeout(
    session: AsyncSession, settings: Settings, llm: FakeOpenAI, step: Step
) -> None:
    quick = settings.model_copy(update={"llm_timeout_seconds": TIMEOUT})
    llm.script.extend([step] * 5)  # the client's own retries meet the same trouble
    model = openai_chat_model(quick, model=llm.model, base_url=llm.base_url, api_key="sk-test")
    brain = LLMBrain(quick, model, OfflineBrain(quick))
    started = time.monotonic()
    try:
        result = await DialogEngine.standalone(quick, brain).handle(
            session, InboundMessage(Channel.web, "slow-llm", "Здравствуйте")
        )
    finally:
        await model.client.close()
    waited = time.monotonic() - started
    print(f"\nLLM {step.status} delay {step.delay}s: offline answer in {waited:.2f} s")
    assert result.replies[0].meta["usage"]["brain"] == "offline-fallback"
    assert "Нейрокод" in result.replies[0].text  # the offline greeting
    assert waited < TIMEOUT + 3, waited  # bounded by the timeout, not the 6 s provider
