"""The passages an answer relied on, kept in the reply's metadata (the LLM brain; the
offline brain's are tested through the inbox in tests/conversations/test_inbox.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.types import InboundMessage
from salesbot.db.engine import Database
from salesbot.dialog.engine import DialogEngine
from salesbot.dialog.llm import LLMBrain
from salesbot.dialog.offline import OfflineBrain
from salesbot.dialog.sources import excerpt
from salesbot.integrations.llm.providers import openai_chat_model
from salesbot.models import Channel
from salesbot.settings import Settings
from tests.conftest import ingest_sample_kb
from tests.fakes.openai_server import FakeOpenAI, Step


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


async def _turn(settings: Settings, session: AsyncSession, fake: FakeOpenAI, answer: str) -> dict:
    fake.script.extend(
        [Step(tool="search_knowledge", args={"query": "интеграция с Bitrix24"}), Step(text=answer)]
    )
    model = openai_chat_model(settings, model=fake.model, base_url=fake.base_url, api_key="sk-test")
    try:
        brain = LLMBrain(settings, model, OfflineBrain(settings))
        result = await DialogEngine.standalone(settings, brain).handle(
            session, InboundMessage(Channel.web, "src-1", "С Битриксом работаете?")
        )
    finally:
        await model.client.close()  # type: ignore[attr-defined]
    [reply] = result.replies
    return reply.meta


class TestLLMSources:
    async def test_the_cited_document_is_kept(
        self,
        clean_db: None,  # first, so it empties the tables after the session has ended
        session: AsyncSession,
        settings: Settings,
        database: Database,
        fake: FakeOpenAI,
    ) -> None:
        await ingest_sample_kb(database, settings)
        meta = await _turn(
            settings,
            session,
            fake,
            "Да, Bitrix24 поддерживается из коробки (источник: Частые вопросы об интеграциях).",
        )
        sources = meta["sources"]
        assert sources and {s["document"] for s in sources} == {"faq/integracii.md"}
        assert all(len(s["excerpt"]) <= 300 and s["category"] == "faq" for s in sources)
        assert meta["context_used"]  # what the model was given is still listed

    async def test_without_a_citation_every_given_passage_is_kept(
        self,
        clean_db: None,  # first, so it empties the tables after the session has ended
        session: AsyncSession,
        settings: Settings,
        database: Database,
        fake: FakeOpenAI,
    ) -> None:
        await ingest_sample_kb(database, settings)
        meta = await _turn(settings, session, fake, "Да, с Bitrix24 работаем.")
        assert 1 <= len(meta["sources"]) <= 3
        assert len({s["document"] for s in meta["sources"]}) >= 1

    async def test_no_search_no_sources(
        self, session: AsyncSession, settings: Settings, fake: FakeOpenAI
    ) -> None:
        fake.script.append(Step(text="Здравствуйте! Чем помочь?"))
        model = openai_chat_model(
            settings, model=fake.model, base_url=fake.base_url, api_key="sk-test"
        )
        try:
            brain = LLMBrain(settings, model, OfflineBrain(settings))
            result = await DialogEngine.standalone(settings, brain).handle(
                session, InboundMessage(Channel.web, "src-2", "привет")
            )
        finally:
            await model.client.close()  # type: ignore[attr-defined]
        assert "sources" not in result.replies[0].meta


def test_excerpts_are_cut_on_a_word() -> None:
    text = "слово " * 100
    cut = excerpt(text)
    assert len(cut) <= 300 and cut.endswith("слово…")
    assert excerpt("  коротко  и\nясно ") == "коротко и ясно"
