"""An LLM answer streams as drafts while the model writes it, through the real client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.types import InboundMessage
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.models import Channel
from salesbot.settings import Settings
from tests.dialog.test_llm import _close_clients, model_for  # noqa: F401 (a fixture)
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


ANSWER = (
    "Здравствуйте! ИИ-Менеджер отвечает клиентам круглосуточно, квалифицирует их и передаёт "
    "заявки в amoCRM. Расскажите, сколько человек будет с ним работать?"
)


async def test_drafts_grow_until_the_final_answer(
    session: AsyncSession, settings: Settings, server: FakeOpenAI
) -> None:
    server.script.extend(
        [
            Step(tool="search_knowledge", args={"query": "что умеет ИИ-Менеджер"}),
            Step(text=ANSWER, chunk_delay=0.03),
        ]
    )
    brain = LLMBrain(settings, model_for(settings, server), OfflineBrain(settings))  # type: ignore[arg-type]
    engine = DialogEngine.standalone(settings, brain)
    inbound = InboundMessage(Channel.web, "stream-1", "Что умеет ваш ИИ-Менеджер?")
    drafts: list[str] = []

    async def on_draft(text: str) -> None:
        drafts.append(text)

    received = await engine.receive(session, inbound)
    result = await engine.respond(session, received.conversation.id, on_draft=on_draft)

    [reply] = result.replies
    assert reply.text.strip() == ANSWER
    assert len(drafts) >= 3  # 20 words at 30 ms, shown at most every 100 ms
    assert all(ANSWER.startswith(d.strip()) for d in drafts)
    assert [len(d) for d in drafts] == sorted(len(d) for d in drafts)
    assert all(r.get("stream") for r in server.requests)
