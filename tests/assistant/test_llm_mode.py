"""The assistant's LLM mode against a scripted OpenAI-compatible server: the model drives the
same amoCRM operations; when the provider fails, the rules answer and say so."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from salesbot.assistant.amo import AmoWorkspace
from salesbot.assistant.brain import Context, CrmAssistant
from salesbot.assistant.llm import build_crm_agent
from salesbot.db.engine import Database
from salesbot.integrations.crm.amocrm.client import AmoClient
from salesbot.integrations.llm.providers import openai_chat_model
from salesbot.settings import Settings
from tests.assistant.conftest import NOW, seed_deals
from tests.fakes.amocrm_server import USER_ID, FakeAmo
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
async def assistant(
    settings: Settings, connected: FakeAmo, llm: FakeOpenAI, database: Database
) -> AsyncIterator[CrmAssistant]:
    model = openai_chat_model(settings, model=llm.model, base_url=llm.base_url, api_key="sk-test")
    client = AmoClient(settings, database=lambda: database)
    yield CrmAssistant(settings, AmoWorkspace(client, USER_ID), NOW, build_crm_agent(model))
    await client.close()
    await model.client.close()  # type: ignore[attr-defined]


async def test_the_model_searches_deals_and_answers(
    assistant: CrmAssistant, connected: FakeAmo, llm: FakeOpenAI
) -> None:
    found = seed_deals(connected)
    llm.script.extend(
        [
            Step(tool="find_deals", args={"text": "Ромашка"}),
            Step(text="Нашёл две сделки Ромашки: № 1 и № 2."),
        ]
    )
    state: dict[str, object] = {}
    answer = await assistant.answer(state, "глянь сделки по ромашке", Context())
    assert (answer.mode, answer.reply) == ("llm", "Нашёл две сделки Ромашки: № 1 и № 2.")
    tool_result = llm.requests[1]["messages"][-1]["content"]
    assert str(found["first"]["id"]) in tool_result and str(found["second"]["id"]) in tool_result
    assert "Сейчас понедельник 07.12.2026 12:00" in llm.requests[0]["messages"][0]["content"]
    assert state["history"][-1] == {"who": "Ассистент", "text": answer.reply}  # type: ignore[index]


async def test_the_model_creates_a_task_on_the_open_card(
    assistant: CrmAssistant, connected: FakeAmo, llm: FakeOpenAI
) -> None:
    found = seed_deals(connected)
    anna = connected.add_user("Анна Смирнова", "anna@example.ru")
    llm.script.extend(
        [
            Step(
                tool="create_task",
                args={
                    "text": "позвонить клиенту",
                    "due": "2026-12-08T15:00:00+03:00",
                    "responsible": "Анна",
                },
            ),
            Step(text="Готово."),
        ]
    )
    card = Context("lcard", "leads", found["first"]["id"])
    answer = await assistant.answer({}, "закинь Анне задачу позвонить клиенту завтра в 15", card)
    assert answer.mode == "llm"
    [task] = connected.tasks
    assert task["responsible_user_id"] == anna["id"] and task["entity_id"] == found["first"]["id"]
    assert datetime.fromtimestamp(task["complete_till"], UTC) == datetime(
        2026, 12, 8, 12, 0, tzinfo=UTC
    )


async def test_when_the_provider_fails_the_rules_answer(
    assistant: CrmAssistant, connected: FakeAmo, llm: FakeOpenAI
) -> None:
    seed_deals(connected)
    llm.script.extend([Step(status=500)] * 4)
    answer = await assistant.answer({}, "найди контакт Петрова", Context())
    assert answer.mode == "rules" and "Контакт «Ольга Петрова»" in answer.reply
