"""Changing the embedder re-embeds in the background; the old index serves until the switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from salesbot.db.engine import Database
from salesbot.integrations import embedders
from salesbot.integrations.embedders.hashing import HashingEmbedder
from salesbot.jobs.app import jobs_connected
from salesbot.knowledge.retrieval import Mode
from salesbot.knowledge.service import KnowledgeService
from salesbot.knowledge.text import lemmas
from salesbot.models import KbChunk, KbCollection
from salesbot.settings import Settings, use_settings
from tests.knowledge.conftest import FAQ, INTEGRATIONS, source


@pytest.fixture
def fake_openai() -> Iterator[HashingEmbedder]:
    """Stands in for OpenAI's 1536-d model (an outside SaaS): hashed lemma counts."""
    fake = HashingEmbedder(embedders.OPENAI_NAME, 1536, terms=lemmas)
    embedders._instances[embedders.OPENAI_NAME] = fake
    yield fake
    embedders._instances.pop(embedders.OPENAI_NAME, None)


async def test_switch_embedder_in_background(
    database: Database,
    database_url: str,
    settings: Settings,
    fake_openai: HashingEmbedder,
    clean_db: None,
) -> None:
    use_service = KnowledgeService(settings.model_copy(update={"embedder": "use"}))
    async with database.transaction() as session:
        collection = await use_service.collection(session, "company")
        await use_service.ingest(
            session, collection, [source("a.md", FAQ), source("b.md", INTEGRATIONS)], actor="t"
        )

    openai_settings = settings.model_copy(update={"embedder": "openai"})
    use_settings(openai_settings)
    service = KnowledgeService(openai_settings)
    async with database.transaction() as session:
        assert await service.schedule_reembedding(session, "company")
    async with database.transaction() as session:
        assert not await service.schedule_reembedding(session, "company")  # already queued
        collection = (await session.execute(select(KbCollection))).scalar_one()
        assert (collection.embedder, collection.pending_embedder) == (
            embedders.USE_NAME,
            embedders.OPENAI_NAME,
        )
        # the old index still answers while the job waits
        hits = await service.search(session, "company", "оплатить картой", mode=Mode.dense)
        assert hits[0].document_key == "a.md"

    async with jobs_connected(database_url) as app:
        await app.run_worker_async(wait=False, install_signal_handlers=False, listen_notify=False)

    async with database.transaction() as session:
        collection = (await session.execute(select(KbCollection))).scalar_one()
        assert (collection.embedder, collection.pending_embedder) == (embedders.OPENAI_NAME, None)
        missing = await session.scalar(
            select(func.count()).select_from(KbChunk).where(KbChunk.embedding_1536.is_(None))
        )
        assert missing == 0
        hits = await service.search(session, "company", "оплатить картой", mode=Mode.dense)
        assert hits[0].document_key == "a.md"
    assert fake_openai.calls >= 2  # the job and the query
