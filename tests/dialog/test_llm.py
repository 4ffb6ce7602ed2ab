"""The LLM brain against a local fake OpenAI-compatible server, through the real client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from pydantic_ai.models.fallback import FallbackModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.booking import service as booking_service
from salesbot.conversations.types import InboundMessage
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain, prompt_variant
from salesbot.dialog.offline import OfflineBrain
from salesbot.integrations.llm import build_model
from salesbot.integrations.llm.providers import openai_chat_model
from salesbot.models import Booking, Channel, QuoteRecord
from salesbot.settings import LLMProvider, Settings
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture
def primary() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def secondary() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(model="llama3").start()
    yield server
    server.stop()


OPEN_CLIENTS: list[object] = []


@pytest.fixture(autouse=True)
async def _close_clients() -> AsyncIterator[None]:
    yield
    while OPEN_CLIENTS:
        await OPEN_CLIENTS.pop().close()  # type: ignore[attr-defined]


def model_for(settings: Settings, *servers: FakeOpenAI) -> object:
    models = [
        openai_chat_model(settings, model=s.model, base_url=s.base_url, api_key="sk-test")
        for s in servers
    ]
    OPEN_CLIENTS.extend(m.client for m in models)  # type: ignore[attr-defined]
    return models[0] if len(models) == 1 else FallbackModel(models[0], *models[1:])


async def test_tools_drive_the_brief_and_the_price(
    session: AsyncSession, settings: Settings, primary: FakeOpenAI
) -> None:
    primary.script.extend(
        [
            Step(
                tool="update_brief",
                args={
                    "product": "ai-manager",
                    "users": 30,
                    "integrations": 4,
                    "hosting": "cloud",
                    "sla": "99.5",
                },
            ),
            Step(tool="calculate_quote"),
            Step(text="Рекомендую пакет Оптимум: 887 250 ₽ за внедрение и год поддержки."),
        ]
    )
    brain = LLMBrain(settings, model_for(settings, primary), OfflineBrain(settings))  # type: ignore[arg-type]
    result = await DialogEngine.standalone(settings, brain).handle(
        session,
        InboundMessage(
            Channel.web, "llm-1", "ИИ-Менеджер, 30 человек, 4 интеграции, облако, SLA 99,5"
        ),
    )
    [reply] = result.replies
    assert "887 250 ₽" in reply.text and reply.meta["brain"] == "llm"
    assert reply.meta["usage"]["input_tokens"] == 360 and reply.meta["usage"]["cost_usd"] > 0
    state = result.conversation.state
    assert state["brief"]["users"] == 30 and state["quote_id"]
    quote = await session.get(QuoteRecord, __import__("uuid").UUID(state["quote_id"]))
    assert quote is not None and quote.result["packages"][1]["total"] == "887250"
    # the tool's answer (the engine's price) went back to the model
    tool_messages = [m for m in primary.requests[2]["messages"] if m["role"] == "tool"]
    assert any("887" in m["content"] for m in tool_messages)
    assert state["prompt_variant"] == prompt_variant(result.conversation.id)


async def test_failover_to_the_next_provider(
    session: AsyncSession, settings: Settings, primary: FakeOpenAI, secondary: FakeOpenAI
) -> None:
    primary.script.append(Step(status=500))
    secondary.script.append(Step(text="Здравствуйте! Чем помочь?"))
    brain = LLMBrain(settings, model_for(settings, primary, secondary), OfflineBrain(settings))  # type: ignore[arg-type]
    result = await DialogEngine.standalone(settings, brain).handle(
        session, InboundMessage(Channel.web, "llm-2", "привет")
    )
    assert result.replies[0].text == "Здравствуйте! Чем помочь?"
    assert result.replies[0].meta["usage"]["model"] == "llama3"


async def test_every_provider_down_means_the_offline_brain_answers(
    session: AsyncSession, settings: Settings, primary: FakeOpenAI, secondary: FakeOpenAI
) -> None:
    primary.script.append(Step(status=503))
    secondary.script.append(Step(delay=3, text="слишком поздно"))
    quick = settings.model_copy(update={"llm_timeout_seconds": 1.0})
    brain = LLMBrain(quick, model_for(quick, primary, secondary), OfflineBrain(quick))  # type: ignore[arg-type]
    result = await DialogEngine.standalone(quick, brain).handle(
        session, InboundMessage(Channel.web, "llm-3", "Здравствуйте")
    )
    assert "Нейрокод" in result.replies[0].text  # the offline greeting
    assert result.replies[0].meta["usage"]["brain"] == "offline-fallback"


async def test_provider_chain_from_settings(settings: Settings) -> None:
    assert build_model(settings) is None
    both = settings.model_copy(
        update={
            "llm_provider": LLMProvider.anthropic,
            "openai_api_key": SecretStr("sk-a"),
            "anthropic_api_key": SecretStr("sk-b"),
        }
    )
    model = build_model(both)
    assert isinstance(model, FallbackModel)
    assert [m.system for m in model.models] == ["anthropic", "openai"]
    OPEN_CLIENTS.extend(m.client for m in model.models)  # type: ignore[attr-defined]


def test_every_stage_has_its_prompt() -> None:
    from salesbot.dialog.llm import STAGE_PROMPTS, VARIANTS, _prompt

    for variant in VARIANTS:
        for stage in STAGE_PROMPTS:
            text = _prompt(variant, stage)
            assert "{state}" in text and "Этап" in text


async def test_yandexgpt_is_addressed_by_folder(settings: Settings) -> None:
    yandex = settings.model_copy(
        update={
            "llm_provider": LLMProvider.yandexgpt,
            "yandex_api_key": SecretStr("AQVN-test"),
            "yandex_folder_id": "b1gfolder",
        }
    )
    model = build_model(yandex)
    assert model is not None and model.model_name == "gpt://b1gfolder/yandexgpt/latest"  # type: ignore[attr-defined]
    assert str(model.client.base_url).startswith("https://llm.api.cloud.yandex.net/v1")  # type: ignore[attr-defined]
    OPEN_CLIENTS.append(model.client)  # type: ignore[attr-defined]


async def test_tools_find_a_slot_book_it_and_tell_payment_is_by_invoice(
    session: AsyncSession,
    settings: Settings,
    primary: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuesday = datetime(2026, 12, 8, 14, 20, tzinfo=ZoneInfo("Europe/Moscow"))
    monkeypatch.setattr(booking_service, "utcnow", lambda: tuesday)
    hours = settings.model_copy(update={"working_hours": "10:00-19:00"})
    primary.script.extend(
        [
            Step(tool="free_consultation_slots"),
            Step(tool="book_consultation", args={"start": "2026-12-08T15:30:00+03:00"}),
            Step(tool="payment_link"),
            Step(text="Записал вас на вторник, 15:30. Оплата — по счёту."),
        ]
    )
    brain = LLMBrain(hours, model_for(hours, primary), OfflineBrain(hours))  # type: ignore[arg-type]
    result = await DialogEngine.standalone(hours, brain).handle(
        session, InboundMessage(Channel.web, "llm-booking", "Запишите на созвон сегодня")
    )
    assert "15:30" in result.replies[0].text
    tool_messages = [m["content"] for m in primary.requests[-1]["messages"] if m["role"] == "tool"]
    assert "2026-12-08T15:30:00+03:00" in tool_messages[0]  # the free slots the tool found
    assert "booked" in tool_messages[1]
    assert "calculate the quote first" in tool_messages[2]  # no quote: nothing to pay yet
    booking = await session.scalar(select(Booking))
    assert booking is not None and booking.starts_at == tuesday.replace(hour=15, minute=30)
