from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.errors import NotFound
from salesbot.knowledge.retrieval import Mode
from salesbot.knowledge.service import KnowledgeService
from salesbot.models import KbChunk, KbCollection, KbEmbeddingCache
from tests.knowledge.conftest import FAQ, INTEGRATIONS, make_docx, make_pdf, md, source


async def _keys(
    knowledge: KnowledgeService, session: AsyncSession, query: str, **kwargs: object
) -> list[str]:
    hits = await knowledge.search(session, "test-kb", query, **kwargs)  # type: ignore[arg-type]
    return [h.document_key for h in hits]


class TestIngest:
    async def test_every_file_type_becomes_searchable(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        files = [
            source("faq/oplata.md", FAQ),
            source(
                "notes/garantiya.txt", md("Гарантия на доработки составляет 12 месяцев."), "notes"
            ),
            source(
                "web/podderzhka.html",
                md("<h1>Поддержка</h1><p>Дежурный инженер отвечает ночью.</p>"),
                "web",
            ),
            source(
                "docs/reglament.docx",
                make_docx("Регламент", [("Обучение", "Проводим вебинар для операторов.")]),
                "docs",
            ),
            source(
                "docs/vozvrat.pdf",
                make_pdf("<h1>Возврат</h1><p>Деньги возвращаем за 14 дней.</p>"),
                "docs",
            ),
        ]
        results = await knowledge.ingest(session, collection, files, actor="test")
        assert [r.status for r in results] == ["added"] * 5
        assert (await _keys(knowledge, session, "гарантия на доработки"))[
            0
        ] == "notes/garantiya.txt"
        assert (await _keys(knowledge, session, "кто отвечает ночью"))[0] == "web/podderzhka.html"
        assert (await _keys(knowledge, session, "вебинар для операторов"))[
            0
        ] == "docs/reglament.docx"
        assert (await _keys(knowledge, session, "через сколько вернут деньги"))[
            0
        ] == "docs/vozvrat.pdf"
        hit = (await knowledge.search(session, "test-kb", "оплатить картой", k=1))[0]
        assert hit.section == "Частые вопросы об оплате › Можно ли оплатить картой?"
        assert hit.citation == "Частые вопросы об оплате — Можно ли оплатить картой?"
        assert hit.category == "faq"

    async def test_bad_files_are_reported_and_the_rest_ingested(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        results = await knowledge.ingest(
            session,
            collection,
            [source("bad.pdf", b"%PDF-1.7 garbage"), source("ok.md", FAQ), source("x.exe", b"MZ")],
            actor="test",
        )
        assert [r.status for r in results] == ["failed", "added", "failed"]
        assert "PDF" in (results[0].error or "") and "тип" in (results[2].error or "")
        assert set(await _keys(knowledge, session, "рассрочка")) == {"ok.md"}


class TestVersions:
    async def test_unchanged_skipped_changed_versioned_and_restorable(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        first = await knowledge.ingest(
            session, collection, [source("faq/oplata.md", FAQ)], actor="t"
        )
        same = await knowledge.ingest(
            session, collection, [source("faq/oplata.md", FAQ)], actor="t"
        )
        assert (first[0].status, same[0].status) == ("added", "unchanged")
        changed = FAQ.replace("Рассрочки нет".encode(), "Рассрочка есть на 6 месяцев".encode())
        second = await knowledge.ingest(
            session, collection, [source("faq/oplata.md", changed)], actor="t"
        )
        assert (second[0].status, second[0].version) == ("updated", 2)
        hits = await knowledge.search(session, "test-kb", "рассрочка", k=5)
        assert any("6 месяцев" in h.text for h in hits) and not any(
            "Рассрочки нет" in h.text for h in hits
        )

        [document] = await knowledge.documents(session, collection)
        assert [v.number for v in await knowledge.versions(session, document)] == [2, 1]
        await knowledge.restore(session, collection, document, 1, actor="admin@example.com")
        hits = await knowledge.search(session, "test-kb", "рассрочка", k=5)
        assert any("Рассрочки нет" in h.text for h in hits)
        actions = [(c.action, c.version) for c in await knowledge.changes(session, document)]
        assert actions == [("added", 1), ("updated", 2), ("restored", 1)]
        with pytest.raises(NotFound):
            await knowledge.restore(session, collection, document, 9, actor="t")

    async def test_deleted_documents_leave_search_and_can_come_back(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        await knowledge.ingest(
            session, collection, [source("a.md", FAQ), source("b.md", INTEGRATIONS)], actor="t"
        )
        gone = await knowledge.deactivate_missing(
            session, collection, prefix="", seen={"a.md"}, actor="sync"
        )
        assert gone == ["b.md"]
        assert "b.md" not in await _keys(knowledge, session, "amoCRM сделки")
        back = await knowledge.ingest(
            session, collection, [source("b.md", INTEGRATIONS)], actor="t"
        )
        assert back[0].status == "reactivated"
        assert (await _keys(knowledge, session, "amoCRM сделки"))[0] == "b.md"

    async def test_embeddings_are_cached_by_content(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        await knowledge.ingest(session, collection, [source("a.md", FAQ)], actor="t")
        cached = await session.scalar(select(func.count()).select_from(KbEmbeddingCache))
        await knowledge.ingest(session, collection, [source("copy.md", FAQ)], actor="t")
        assert await session.scalar(select(func.count()).select_from(KbEmbeddingCache)) == cached
        vectors = (
            (
                await session.execute(
                    select(KbChunk.embedding_512).where(
                        KbChunk.is_live, KbChunk.collection_id == collection.id
                    )
                )
            )
            .scalars()
            .all()
        )
        assert len(vectors) == 4 and all(v is not None for v in vectors)  # 2 files × 2 sections


class TestSearch:
    async def test_modes_categories_and_cache_invalidation(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        await knowledge.ingest(
            session,
            collection,
            [
                source("faq/oplata.md", FAQ),
                source("services/integracii.md", INTEGRATIONS, "services"),
            ],
            actor="t",
        )
        for mode in Mode:
            assert (await _keys(knowledge, session, "интеграция с амо", mode=mode))[
                0
            ] == "services/integracii.md"
        assert await _keys(knowledge, session, "амо", category="faq", mode=Mode.lexical) == []
        before = await knowledge.search(session, "test-kb", "бот в телеге", k=3)
        assert before is await knowledge.search(
            session, "test-kb", "бот в телеге", k=3
        )  # served from cache
        updated = INTEGRATIONS.replace("круглосуточно".encode(), "с 9 до 18".encode())
        await knowledge.ingest(
            session, collection, [source("services/integracii.md", updated, "services")], actor="t"
        )
        after = await knowledge.search(session, "test-kb", "бот в телеге", k=3)
        assert after is not before
        assert any("с 9 до 18" in h.text for h in after)

    async def test_typos_and_colloquial_words(
        self, session: AsyncSession, knowledge: KnowledgeService, collection: KbCollection
    ) -> None:
        await knowledge.ingest(
            session,
            collection,
            [source("faq/oplata.md", FAQ), source("i.md", INTEGRATIONS)],
            actor="t",
        )
        assert (await _keys(knowledge, session, "расрочка", mode=Mode.lexical))[
            0
        ] == "faq/oplata.md"
        assert (await _keys(knowledge, session, "телега", mode=Mode.lexical))[0] == "i.md"

    async def test_unknown_collection_and_bad_queries(
        self, session: AsyncSession, knowledge: KnowledgeService
    ) -> None:
        assert await knowledge.search(session, "missing", "что угодно") == []
        with pytest.raises(Exception, match="Пустой"):
            await knowledge.search(session, "missing", "   ")
